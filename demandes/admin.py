from django.contrib import admin

from demandes.models import Demande


@admin.register(Demande)
class DemandeAdmin(admin.ModelAdmin):
    list_display = ["numero", "motif", "etat", "deposee_le"]
    list_filter = ["etat", "motif"]
    search_fields = ["=numero"]
    readonly_fields = ["usager", "numero", "motif", "type_demande", "etat", "cree_le", "deposee_le"]

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        # Agents see the deposited requests of their own prefecture only (drafts have none).
        queryset = super().get_queryset(request).select_related("prefecture")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(prefecture_id=request.user.prefecture_id)
