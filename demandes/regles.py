"""Business rules of filing: the deposit window, the competent prefecture, and the motifs' own
thresholds (the students' minimum resources, the ASE's age-16 rule, the BPI protection read
from the registry). Plain functions of values, tested without a request; the forms and the
catalogue's step conditions (catalogue/conditions.py) call them."""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from dateutil.relativedelta import relativedelta

from accounts.models import Departement, DocumentSejour, NatureDocument

# Students: their resources must reach 615 € a month. Under it the step asks why
# and warns before going on; the request can still be filed.
RESSOURCES_MINIMUM_MENSUEL = 615


def sous_le_minimum(total_mensuel: Decimal | int) -> bool:
    return total_mensuel < RESSOURCES_MINIMUM_MENSUEL


def seizieme_anniversaire(naissance: datetime.date) -> datetime.date:
    try:
        return naissance.replace(year=naissance.year + 16)
    except ValueError:  # born on 29 February
        return naissance.replace(year=naissance.year + 16, day=28)


def eligible_ase(date_prise_en_charge: datetime.date, naissance: datetime.date) -> bool:
    """CESEDA L.423-22: placed with the ASE at the latest on the day the applicant turned 16."""
    return date_prise_en_charge <= seizieme_anniversaire(naissance)


def protection_du_registre(document: DocumentSejour | None) -> str:
    """The protection of a BPI title as the registry words its motif: "refugie" when it names
    a refugee, "subsidiaire" otherwise."""
    motif = (document.motif if document else "").upper()
    return "refugie" if "REFUGI" in motif else "subsidiaire"


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
