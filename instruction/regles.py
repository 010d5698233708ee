"""What the agents' action forms offer by default: plain functions of the request, no writes.

- ADP: valid 3 months (`demandes.catalogue.types.REGLE_ADP_PAR_DEFAUT`) from the day after the
  current title ends, or from today when it has already ended — and never before the day after
  the last ADP issued for the request ends, so a new one follows the previous one without a gap.
- Favourable decision: the card starts the day after the decision, or the day after the current
  title ends if that is later (a decision on 12/09/2023 gives a card from 13/09/2023); the
  mention of the current title is proposed again (a renewal), and the work clause is ticked:
  every motif of the catalogue allows work — for students only as ancillary work
  (`Motif.travail_a_titre_accessoire` in the catalogue), which the ADF says.
"""

import datetime

from django.utils import timezone

from attestations import regles as regles_attestations
from attestations.models import TypeAttestation
from attestations.selectors import attestations_de
from demandes import catalogue
from demandes.catalogue.types import REGLE_ADP_PAR_DEFAUT
from demandes.models import Demande

UN_JOUR = datetime.timedelta(days=1)


def _apres_le_titre(demande: Demande, debut: datetime.date) -> datetime.date:
    document = demande.document_actuel
    if document is not None and document.date_fin_validite:
        return max(debut, document.date_fin_validite + UN_JOUR)
    return debut


def debut_sans_interruption(
    demande: Demande, *, aujourdhui: datetime.date | None = None
) -> datetime.date:
    """The first day covered neither by the current title nor by an ADP already issued (today
    at the earliest)."""
    debut = _apres_le_titre(demande, aujourdhui or timezone.localdate())
    for attestation in attestations_de(demande):
        if attestation.type == TypeAttestation.PROLONGATION and attestation.valide_au:
            debut = max(debut, attestation.valide_au + UN_JOUR)
    return debut


def adp_periode_proposee(
    demande: Demande, *, aujourdhui: datetime.date | None = None
) -> regles_attestations.Periode:
    debut = debut_sans_interruption(demande, aujourdhui=aujourdhui)
    return regles_attestations.periode(debut, REGLE_ADP_PAR_DEFAUT.duree)


def decision_favorable_proposee(
    demande: Demande, *, aujourdhui: datetime.date | None = None
) -> dict:
    """The initial values of a favourable proposal (the agent completes or changes them)."""
    document = demande.document_actuel
    return {
        "date_debut": _apres_le_titre(demande, (aujourdhui or timezone.localdate()) + UN_JOUR),
        "mention": (document.mention if document is not None else "") or "",
        "autorise_travail": True,
    }


def travail_a_titre_accessoire(demande: Demande) -> bool:
    return catalogue.motif(demande.motif).travail_a_titre_accessoire
