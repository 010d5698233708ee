"""What the applicant is told in « Mes notifications » when an agent's action concerns them:
one entry per transition, with the seeds' wording (SEEDS-NOTES §3.4; the FAQ where the seeds
show no body). Created after commit, once per key (a replay does not duplicate it). The e-mails,
SMS and reminders that go with them belong to the notifications issue."""

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from demandes.etats import Transition
from notifications import services as notifications
from notifications.models import TypeNotification

SIGNATURE = _("Cordialement,\nL'agent Instructeur\nMinistère de l'Intérieur et des Outre-Mer")


@dataclass(frozen=True)
class Avis:
    type: str
    titre: object
    texte: object


AVIS: dict[Transition, Avis] = {
    Transition.DEMANDER_COMPLEMENT: Avis(
        TypeNotification.DEMANDE_COMPLEMENT,
        _("Demande de complément"),
        _(
            "Je vous informe qu'après avoir pris connaissance des documents justificatifs "
            "joints à votre demande, un complément d'information est nécessaire à la poursuite "
            "de son instruction.\n\n"
            "Si vous n'apportez pas les compléments nécessaires dans un délai de 30 jours après "
            "avoir pris connaissance de ce message, votre demande pourra être considérée comme "
            "incomplète par l'administration qui ne sera pas en mesure de prendre une décision "
            "d'acceptation ou de refus de votre demande, et elle sera clôturée."
        ),
    ),
    Transition.DELIVRER_ADP: Avis(
        TypeNotification.PROLONGATION_INSTRUCTION,
        _("Notification de prolongation de l'instruction"),
        _(
            "L'instruction de votre demande de titre de séjour n° %(numero)s se poursuit. "
            "Une attestation de prolongation d'instruction est mise à votre disposition dans "
            "votre espace personnel : elle justifie de votre situation pendant sa durée de "
            "validité."
        ),
    ),
    Transition.SIGNER_FAVORABLE: Avis(
        TypeNotification.DECISION,
        _("Notification de décision"),
        _(
            "Je vous informe que votre demande en ligne de titre de séjour n° %(numero)s a été "
            "acceptée. Un nouveau titre de séjour est en cours de fabrication et vous sera "
            "prochainement remis.\n\n"
            "Dans l'attente de cette remise, vous trouverez en pièce jointe l'attestation de "
            "décision favorable qui vous permettra de justifier votre droit au séjour et de "
            "maintenir vos droits associés dans l'attente de la remise de votre nouveau titre en "
            "préfecture.\n\n"
            "L'administration vous recontactera pour que vous veniez retirer ce titre en "
            "préfecture, et vous précisera le montant de la taxe à acquitter."
        ),
    ),
    Transition.SIGNER_DEFAVORABLE: Avis(
        TypeNotification.DECISION,
        _("Notification de décision"),
        _(
            "Dans le cadre de votre démarche en ligne de titre de séjour, votre demande "
            "n° %(numero)s a été traitée. Le document relatif à la décision prise par la "
            "préfecture est à télécharger ci-dessous."
        ),
    ),
    Transition.CLOTURER: Avis(
        TypeNotification.CLOTURE,
        _("Notification de clôture de la demande"),
        _(
            "Votre demande de titre de séjour n° %(numero)s a été clôturée : elle est "
            "considérée comme incomplète et l'administration n'est pas en mesure de prendre une "
            "décision d'acceptation ou de refus.\n\nMotif : %(motif)s"
        ),
    ),
    Transition.TITRE_DISPONIBLE: Avis(
        TypeNotification.TITRE_DISPONIBLE,
        _("Titre de séjour disponible"),
        _(
            "Votre titre de séjour est disponible à la %(prefecture)s. Présentez-vous muni(e) "
            "de votre titre précédent et d'un timbre fiscal électronique de %(montant)s € "
            "(un numéro à 16 chiffres ; les timbres fiscaux papiers ne sont pas acceptés), "
            "acheté dans un bureau de tabac, un centre des impôts ou sur le site internet "
            "www.timbres-impots.gouv.fr."
        ),
    ),
}


def programmer(demande, transition: Transition, *, cle: str, **contexte) -> None:
    """Create the notice of `transition` for the request's applicant after commit."""
    avis = AVIS.get(transition)
    if avis is None:
        return
    valeurs = {"numero": demande.numero, **_contexte(demande, transition), **contexte}
    # Stored in the reference language, whatever the agent's page was in.
    with translation.override(settings.LANGUAGE_CODE):
        titre, message = str(avis.titre), f"{avis.texte % valeurs}\n\n{SIGNATURE}"

    def creer():
        notifications.notification_creer(
            usager=demande.usager,
            demande=demande,
            type=avis.type,
            titre=titre,
            message=message,
            cle=cle,
        )

    transaction.on_commit(creer)


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
