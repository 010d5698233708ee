from notifications.models import Notification

BELL_SIZE = 5


def notifications_de(usager):
    return Notification.objects.filter(usager=usager)


def non_lues_count(usager) -> int:
    return Notification.objects.filter(usager=usager, lue_le__isnull=True).count()


def dernieres(usager, *, nombre: int = BELL_SIZE) -> list[Notification]:
    """The bell's short list: the latest notifications, read or not."""
    return list(notifications_de(usager).only("pk", "type", "cree_le", "lue_le")[:nombre])
