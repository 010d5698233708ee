from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from attestations import selectors as attestations_selectors
from notifications import services, sms
from notifications.models import Courriel, Sms, StatutCourriel, StatutLivraison

# Celery's own retries stop with the delivery's: LIVRAISON_TENTATIVES_MAX failed tries mark the
# row « échec définitif » and the task returns instead of raising (no retry scheduled).
RETRIES = {
    "autoretry_for": (OSError,),
    "retry_backoff": 30,
    "retry_backoff_max": 3600,
    "retry_jitter": True,
    "max_retries": None,
}


@shared_task(bind=True, **RETRIES)
def courriel_expedier(self, courriel_pk: int) -> str:
    with transaction.atomic():
        # The row lock keeps two workers from sending the same mail twice.
        courriel = (
            Courriel.objects.select_for_update(skip_locked=True).filter(pk=courriel_pk).first()
        )
        if courriel is None:
            return "absent-ou-en-cours"
        if courriel.statut == StatutCourriel.ENVOYE:
            return "deja-envoye"
        if courriel.statut == StatutCourriel.ECHEC_DEFINITIF:
            return "echec-definitif"
        fichiers = _pieces_jointes(courriel)
        if fichiers is None:
            # An attached attestation is still being rendered: try again shortly (for an hour;
            # then the relay hands it over again).
            raise self.retry(countdown=60, max_retries=60)
        message = EmailMultiAlternatives(
            subject=courriel.sujet,
            body=courriel.texte,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[courriel.destinataire],
        )
        message.attach_alternative(courriel.html, "text/html")
        for nom, contenu, type_mime in fichiers:
            message.attach(nom, contenu, type_mime)
        try:
            message.send()
        except OSError as exc:
            erreur = exc
        else:
            services.courriel_marquer_envoye(courriel=courriel)
            return "envoye"
    if services.courriel_marquer_echec(courriel=courriel, erreur=erreur):
        return "echec-definitif"
    raise erreur


@shared_task(bind=True, **RETRIES)
def sms_expedier(self, sms_pk: int) -> str:
    with transaction.atomic():
        # As for mails: the row lock keeps two workers from sending it twice.
        message = Sms.objects.select_for_update(skip_locked=True).filter(pk=sms_pk).first()
        if message is None:
            return "absent-ou-en-cours"
        if message.statut == StatutLivraison.ENVOYE:
            return "deja-envoye"
        if message.statut == StatutLivraison.ECHEC_DEFINITIF:
            return "echec-definitif"
        try:
            sms.passerelle().envoyer(destinataire=message.destinataire, texte=message.texte)
        except OSError as exc:
            erreur = exc
        else:
            services.sms_marquer_envoye(sms=message)
            return "envoye"
    if services.livraison_marquer_echec(Sms, message.pk, erreur):
        return "echec-definitif"
    raise erreur


def _pieces_jointes(courriel: Courriel) -> list[tuple[str, bytes, str]] | None:
    """The attached attestations' PDFs; None while one is not rendered yet."""
    if not courriel.pieces_jointes:
        return []
    return attestations_selectors.pieces_jointes(courriel.pieces_jointes)


# How old an unsent mail must be before the relay hands it to a worker again: one never handed
# over (broker down at commit) after a minute; one failing, after its own retries had a go.
def _relais_apres() -> dict[str, timedelta]:
    return {
        StatutCourriel.A_ENVOYER: timedelta(seconds=settings.OUTBOX_RELAIS_APRES),
        StatutCourriel.ECHEC: timedelta(minutes=10),
    }


@shared_task
def courriels_relancer(statut: str | None = None) -> int:
    """Beat safety net: hand again to the worker the mails still unsent (of one `statut`, or
    all), up to 500 per run. The beat runs it every minute for `a_envoyer` and every 10 minutes
    for `echec` (CELERY_BEAT_SCHEDULE). « Échec définitif » rows wait for an administrator."""
    return _relancer(Courriel, courriel_expedier, statut)


@shared_task
def sms_relancer(statut: str | None = None) -> int:
    """The same safety net for SMS."""
    return _relancer(Sms, sms_expedier, statut)


def _relancer(model, tache, statut: str | None) -> int:
    maintenant = timezone.now()
    relais_apres = _relais_apres()
    statuts = [statut] if statut else list(relais_apres)
    filtre = Q()
    for s in statuts:
        filtre |= Q(statut=s, cree_le__lt=maintenant - relais_apres[s])
    pks = list(model.objects.filter(filtre).values_list("pk", flat=True)[:500])
    for pk in pks:
        tache.delay(pk)
    return len(pks)
