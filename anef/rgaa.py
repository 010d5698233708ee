"""The RGAA 4.1 self-audit in one place: the result of each of the 106 criteria on the sample
of pages listed in docs/rgaa.md (which gives each criterion's title and how it was checked;
tests/test_rgaa.py keeps the two equal). The accessibility statement and the footer read the
rate and the compliance level from here."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.utils.translation import gettext_lazy as _

CONFORME, NON_CONFORME, NON_APPLICABLE = "C", "NC", "NA"

DATE_AUDIT = datetime.date(2026, 11, 30)

# Theme by theme, in the order of the référentiel (1.1, 1.2, …): C, NC or NA.
_RESULTATS = {
    1: "C C C NA NA NA NA NA NA",
    2: "NA NA",
    3: "C C C",
    4: "NA NA NA NA NA NA NA NA NA NA NA NA NA",
    5: "NA NA NA C C C C NA",
    6: "C C",
    7: "C C C C C",
    8: "C C C C C C C C C NA",
    9: "C C C NA",
    10: "C C C C C C C C C C C C NA NA",
    11: "C C C C C C C C C C C C C",
    12: "C C C C NA C C C C NA C",
    13: "C C C NA NA NA NA NA C NA C NA",
}

GRILLE: dict[str, str] = {
    f"{theme}.{numero}": resultat
    for theme, ligne in _RESULTATS.items()
    for numero, resultat in enumerate(ligne.split(), start=1)
}

# The declared sample (the pages and states the grid was checked on).
PAGES_VERIFIEES = (
    (_("Accueil"), "/"),
    (_("Connexion"), "/compte/connexion/"),
    (_("Création de compte (document, adresse email, mot de passe)"), "/compte/creation/"),
    (_("Mon compte"), "/espace-personnel/mon-compte/"),
    (_("Mon profil"), "/compte/profil/"),
    (_("Démarche « Étudiant » : pour qui, situation"), "/espace-personnel/titre-de-sejour/"),
    (_("Étape 1 : informations personnelles"), None),
    (_("Étape 2 : motif de séjour"), None),
    (_("Étape 3 : ressources"), None),
    (_("Étape 4 : justificatifs et e-photo"), None),
    (_("Étape 5 : récapitulatif"), None),
    (_("Étape 6 : confirmation du dépôt et documents PDF"), None),
    (_("Mes notifications"), "/espace-personnel/notifications/"),
    (_("Vérifier une attestation"), "/attestations/verifier/"),
    (_("Back-office : liste des demandes"), None),
)

# The non-conformities the statement lists (criterion: what fails, where). Empty today.
NON_CONFORMITES: dict[str, str] = {}

# Where to report an accessibility defect (the ministry's contact form for online procedures).
CONTACT_FORMULAIRE = "https://contacts-demarches.interieur.gouv.fr/"
CONTACT_TELEPHONE = "0 806 001 620"


@dataclass(frozen=True)
class Resume:
    date: datetime.date
    conformes: int
    non_conformes: int
    non_applicables: int

    @property
    def applicables(self) -> int:
        return self.conformes + self.non_conformes

    @property
    def taux(self) -> Decimal:
        """Conforming criteria / applicable criteria, in percent, rounded down to 0.01."""
        if not self.applicables:
            return Decimal(0)
        taux = Decimal(100 * self.conformes) / Decimal(self.applicables)
        return taux.quantize(Decimal("0.01"), rounding=ROUND_DOWN)

    @property
    def etat(self):
        """The compliance level the law asks the statement and the footer to show."""
        if self.taux >= 100:
            return _("totalement conforme")
        if self.taux >= 50:
            return _("partiellement conforme")
        return _("non conforme")


def resume() -> Resume:
    resultats = list(GRILLE.values())
    return Resume(
        date=DATE_AUDIT,
        conformes=resultats.count(CONFORME),
        non_conformes=resultats.count(NON_CONFORME),
        non_applicables=resultats.count(NON_APPLICABLE),
    )
