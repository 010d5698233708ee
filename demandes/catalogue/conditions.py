"""Small predicates the catalogue entries share (answers → yes/no)."""

import datetime
import enum
from decimal import Decimal

from django.utils import timezone

from demandes import regles
from demandes.catalogue.options import SITUATIONS_EN_COUPLE


def age(saisie, le: datetime.date | None = None) -> int | None:
    document = getattr(saisie.demande, "document_actuel", None)
    if document is None:
        return None
    le = le or timezone.localdate()
    naissance = document.date_naissance
    return le.year - naissance.year - ((le.month, le.day) < (naissance.month, naissance.day))


def est_mineur(saisie) -> bool:
    value = age(saisie)
    return value is not None and value < 18


def est_emancipe(saisie) -> bool:
    return bool(saisie.get("personnel", "mineur_emancipe"))


class CasAse(enum.Enum):
    """The three ASE cases; each asks its own attestations and documents."""

    MINEUR = "mineur"
    MINEUR_EMANCIPE = "mineur_emancipe"
    MAJEUR = "majeur"


def cas_ase(saisie) -> CasAse:
    if not est_mineur(saisie):
        return CasAse.MAJEUR
    return CasAse.MINEUR_EMANCIPE if est_emancipe(saisie) else CasAse.MINEUR


def est_marie(saisie) -> bool:
    return saisie.get("personnel", "situation_familiale") in SITUATIONS_EN_COUPLE - {"concubin"}


def conjoint_francais(saisie) -> bool:
    return saisie.get("personnel", "conjoint_nationalite") == "francaise"


def nature_document(saisie) -> str:
    document = getattr(saisie.demande, "document_actuel", None)
    return document.nature if document else ""


def pour_un_mineur(saisie) -> bool:
    return getattr(saisie.demande, "pour_qui", "moi") == "mineur"


# Step hooks (`Etape.blocage`, `Etape.avertissement`): the answers just typed → a modal's key.


def non_eligible(donnees: dict, saisie) -> str | None:
    """The "Demandeur non éligible" modal when the placement came after the 16th birthday."""
    document = getattr(saisie.demande, "document_actuel", None)
    valeur = donnees.get("date_prise_en_charge")
    if document is None or not valeur:
        return None
    date = datetime.date.fromisoformat(valeur)
    return None if regles.eligible_ase(date, document.date_naissance) else "non_eligible"


def ressources_insuffisantes(donnees: dict, _saisie) -> str | None:
    """The warning modal when the resources saved are under the minimum."""
    total = Decimal(donnees.get("total") or 0)
    return "ressources_insuffisantes" if regles.sous_le_minimum(total) else None
