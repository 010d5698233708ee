from celery import shared_task

from instruction import echeances


@shared_task
def echeances_traiter() -> dict:
    """Beat entry (CELERY_BEAT_SCHEDULE « echeances-instruction »): closures and reminders."""
    bilan = echeances.echeances_traiter()
    return vars(bilan)
