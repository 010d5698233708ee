"""What the applicant is told when an agent's action concerns them: one notification per
transition, declared in notifications/registre.py (text, document, channels, signature).
Created after commit, once per key (a replay does not duplicate it), with its e-mail and SMS."""

from django.db import transaction
from django.utils import timezone

from demandes.etats import Transition
from notifications import services as notifications

MODELES: dict[Transition, str] = {
    Transition.DEMANDER_COMPLEMENT: "demande_complement",
    Transition.DELIVRER_ADP: "prolongation_instruction",
    Transition.SIGNER_FAVORABLE: "decision_favorable",
    Transition.SIGNER_DEFAVORABLE: "decision_defavorable",
    Transition.CLOTURER: "cloture",
    Transition.TITRE_DISPONIBLE: "titre_disponible",
}


def programmer(demande, transition: Transition, *, cle: str, **contexte) -> None:
    """Create the notification of `transition` for the request's applicant after commit."""
    modele = MODELES.get(transition)
    if modele is None:
        return
    valeurs = {**_contexte(demande, transition), **contexte}
    transaction.on_commit(
        lambda: notifications.notifier(demande=demande, modele=modele, cle=cle, contexte=valeurs)
    )


def _contexte(demande, transition: Transition) -> dict:
    if transition == Transition.CLOTURER:
        dernier = demande.historique.order_by("-le", "-pk").first()
        return {"motif": dernier.motif if dernier else ""}
    if transition == Transition.TITRE_DISPONIBLE:
        from instruction.models import Decision, StatutDecision

        decision = Decision.objects.filter(demande=demande, statut=StatutDecision.SIGNEE).first()
        montant = decision.montant_taxe if decision else None
        return {
            "prefecture": demande.prefecture.nom if demande.prefecture else "",
            "montant": f"{montant:.0f}" if montant is not None else "",
        }
    return {"date": timezone.localdate()}
