import secrets

from celery import shared_task
from django.core.cache import cache

from accounts import services

# The identifier waits in the cache, not in the task's arguments: Celery logs those.
_ATTENTE = "accounts:reinitialisation-attente:"
_ATTENTE_DUREE = 3600


def reinitialisation_mettre_en_file(identifiant: str) -> None:
    """What the reset form does for any identifier: one cache write and one queued task, so
    the answer time tells nothing about the identifier."""
    cle = secrets.token_urlsafe(16)
    cache.set(_ATTENTE + cle, identifiant, _ATTENTE_DUREE)
    reinitialisation_demander.delay(cle)


@shared_task(ignore_result=True)
def reinitialisation_demander(cle: str) -> None:
    """The reset request's lookup and mail, off the web request."""
    identifiant = cache.get(_ATTENTE + cle)
    if identifiant is None:  # already handled, or waited past an hour
        return
    cache.delete(_ATTENTE + cle)
    services.mot_de_passe_reinitialisation_demander(identifiant=identifiant)
