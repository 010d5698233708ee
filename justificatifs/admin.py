from django.contrib import admin
from django.http import Http404
from django.template.defaultfilters import filesizeformat
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from anef.back_office import LectureSeuleAdmin, PerimetreAdmin
from justificatifs import services
from justificatifs.models import Consultation, EPhoto, Fichier
from justificatifs.views import reponse_fichier


def lien_telecharger(fichier: Fichier) -> str:
    return format_html(
        '<a href="{}" download>{}<span class="visually-hidden"> {}</span></a>',
        reverse("admin:justificatifs_fichier_telecharger", args=[fichier.pk]),
        _("Télécharger"),
        fichier.nom,
    )


@admin.register(Fichier)
class FichierAdmin(LectureSeuleAdmin):
    """Metadata, and the content through `telecharger_view` (scoped, audited)."""

    perimetre_prefecture = "demande__prefecture"
    perimetre_etat = "demande__etat"
    list_display = ["pk", "demande", "piece", "nom", "type_mime", "taille_lisible", "depose_le"]
    list_filter = ["type_mime"]
    list_select_related = ["demande"]
    search_fields = ["=demande__numero", "=sha256"]
    fields = [
        "demande",
        "piece",
        "nom",
        "telecharger",
        "type_mime",
        "taille",
        "sha256",
        "depose_le",
    ]
    readonly_fields = fields

    @admin.display(description=Fichier._meta.get_field("taille").verbose_name)
    def taille_lisible(self, fichier):
        return filesizeformat(fichier.taille)

    @admin.display(description=_("contenu"))
    def telecharger(self, fichier):
        return lien_telecharger(fichier)

    def get_urls(self):
        return [
            path(
                "<int:pk>/telecharger/",
                self.admin_site.admin_view(self.telecharger_view),
                name="justificatifs_fichier_telecharger",
            ),
            *super().get_urls(),
        ]

    def telecharger_view(self, request, pk: int):
        """The file, for an agent of the request's prefecture (404 for anyone else), audited."""
        fichier = self.get_object(request, str(pk))
        if not self.has_view_permission(request, fichier):
            raise Http404
        services.consultation_enregistrer(fichier=fichier, par=request.user)
        return reponse_fichier(fichier)


@admin.register(EPhoto)
class EPhotoAdmin(PerimetreAdmin, SimpleHistoryAdmin):
    perimetre_prefecture = "demande__prefecture"
    perimetre_etat = "demande__etat"
    ecriture_reservee_aux_administrateurs = True
    list_display = ["code", "prise_le", "demande", "reservee_le"]
    list_filter = ["prise_le"]
    search_fields = ["=code"]
    raw_id_fields = ["demande"]
    readonly_fields = ["demande", "reservee_le"]


@admin.register(Consultation)
class ConsultationAdmin(LectureSeuleAdmin):
    """Who opened which file, for administrators."""

    list_display = ["consulte_le", "agent", "fichier"]
    list_select_related = ["agent", "fichier"]
    fields = ["consulte_le", "agent", "fichier"]
    readonly_fields = fields
