from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from anef.back_office import LectureSeuleAdmin
from notifications import services
from notifications.models import Courriel, Notification, Sms


class LivraisonAdmin(LectureSeuleAdmin):
    """Delivery monitoring, for administrators (no prefecture: perimetre_prefecture is None).
    Delivery metadata only: recipients and bodies may carry personal data or secrets."""

    list_display = [
        "pk",
        "modele",
        "statut",
        "tentatives",
        "derniere_erreur",
        "cree_le",
        "envoye_le",
    ]
    list_filter = ["statut", "modele"]
    fields = ["modele", "statut", "tentatives", "derniere_erreur", "cree_le", "envoye_le"]
    readonly_fields = fields
    actions = ["relancer"]

    @admin.action(description=_("Relancer"))
    def relancer(self, request, queryset):
        """A failed delivery (« échec définitif » included) gets a fresh count of tries."""
        pks = list(queryset.values_list("pk", flat=True))
        cible = "courriels" if self.model is Courriel else "sms"
        nombre = services.livraisons_relancer(**{cible: pks})
        for objet in queryset:
            self.log_change(request, objet, [{"changed": {"fields": ["statut"]}}])
        self.message_user(
            request,
            ngettext("%(n)d envoi relancé.", "%(n)d envois relancés.", nombre) % {"n": nombre},
            messages.SUCCESS,
        )


@admin.register(Courriel)
class CourrielAdmin(LivraisonAdmin):
    pass


@admin.register(Sms)
class SmsAdmin(LivraisonAdmin):
    pass


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
        "signature",
        "document",
        "attestation",
        "cree_le",
        "lue_le",
        "repondue_le",
    ]
    readonly_fields = fields
