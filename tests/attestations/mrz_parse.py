"""Reads an attestation's MRZ band back, checking every check digit: the tests' reader of what
`attestations.mrz` writes (the service itself never reads a band)."""

import re

from attestations import mrz

_CHARSET = re.compile(r"[A-Z0-9<]*")


def _check(group: str, value: str, digit: str) -> None:
    if mrz.check_digit(value) != digit:
        raise ValueError(f"chiffre de contrôle erroné : {group}")


def parse_mrz(lines: list[str]) -> dict:
    """Read a band back, checking every check digit (ValueError names the failing group)."""
    if len(lines) != 3 or any(len(line) != mrz.LINE_LENGTH for line in lines):
        raise ValueError("trois lignes de 30 caractères attendues")
    if not all(_CHARSET.fullmatch(line) for line in lines):
        raise ValueError("caractère hors du jeu MRZ")
    line1, line2, line3 = lines
    if line1[0] != mrz.MARK or line1[1:4] not in mrz.NATURES:
        raise ValueError("ce n'est pas une bande d'attestation")
    ident, numero = line1[4:16], line1[17:30] + line2[0:6]
    naissance, fin = line2[7:13], line2[17:23]
    if not (numero.isdigit() and naissance.isdigit() and (fin == mrz.NO_DATE or fin.isdigit())):
        raise ValueError("chiffres attendus : numero_demande, date_naissance, fin_validite")
    _check("identifiant", ident, line1[16])
    _check("numero_demande", numero, line2[6])
    _check("date_naissance", naissance, line2[13])
    _check("fin_validite", fin, line2[23])
    _check("composite", line1[1:] + line2[:29], line2[29])
    nom, _, prenoms = line3.partition("<<")
    return {
        "nature": line1[1:4],
        "identifiant": ident.rstrip("<"),
        "numero_demande": numero,
        "date_naissance": naissance,
        "nationalite": line2[14:17],
        "fin_validite": None if fin == mrz.NO_DATE else fin,
        "nom": nom.replace("<", " ").strip(),
        "prenoms": " ".join(prenoms.replace("<", " ").split()),
    }
