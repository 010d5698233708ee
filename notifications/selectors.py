from notifications.models import Notification


def notifications_de(usager):
    return Notification.objects.filter(usager=usager)


def non_lues_count(usager) -> int:
    return Notification.objects.filter(usager=usager, lue_le__isnull=True).count()
