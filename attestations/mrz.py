"""The "BANDE MRZ" printed at the bottom of each attestation.

Pure module (no Django import). Three lines of 30 characters in the ICAO 9303 TD1 character set
(A–Z, 0–9, "<" filler) with ICAO check digits (weights 7-3-1, modulo 10; A=10 … Z=35, "<"=0),
holding the attestation's own references. It is not a travel document's code and is laid out
so that no reader can take it for one: every ICAO machine-readable document starts line 1 with
its document code P, V, A, C or I; ours starts with "X", a letter no such code uses, followed
by the attestation's nature, and its second line does not follow TD1's (birth date at 1–6).

| line | positions | content                                                        |
|------|-----------|----------------------------------------------------------------|
| 1    | 1         | "X": an attestation, not a travel document                     |
| 1    | 2–4       | nature: DEP (dépôt), ADP (prolongation), ADF (décision fav.)   |
| 1    | 5–16      | identifiant: N° étranger (AGDREF) or N° de visa, "<"-filled    |
| 1    | 17        | check digit of 5–16                                            |
| 1    | 18–30     | N° de la demande, digits 1–13                                  |
| 2    | 1–6       | N° de la demande, digits 14–19                                 |
| 2    | 7         | check digit of the 19 digits of the N° de la demande           |
| 2    | 8–13      | date de naissance YYMMDD (unknown day/month: 00)               |
| 2    | 14        | check digit of 8–13                                            |
| 2    | 15–17     | nationalité, ISO 3166-1 alpha-3                                |
| 2    | 18–23     | fin de validité YYMMDD, "<<<<<<" when the attestation has none |
| 2    | 24        | check digit of 18–23 ("0" for "<<<<<<")                        |
| 2    | 25–29     | "<<<<<" (reserved)                                             |
| 2    | 30        | composite check digit: line 1 pos. 2–30 + line 2 pos. 1–29     |
| 3    | 1–30      | NOM<<PRENOMS, "<"-filled                                       |

Names are transliterated like the 2D-DOC (accents stripped, Œ→OE); spaces, hyphens,
apostrophes and the "/" between prénoms become a single "<". The nom keeps at most 28
characters, then "<<", then the prénoms fill what is left of the 30 and are cut there.
"""

from __future__ import annotations

import datetime
import re

from attestations.deuxddoc import transliterate

LINE_LENGTH = 30
NATURES = ("DEP", "ADP", "ADF")
MARK = "X"
NO_DATE = "<<<<<<"

_VALUES = {
    **{str(d): d for d in range(10)},
    **{chr(ord("A") + i): 10 + i for i in range(26)},
    "<": 0,
}
_WEIGHTS = (7, 3, 1)


def check_digit(value: str) -> str:
    """ICAO 9303 check digit: weights 7, 3, 1 repeated; digits, A=10 … Z=35, "<"=0; mod 10."""
    try:
        total = sum(_VALUES[c] * _WEIGHTS[i % 3] for i, c in enumerate(value))
    except KeyError as exc:
        raise ValueError(f"caractère hors du jeu MRZ : {exc.args[0]!r}") from None
    return str(total % 10)


def _mrz_text(value: str) -> str:
    """Transliterated text with every separator as "<"."""
    return "<".join(transliterate(value).replace("/", " ").split())


def _yymmdd(value: datetime.date | str, name: str) -> str:
    if isinstance(value, datetime.date):
        return value.strftime("%y%m%d")
    if not re.fullmatch(r"\d{6}", value):
        raise ValueError(f"{name} : AAMMJJ attendu")
    return value


def _name_line(nom: str, prenoms: str) -> str:
    nom_part = _mrz_text(nom)[: LINE_LENGTH - 2]
    line = nom_part + "<<" + _mrz_text(prenoms)
    return line[:LINE_LENGTH].ljust(LINE_LENGTH, "<")


def mrz_lines(
    *,
    nature: str,
    identifiant: str,
    numero_demande: str,
    nom: str,
    prenoms: str,
    date_naissance: datetime.date | str,
    nationalite: str,
    fin_validite: datetime.date | str | None = None,
) -> list[str]:
    """The three 30-character lines of the band (layout in the module docstring)."""
    if nature not in NATURES:
        raise ValueError(f"nature : {', '.join(NATURES)} attendu")
    ident = _mrz_text(identifiant)
    if not ident or len(ident) > 12:
        raise ValueError("identifiant : 1 à 12 caractères attendus")
    ident = ident.ljust(12, "<")
    if not re.fullmatch(r"\d{19}", numero_demande):
        raise ValueError("numero_demande : 19 chiffres attendus")
    if not re.fullmatch(r"[A-Z]{3}", nationalite):
        raise ValueError("nationalite : code ISO alpha-3 attendu")
    naissance = _yymmdd(date_naissance, "date_naissance")
    fin = NO_DATE if fin_validite is None else _yymmdd(fin_validite, "fin_validite")

    line1 = MARK + nature + ident + check_digit(ident) + numero_demande[:13]
    line2 = (
        numero_demande[13:]
        + check_digit(numero_demande)
        + naissance
        + check_digit(naissance)
        + nationalite
        + fin
        + check_digit(fin)
        + "<<<<<"
    )
    line2 += check_digit(line1[1:] + line2)
    return [line1, line2, _name_line(nom, prenoms)]
