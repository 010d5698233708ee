from django.contrib import admin

from attestations.models import Attestation


@admin.register(Attestation)
class AttestationAdmin(admin.ModelAdmin):
    """Read-only: attestations are issued by services, never edited by hand."""

    list_display = ["demande", "type", "version", "emise_le", "valide_au", "rendue_le"]
    list_filter = ["type"]
    search_fields = ["demande__numero"]
    list_select_related = ["demande"]
    readonly_fields = [f.name for f in Attestation._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(demande__prefecture_id=request.user.prefecture_id)
