"""What each attestation says: titles, references, état civil, clauses (docs/attestations.md),
the 2D-DOC fields and the MRZ band, computed once from the request into a JSON-able `donnees`
dict. The PDF is rendered from `donnees` alone, so a stored version can always be explained.

Texts are the service's official French wording; they are not translated.
"""

import datetime
import re
from decimal import Decimal

from django.utils import timezone, translation
from django_countries.fields import Country

from anef.nationalites import nationalite_adjectif
from attestations import deuxddoc
from attestations.models import CODE_6J, NATURE_MRZ, TypeAttestation
from attestations.regles import Periode

TITRE_SEJOUR = "TITRE DE SÉJOUR"
INFORMATION = (
    "Vous serez informé(e) de l'avancement et de la suite donnée à votre démarche par un "
    "courrier électronique vous invitant à vous connecter à votre espace personnel."
)
SCHENGEN_OUI = "Ce document autorise le franchissement des frontières de l'espace Schengen."
SCHENGEN_NON = "Ce document n'autorise pas le franchissement des frontières de l'espace Schengen."
ENCADRE_PROTECTION = {
    "subsidiaire": "A OBTENU LE BÉNÉFICE DE LA PROTECTION SUBSIDIAIRE",
    "refugie": "A OBTENU LE STATUT DE RÉFUGIÉ",
}
PREFIXES_FICHIER = {
    TypeAttestation.DEPOT: "CONFIRMATION_DEPOT",
    TypeAttestation.PROLONGATION: "ATTESTATION_PROLONGATION_INSTRUCTION",
    TypeAttestation.DECISION_FAVORABLE: "ATTESTATION_DECISION_FAVORABLE",
}


