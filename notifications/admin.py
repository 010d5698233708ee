from django.contrib import admin

from notifications.models import Courriel, Notification


@admin.register(Courriel)
class CourrielAdmin(admin.ModelAdmin):
    list_display = ["pk", "modele", "statut", "tentatives", "cree_le", "envoye_le"]
    list_filter = ["statut", "modele"]
    # Delivery metadata only: recipients and bodies may carry personal data or secrets.
    fields = ["modele", "statut", "tentatives", "derniere_erreur", "cree_le", "envoye_le"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_view_permission(self, request, obj=None):
        # Delivery monitoring is for administrators, not for prefecture agents.
        return request.user.is_superuser


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["pk", "type", "cree_le", "lue_le"]
    list_filter = ["type"]
    readonly_fields = [
        "usager",
        "type",
        "domaine",
        "titre",
        "message",
        "cree_le",
        "lue_le",
        "repondue_le",
    ]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(demande__prefecture_id=request.user.prefecture_id)
