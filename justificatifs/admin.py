from django.contrib import admin
from django.template.defaultfilters import filesizeformat

from justificatifs.models import EPhoto, Fichier


@admin.register(Fichier)
class FichierAdmin(admin.ModelAdmin):
    """Metadata only: the content is served through the application's authorising view."""

    list_display = ["pk", "demande", "piece", "nom", "type_mime", "taille_lisible", "depose_le"]
    list_filter = ["type_mime"]
    list_select_related = ["demande"]
    search_fields = ["=demande__numero", "=sha256"]
    fields = ["demande", "piece", "nom", "type_mime", "taille", "sha256", "depose_le"]
    readonly_fields = fields

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(demande__prefecture_id=request.user.prefecture_id)

    @admin.display(description=Fichier._meta.get_field("taille").verbose_name)
    def taille_lisible(self, fichier):
        return filesizeformat(fichier.taille)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EPhoto)
class EPhotoAdmin(admin.ModelAdmin):
    list_display = ["code", "prise_le", "demande", "reservee_le"]
    list_filter = ["prise_le"]
    search_fields = ["=code"]
    raw_id_fields = ["demande"]
    readonly_fields = ["reservee_le"]
