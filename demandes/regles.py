"""Business rules of filing that are not motif-specific: the deposit window and the competent
prefecture."""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from accounts.models import Departement, DocumentSejour, NatureDocument


class StatutFenetre(StrEnum):
    """Where today falls in the deposit window of the current document (the service's rule:
    « au plus tôt 4 mois et au plus tard 2 mois avant la date de fin de validité »)."""

    # The window is not open yet: filing is refused until `ouverture`.
    TROP_TOT = "trop_tot"
    DANS_LES_DELAIS = "dans_les_delais"
    # Less than 2 months before expiry: filing stays open (the prefecture still has to receive
    # the request, and the ADP covers the applicant past expiry) with a warning.
    TARDIVE = "tardive"
    # The document has expired: a renewal can no longer be filed online, the applicant must
    # contact the prefecture.
    EXPIRE = "expire"
    # No current titre de séjour / VLS-TS (visa holders): no window applies.
    SANS_OBJET = "sans_objet"


@dataclass(frozen=True)
class FenetreDepot:
    statut: StatutFenetre
    ouverture: datetime.date | None = None
    limite: datetime.date | None = None
    fin_validite: datetime.date | None = None

    @property
    def depot_possible(self) -> bool:
        return self.statut in {
            StatutFenetre.DANS_LES_DELAIS,
            StatutFenetre.TARDIVE,
            StatutFenetre.SANS_OBJET,
        }


def fenetre_depot(document: DocumentSejour | None, le: datetime.date) -> FenetreDepot:
    if document is None or document.nature == NatureDocument.VISA:
        return FenetreDepot(StatutFenetre.SANS_OBJET)
    fin = document.date_fin_validite
    ouverture = fin - relativedelta(months=4)
    limite = fin - relativedelta(months=2)
    if le < ouverture:
        statut = StatutFenetre.TROP_TOT
    elif le <= limite:
        statut = StatutFenetre.DANS_LES_DELAIS
    elif le <= fin:
        statut = StatutFenetre.TARDIVE
    else:
        statut = StatutFenetre.EXPIRE
    return FenetreDepot(statut, ouverture, limite, fin)


def departement_de(code_postal: str, code_insee: str = "") -> str:
    """Département code of an address: "75", "2A", "971"…"""
    if code_postal.startswith("97") or code_postal.startswith("98"):
        return code_postal[:3]
    if code_postal.startswith("20"):
        if code_insee[:2] in {"2A", "2B"}:
            return code_insee[:2]
        return "2A" if code_postal < "20200" else "2B"
    return code_postal[:2]


def departement_competent(code_postal: str, code_insee: str = "") -> Departement | None:
    return (
        Departement.objects.select_related("prefecture")
        .filter(code=departement_de(code_postal, code_insee))
        .first()
    )
