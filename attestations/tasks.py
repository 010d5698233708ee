"""Thin, idempotent rendering task: takes a primary key, returns early when already done."""

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from attestations import services
from attestations.models import Attestation


@shared_task(
    bind=True,
    autoretry_for=(OSError, SoftTimeLimitExceeded),
    retry_backoff=10,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=8,
    # A render takes well under a second; a hostile input must not hold a worker.
    soft_time_limit=30,
    time_limit=45,
)
def attestation_rendre(self, attestation_pk: int) -> str:
    """Render and store one attestation version (per request, type and version: its row)."""
    if Attestation.objects.filter(pk=attestation_pk, rendue_le__isnull=False).exists():
        return "deja-generee"
    if not Attestation.objects.filter(pk=attestation_pk).exists():
        return "absente"
    services.attestation_rendre(attestation_pk=attestation_pk)
    return "generee"
