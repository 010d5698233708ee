"""Handing a Celery task to the broker after commit, without ever failing the request."""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def publish_on_commit(task, *args: int) -> None:
    """Queue `task(*args)` once the transaction commits.

    The rows the task works on are committed by then: if the broker is down or hung, the user's
    action has still succeeded and the response must say so. The failure is logged (task name,
    primary keys and exception class: never personal data) and a beat relay hands the work to a
    worker later (`notifications.tasks.courriels_relancer` for mails)."""
    transaction.on_commit(lambda: publish(task, *args))


def publish(task, *args: int) -> bool:
    try:
        task.delay(*args)
    except Exception as exc:
        logger.warning(
            "Tâche %s%r non publiée (%s) : le relais la reprendra",
            task.name,
            args,
            type(exc).__name__,
        )
        return False
    return True
