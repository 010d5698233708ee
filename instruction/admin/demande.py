from django.contrib import admin

from anef.back_office import LectureSeuleAdmin
from demandes.models import Demande
from instruction.admin import actions
from justificatifs.admin import FichierInline


@admin.register(Demande)
class DemandeAdmin(LectureSeuleAdmin):
    """Deposited requests, read-only as rows: they change only through the actions (one view
    and one service each, `instruction.admin.actions`). Drafts are never shown."""

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

    def get_urls(self):
        return [*actions.urls(self), *super().get_urls()]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        demande = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "actions_possibles": actions.possibles(request, demande),
        }
        return super().change_view(request, object_id, form_url, extra_context)
