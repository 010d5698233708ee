"""Thin, idempotent tasks of the demandes app."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from demandes import suites


@shared_task(
    autoretry_for=(OSError, SoftTimeLimitExceeded),
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
    soft_time_limit=60,
    time_limit=90,
)
def apres_depot(demande_pk: int) -> str:
    """What follows a deposit (notification, PDFs, e-mail), off the request, from its outbox row
    (`SuiteDepot`): the deposit's response does not wait for the PDF rendering. Acknowledged
    late (CELERY_TASK_ACKS_LATE): a worker killed midway leaves the message to another one."""
    return suites.suite_depot_executer(demande_pk=demande_pk)


@shared_task
def suites_relancer() -> int:
    """Beat: the deposits' follow-ups never published or never finished, handed over again."""
    return suites.suites_relancer()
