"""What follows a deposit: the applicant's notification, the confirmation PDF (and the ADP when
the motif's rule says so, attestations/regles.py) and the e-mail carrying them.

An outbox: `suite_depot_creer` writes a `SuiteDepot` row in the deposit's own transaction and
publishes the task `demandes.tasks.apres_depot` after commit (never failing the request: with the
broker down or hung the publish is only logged). The worker runs `suite_depot_executer` (retries
with backoff); the beat relay `suites_relancer` hands over again every row still `a_faire` a
minute after the deposit (never published, or its worker died). Every part is idempotent, so a
row handed over twice does the work once: the notification once per request (its constraint),
the PDFs once (existing attestations are reused), the e-mail once (the registry's notification
« confirmation_depot » has the key `depot:<pk>`, its e-mail `notification:<notification pk>`)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from anef.publication import publish, publish_on_commit
from attestations import services as attestations
from demandes import catalogue
from demandes.catalogue.types import Saisie
from demandes.models import Demande, StatutSuite, SuiteDepot
from notifications import services as notifications

RELAIS_PAR_PASSAGE = 500
# A row whose last attempt failed is relayed again only after this (its task retries meanwhile).
RELAIS_APRES_ECHEC = timedelta(minutes=10)


def suite_depot_creer(*, demande: Demande) -> SuiteDepot:
    """In the deposit's transaction: the follow-up row, published to a worker after commit."""
    from demandes.tasks import apres_depot as tache

    suite, _created = SuiteDepot.objects.get_or_create(demande=demande)
    publish_on_commit(tache, demande.pk)
    return suite


def suite_depot_executer(*, demande_pk: int) -> str:
    """The worker's part: the follow-up of one deposit, once. The row stays locked while it runs
    (a second delivery skips it) and is marked done in the same transaction as the work, so a
    worker killed midway leaves it `a_faire` with nothing half-written, for the next delivery."""
    try:
        with transaction.atomic():
            suite = (
                SuiteDepot.objects.select_for_update(skip_locked=True)
                .filter(demande_id=demande_pk)
                .first()
            )
            if suite is None:
                return "absente-ou-en-cours"
            if suite.statut == StatutSuite.FAITE:
                return "deja-faite"
            apres_depot(demande_pk=demande_pk)
            SuiteDepot.objects.filter(pk=suite.pk).update(
                statut=StatutSuite.FAITE,
                faite_le=timezone.now(),
                tentatives=suite.tentatives + 1,
                derniere_erreur="",
            )
    except Exception as exc:
        # The class only: a message could quote the applicant's data.
        SuiteDepot.objects.filter(demande_id=demande_pk).update(
            tentatives=F("tentatives") + 1,
            derniere_erreur=type(exc).__name__,
            echec_le=timezone.now(),
        )
        raise
    return "faite"


def suites_relancer() -> int:
    """Beat safety net: publish again the follow-ups still to do `OUTBOX_RELAIS_APRES` seconds
    after their deposit (10 minutes after their last failure, if any), up to RELAIS_PAR_PASSAGE
    per run. A follow-up being run is skipped by
    its worker's lock; one queued twice runs once."""
    from demandes.tasks import apres_depot as tache

    maintenant = timezone.now()
    limite = maintenant - timedelta(seconds=settings.OUTBOX_RELAIS_APRES)
    demandes = list(
        SuiteDepot.objects.filter(statut=StatutSuite.A_FAIRE, cree_le__lt=limite)
        .filter(Q(echec_le__isnull=True) | Q(echec_le__lt=maintenant - RELAIS_APRES_ECHEC))
        .order_by("cree_le")
        .values_list("demande_id", flat=True)[:RELAIS_PAR_PASSAGE]
    )
    for demande_pk in demandes:
        publish(tache, demande_pk)
    return len(demandes)


def documents_du_depot_generer(*, demande: Demande) -> list[int]:
    """The deposit's attestations (confirmation, ADP), as the request's motif says them."""
    motif = catalogue.motif(demande.motif)
    return attestations.documents_du_depot_generer(
        demande=demande,
        regle_adp=motif.regle_adp,
        protection=motif.protection_de(Saisie(demande.saisie, demande=demande)),
    )


def apres_depot(*, demande_pk: int) -> None:
    """The PDFs, then the notification « confirmation_depot » of the registry with its e-mail
    (same transaction). Each part idempotent: a replay creates nothing new."""
    demande = Demande.objects.select_related("usager").get(pk=demande_pk)
    pieces_jointes = documents_du_depot_generer(demande=demande)
    notifications.notifier(
        demande=demande,
        modele="confirmation_depot",
        cle=f"depot:{demande.pk}",
        contexte={"date": f"{timezone.localdate(demande.deposee_le):%d/%m/%Y}"},
        pieces_jointes=pieces_jointes,
    )