def jj_mm_aaaa(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def _p(texte: str, gras: bool = False) -> dict:
    return {"texte": texte, "gras": gras}


def _pays(code: str) -> str:
    with translation.override("fr"):
        return str(Country(code=code).name or code).upper()


def _alpha2(code: str) -> str:
    code = (code or "").upper()
    return code if re.fullmatch(r"[A-Z]{2}", code) else "XX"


def _alpha3(code: str) -> str:
    return Country(code=code).alpha3 or "XXX"


def _identifiant(demande, document) -> tuple[str, str]:
    numero = demande.usager.numero_etranger or (document.numero_etranger if document else "")
    if numero:
        return "Identifiant (N° étranger)", numero
    return "Identifiant (N° de visa)", document.numero if document else demande.usager.identifiant


def _adresse(personnel: dict) -> tuple[str, str, str, str]:
    """(numéro et voie, complément, code postal, commune) as typed at step 1."""
    voie = " ".join(
        str(personnel.get(k) or "").strip() for k in ("numero_voie", "voie") if personnel.get(k)
    )
    return (
        voie,
        str(personnel.get("complement") or "").strip(),
        str(personnel.get("code_postal") or "").strip(),
        str(personnel.get("ville") or "").strip(),
    )


def _base(demande, type_: str, emise_le: datetime.date, fin_validite) -> dict:
    """References, état civil, 2D-DOC fields and MRZ common to every attestation."""
    document = demande.document_actuel
    if document is None:
        raise ValueError("demande sans document de séjour : état civil inconnu")
    personnel = demande.saisie.get("personnel", {})
    libelle_id, identifiant = _identifiant(demande, document)
    nom_usage = str(personnel.get("nom_usage") or "").strip()
    voie, complement, code_postal, ville = _adresse(personnel)
    adresse = " ".join(p for p in (voie, complement, code_postal, ville, "FRANCE") if p).upper()
    # The civil date in Paris: a deposit at 00:30 is 22:30 UTC the day before.
    depot = timezone.localdate(demande.deposee_le) if demande.deposee_le else emise_le
    etat_civil = [["Nom de naissance", document.nom_naissance.upper()]]
    if nom_usage:
        etat_civil.append(["Nom d'usage", nom_usage.upper()])
    etat_civil += [
        ["Prénom(s)", document.prenoms.upper()],
        ["Né(e) le", jj_mm_aaaa(document.date_naissance)],
        ["À", f"{document.lieu_naissance.upper()}, {_pays(document.pays_naissance.code)}"],
        ["Nationalité", nationalite_adjectif(document.nationalite.code)],
        ["Adresse", adresse],
    ]
    t = deuxddoc.transliterate
    prenoms = "/".join(t(p) for p in re.split(r"[\s,]+", document.prenoms) if t(p))
    nom = t(document.nom_naissance)
    champs = {
        "6J": CODE_6J[type_],
        "6K": demande.numero,
        "6L": deuxddoc.jjmmaaaa(depot),
        "6P": "",
        "6Q": t(demande.usager.numero_etranger or document.numero_etranger or ""),
        "62": nom,
        "63": t(nom_usage) or nom,
        "60": prenoms,
        "68": document.sexe if document.sexe in ("M", "F") else "",
        "69": deuxddoc.jjmmaaaa(document.date_naissance),
        "6A": t(document.lieu_naissance),
        "6C": _alpha2(document.pays_naissance.code),
        "67": _alpha2(document.nationalite.code),
        "6U": t(voie),
        "6W": code_postal if re.fullmatch(r"\d{5}", code_postal) else "00000",
        "6X": t(ville),
    }
    if document.mention or document.motif:
        champs["6M"] = t(document.mention or document.motif)
    mrz = {
        "nature": NATURE_MRZ[type_],
        "identifiant": identifiant,
        "numero_demande": demande.numero,
        "nom": document.nom_naissance,
        "prenoms": document.prenoms,
        "date_naissance": document.date_naissance.strftime("%y%m%d"),
        "nationalite": _alpha3(document.nationalite.code),
        "fin_validite": fin_validite.strftime("%y%m%d") if fin_validite else None,
    }
    return {
        "type": str(type_),
        "references": [
            [libelle_id, identifiant],
            ["N° de la demande", demande.numero],
            ["DATE D'ÉMISSION", jj_mm_aaaa(emise_le)],
        ],
        "encadre": "",
        "etat_civil": etat_civil,
        "champs_2ddoc": champs,
        "mrz": mrz,
        "emise_le": emise_le.isoformat(),
        "date_depot": depot.isoformat(),
        "identifiant": identifiant,
    }


def _validite(champs: dict, periode: Periode) -> None:
    champs["6N"] = deuxddoc.jjmmaaaa(periode.debut)
    champs["6O"] = deuxddoc.jjmmaaaa(periode.fin)


def _ordonner(donnees: dict) -> dict:
    """The 2D-DOC fields in the ANTS specimen's order, the optional ones last."""
    ordre = "6J 6K 6L 6P 6Q 62 63 60 68 69 6A 6C 67 6U 6W 6X 6M 6N 6O 6Y".split()
    champs = donnees["champs_2ddoc"]
    champs["6Y"] = "FR"
    donnees["champs_2ddoc"] = {di: champs[di] for di in ordre if di in champs}
    return donnees


def depot(demande, *, emise_le: datetime.date) -> dict:
    """Confirmation du dépôt d'une [première] demande de [renouvellement de] titre de séjour."""
    donnees = _base(demande, TypeAttestation.DEPOT, emise_le, None)
    objet = (
        f"D'UNE DEMANDE DE RENOUVELLEMENT DE {TITRE_SEJOUR}"
        if demande.renouvellement
        else f"D'UNE PREMIÈRE DEMANDE DE {TITRE_SEJOUR}"
    )
    donnees["titre"] = ["CONFIRMATION DU DÉPÔT", objet]
    date = jj_mm_aaaa(datetime.date.fromisoformat(donnees["date_depot"]))
    donnees["paragraphes"] = [
        _p(
            f"Le {date}, vous avez déposé avec succès une demande de titre de séjour qui sera "
            "examinée par la préfecture compétente."
        ),
        _p("Ce document constitue la preuve de dépôt de votre demande.", True),
        _p(
            "Il ne constitue pas une preuve de régularité du séjour et ne permet pas l'ouverture "
            "de droits associés à un séjour régulier.",
            True,
        ),
        _p(SCHENGEN_NON, True),
        _p(INFORMATION),
    ]
    return _ordonner(donnees)


def prolongation(
    demande, *, emise_le: datetime.date, periode: Periode, protection: str | None = None
) -> dict:
    """ADP: three wordings (docs/attestations.md) — a beneficiary of international protection
    (`protection`: "refugie" or "subsidiaire", said by the caller from the request's motif),
    renewal, first request (no Schengen travel, no new rights)."""
    donnees = _base(demande, TypeAttestation.PROLONGATION, emise_le, periode.fin)
    depot_le = jj_mm_aaaa(datetime.date.fromisoformat(donnees["date_depot"]))
    du, au = jj_mm_aaaa(periode.debut), jj_mm_aaaa(periode.fin)
    _validite(donnees["champs_2ddoc"], periode)
    if protection is not None:
        donnees["variante"] = "protection"
        donnees["protection"] = protection
        donnees["titre"] = [
            "ATTESTATION DE PROLONGATION D'INSTRUCTION",
            f"D'UNE DEMANDE DE {TITRE_SEJOUR}",
        ]
        donnees["encadre"] = ENCADRE_PROTECTION.get(protection, ENCADRE_PROTECTION["subsidiaire"])
        donnees["champs_2ddoc"]["6P"] = "AUTORISE A TRAVAILLER"
        donnees["paragraphes"] = [
            _p(
                f"Le {depot_le}, vous avez déposé une demande de titre de séjour qui est en cours "
                "d'examen par la préfecture compétente."
            ),
            _p(
                f"Cette attestation justifie de la régularité de votre séjour en France entre le "
                f"{du} et le {au}."
            ),
            _p(
                "Elle vous permet d'exercer une activité professionnelle sur le territoire "
                "métropolitain ou dans la collectivité d'outre-mer qui vous l'a délivrée, "
                "conformément aux articles L. 414-10 et R. 431-15-4 du code de l'entrée et du "
                "séjour des étrangers et du droit d'asile dans le cadre de la législation en "
                "vigueur."
            ),
            _p(SCHENGEN_OUI, True),
            _p(INFORMATION),
        ]
        return _ordonner(donnees)
    donnees["references"][2] = ["Validité", f"du {du} au {au}"]
    debut = [
        _p(
            f"La demande de titre de séjour que vous avez déposée le {depot_le} est toujours en "
            "cours d'instruction."
        ),
        _p(
            f"Cette attestation vous est délivrée pour autoriser votre présence en France entre "
            f"le {du} et le {au}."
        ),
    ]
    if demande.renouvellement:
        donnees["variante"] = "renouvellement"
        donnees["titre"] = [
            "ATTESTATION DE PROLONGATION D'INSTRUCTION",
            f"D'UNE DEMANDE DE RENOUVELLEMENT DE {TITRE_SEJOUR}",
        ]
        donnees["champs_2ddoc"]["6P"] = "MAINTIEN DES DROITS DU TITRE PRECEDENT"
        donnees["paragraphes"] = debut + [
            _p(
                "Cette attestation n'est valable qu'accompagnée du titre précédemment détenu même "
                "s'il est arrivé à expiration.",
                True,
            ),
            _p(
                "Ce document justifie le maintien de l'ensemble des droits ouverts en raison du "
                "titre de séjour précédemment détenu. Si ce titre permettait d'exercer une "
                "activité professionnelle, celle-ci peut se poursuivre pendant la durée de "
                "validité de cette attestation. Elle ne permet pas l'ouverture de droits nouveaux."
            ),
            _p(SCHENGEN_OUI, True),
        ]
    else:
        donnees["variante"] = "premiere"
        donnees["titre"] = [
            "ATTESTATION DE PROLONGATION D'INSTRUCTION",
            f"D'UNE PREMIÈRE DEMANDE DE {TITRE_SEJOUR}",
        ]
        donnees["paragraphes"] = debut + [
            _p(
                "Elle ne permet pas d'acquérir de nouveaux droits, sauf exception mentionnée sur "
                "ce document."
            ),
            _p(
                "Ce document n'autorise pas à voyager ni à entrer dans l'espace Schengen, quel "
                "que soit le point d'entrée.",
                True,
            ),
            _p(INFORMATION),
        ]
    return _ordonner(donnees)


def protection_emise(donnees: dict) -> str | None:
    """The protection an ADP was issued with (None: not the protection wording); versions
    issued before it was stored are read from their encadré."""
    if donnees.get("variante") != "protection":
        return None
    if donnees.get("protection"):
        return donnees["protection"]
    for protection, encadre in ENCADRE_PROTECTION.items():
        if encadre == donnees.get("encadre"):
            return protection
    return "subsidiaire"


def montant_euros(montant: Decimal | int) -> str:
    montant = Decimal(montant)
    if montant == montant.to_integral_value():
        return f"{int(montant)}"
    return f"{montant:.2f}".replace(".", ",")


def decision_favorable(
    demande,
    *,
    emise_le: datetime.date,
    type_carte: str,
    date_debut: datetime.date,
    date_fin: datetime.date,
    mention: str,
    montant_taxe: Decimal | int,
    autorise_travail: bool,
    a_titre_accessoire: bool = False,
) -> dict:
    """ADF (docs/attestations.md). `a_titre_accessoire`: the work
    clause says « à titre accessoire » (the request's motif says so)."""
    donnees = _base(demande, TypeAttestation.DECISION_FAVORABLE, emise_le, date_fin)
    objet = "RENOUVELLEMENT DE " if demande.renouvellement else ""
    donnees["titre"] = [
        "ATTESTATION DE DÉCISION FAVORABLE",
        f"SUR UNE DEMANDE DE {objet}{TITRE_SEJOUR}",
    ]
    champs = donnees["champs_2ddoc"]
    _validite(champs, Periode(date_debut, date_fin))
    champs["6M"] = deuxddoc.transliterate(f"{type_carte} {mention}")
    if autorise_travail:
        champs["6P"] = "AUTORISE A TRAVAILLER" + (
            " A TITRE ACCESSOIRE" if a_titre_accessoire else ""
        )
    portant = f" portant la mention {mention}" if mention else ""
    paragraphes = [
        _p(
            f"Le {jj_mm_aaaa(emise_le)}, une décision favorable a été prise à la suite de votre "
            "demande d'admission au séjour."
        ),
        _p(
            f"Une {type_carte}, valable du {jj_mm_aaaa(date_debut)} au {jj_mm_aaaa(date_fin)}"
            f"{portant}, va vous être délivrée. Elle est actuellement en cours de fabrication."
        ),
    ]
    if demande.renouvellement:
        paragraphes.append(
            _p(
                "Cette attestation n'est valable qu'accompagnée du visa de long séjour ou du titre "
                "précédemment détenu.",
                True,
            )
        )
    if autorise_travail:
        suffixe = " à titre accessoire" if a_titre_accessoire else ""
        paragraphes.append(_p(f"Ce document autorise son titulaire à travailler{suffixe}."))
    if demande.renouvellement:
        paragraphes.append(_p(SCHENGEN_OUI, True))
    paragraphes.append(
        _p(
            "Vous serez prochainement informé(e) de la réception en préfecture ou sous-préfecture "
            "de votre titre et des démarches à faire pour venir le retirer. Vous devrez à cette "
            f"occasion vous acquitter de {montant_euros(montant_taxe)} € correspondant au montant "
            "des taxes que vous réglerez par timbre électronique acheté au préalable en ligne, "
            "dans un bureau de tabac ou sur les bornes installées dans certains services fiscaux."
        )
    )
    donnees["paragraphes"] = paragraphes
    donnees["decision"] = {
        "type_carte": type_carte,
        "mention": mention,
        "date_debut": date_debut.isoformat(),
        "date_fin": date_fin.isoformat(),
        "montant_taxe": str(montant_taxe),
        "autorise_travail": autorise_travail,
        "a_titre_accessoire": a_titre_accessoire,
    }
    return _ordonner(donnees)


def nom_fichier(type_: str, identifiant: str, emise_le: datetime.date, version: int) -> str:
    """As the service names them: ATTESTATION_PROLONGATION_INSTRUCTION_<identifiant>_<AAAAMMJJ>.pdf;
    a correction adds _V<n>."""
    ident = re.sub(r"[^A-Za-z0-9]", "", identifiant)[:20] or "SANS_IDENTIFIANT"
    suffixe = f"_V{version}" if version > 1 else ""
    return f"{PREFIXES_FICHIER[type_]}_{ident}_{emise_le:%Y%m%d}{suffixe}.pdf"
