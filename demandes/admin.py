from django.contrib import admin

from anef.back_office import LectureSeuleAdmin
from demandes.models import Demande
from justificatifs.admin import FichierInline


@admin.register(Demande)
class DemandeAdmin(LectureSeuleAdmin):
    """Deposited requests, read-only for everyone: they change only through the instruction
    services (drafts are never shown, see anef.back_office)."""

    perimetre_prefecture = "prefecture"
    perimetre_etat = "etat"
    list_display = ["numero", "motif", "etat", "prefecture", "deposee_le"]
    list_filter = ["etat", "motif"]
    list_select_related = ["prefecture"]
    search_fields = ["=numero"]
    fields = [
        "numero",
        "usager",
        "motif",
        "type_demande",
        "etat",
        "prefecture",
        "deposee_le",
        "observations",
        "saisie",
        "cree_le",
    ]
    readonly_fields = fields
    inlines = [FichierInline]
