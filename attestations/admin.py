from django.contrib import admin

from anef.back_office import LectureSeuleAdmin
from attestations.models import Attestation


@admin.register(Attestation)
class AttestationAdmin(LectureSeuleAdmin):
    """Read-only: attestations are issued by services, never edited by hand."""

    perimetre_prefecture = "demande__prefecture"
    perimetre_etat = "demande__etat"
    list_display = ["demande", "type", "version", "emise_le", "valide_au", "rendue_le"]
    list_filter = ["type"]
    search_fields = ["demande__numero"]
    list_select_related = ["demande"]
    readonly_fields = [f.name for f in Attestation._meta.fields]
