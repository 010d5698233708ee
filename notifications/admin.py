from django.contrib import admin

from anef.back_office import LectureSeuleAdmin
from notifications.models import Courriel, Notification


@admin.register(Courriel)
class CourrielAdmin(LectureSeuleAdmin):
    """Delivery monitoring, for administrators (no prefecture: perimetre_prefecture is None)."""

    list_display = ["pk", "modele", "statut", "tentatives", "cree_le", "envoye_le"]
    list_filter = ["statut", "modele"]
    # Delivery metadata only: recipients and bodies may carry personal data or secrets.
    fields = ["modele", "statut", "tentatives", "derniere_erreur", "cree_le", "envoye_le"]
    readonly_fields = fields


@admin.register(Notification)
class NotificationAdmin(LectureSeuleAdmin):
    perimetre_prefecture = "demande__prefecture"
    perimetre_etat = "demande__etat"
    list_display = ["pk", "type", "cree_le", "lue_le"]
    list_filter = ["type"]
    fields = [
        "usager",
        "demande",
        "type",
        "domaine",
        "titre",
        "message",
        "cree_le",
        "lue_le",
        "repondue_le",
    ]
    readonly_fields = fields
