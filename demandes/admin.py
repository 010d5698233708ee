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
