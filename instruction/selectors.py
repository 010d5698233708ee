"""Reads of the instruction app for other apps and for the applicant's pages."""

from demandes.etats import EtatDemande
from demandes.models import SensDecision
from instruction.models import Decision, StatutDecision


def decision_refus_de(usager, demande_pk: int) -> Decision | None:
    """The signed refusal of the applicant's own refused request, with its uploaded document;
    None for any other request (the view answers 404)."""
    return (
        Decision.objects.select_related("demande")
        .filter(
            demande_id=demande_pk,
            demande__usager=usager,
            demande__etat=EtatDemande.DECISION_DEFAVORABLE,
            sens=SensDecision.DEFAVORABLE,
            statut=StatutDecision.SIGNEE,
        )
        .exclude(document_refus="")
        .first()
    )
