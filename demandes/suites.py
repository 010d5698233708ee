"""What follows a deposit: the applicant's notification, the confirmation PDF (and the ADP when
the motif's rule says so, attestations/regles.py) and the e-mail carrying them. Runs after
commit in the Celery task `demandes.tasks.apres_depot` (eager in dev and tests); every part is
idempotent."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from anef.publication import publish
from attestations import services as attestations
from demandes import catalogue
from demandes.catalogue.types import Saisie
from demandes.models import Demande
from notifications import services as notifications
from notifications.models import TypeNotification


def apres_depot_publier(demande_pk: int) -> None:
    """After the deposit's commit: hand the follow-up to a worker, so that the response does not
    wait for the PDFs (the confirmation page shows them as soon as they exist). With the broker
    unreachable there is no relay for this task: it runs here, in the request, as a last resort."""
    from demandes.tasks import apres_depot as tache

    if not publish(tache, demande_pk):
        apres_depot(demande_pk=demande_pk)


def documents_du_depot_generer(*, demande: Demande) -> list[int]:
    """The deposit's attestations (confirmation, ADP), as the request's motif says them."""
    motif = catalogue.motif(demande.motif)
    return attestations.documents_du_depot_generer(
        demande=demande,
        regle_adp=motif.regle_adp,
        protection=motif.protection_de(Saisie(demande.saisie, demande=demande)),
    )


def apres_depot(*, demande_pk: int) -> None:
    demande = Demande.objects.select_related("usager").get(pk=demande_pk)
    usager = demande.usager
    notifications.notification_creer(
        usager=usager,
        demande=demande,
        type=TypeNotification.CONFIRMATION_DEPOT,
        titre=_("Confirmation de dépôt de votre demande n° %(numero)s")
        % {"numero": demande.numero},
        message=_(
            "Votre demande de titre de séjour n° %(numero)s a bien été enregistrée le %(date)s. "
            "Elle sera instruite par les services de l'Etat."
        )
        % {"numero": demande.numero, "date": f"{timezone.localdate(demande.deposee_le):%d/%m/%Y}"},
    )
    pieces_jointes = documents_du_depot_generer(demande=demande)
    notifications.courriel_envoyer(
        destinataire=usager.email,
        modele="depot_confirmation",
        cle=f"depot:{demande.pk}",
        pieces_jointes=pieces_jointes,
        contexte={
            "nom": usager.get_full_name(),
            "numero": demande.numero,
            "lien": reverse("demandes:mon_compte"),
        },
    )
