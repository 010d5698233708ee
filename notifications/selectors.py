from functools import cached_property

from django.db.models import Count, Q, Window

from attestations.models import Attestation
from notifications import registre
from notifications.models import DocumentJoint, Notification

CLOCHE_LIGNES = 5


def notifications_de(usager):
    return Notification.objects.filter(usager=usager)


class Cloche:
    """The header bell: the unread count and the latest notifications, read together in one
    query (the unread count is a window over all the applicant's rows), only when a page
    shows them."""

    def __init__(self, usager):
        self.usager = usager

    @cached_property
    def _lignes(self) -> list[Notification]:
        return list(
            notifications_de(self.usager)
            .annotate(non_lues_total=Window(Count("pk", filter=Q(lue_le__isnull=True))))
            .only("pk", "type", "cree_le", "lue_le")[:CLOCHE_LIGNES]
        )

    @property
    def non_lues(self) -> int:
        return self._lignes[0].non_lues_total if self._lignes else 0

    @property
    def dernieres(self) -> list[Notification]:
        return self._lignes


def attestation_jointe(notification: Notification):
    """The attestation a notification offers: the one recorded on it, else (a notification
    written without one, e.g. the deposit's) the request's latest of its type's attestation
    kind when the registry gives one kind for that type."""
    if notification.attestation_id or notification.document == DocumentJoint.REFUS:
        return notification.attestation
    if notification.demande_id is None:
        return None
    types = {m.attestation for m in registre.MODELES.values() if m.type == notification.type}
    if len(types) != 1 or None in types:
        return None
    return (
        Attestation.objects.filter(demande_id=notification.demande_id, type=types.pop())
        .order_by("-cree_le", "-pk")
        .first()
    )
