"""The queue's filters (besides the state): motif with the catalogue's labels, the assigned agent
(« Mes demandes » by default for an instructeur), titles expiring within 30 days, ADP to issue,
complements overdue."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from demandes.etats import EtatDemande
from instruction import selectors


class EtatFilter(admin.SimpleListFilter):
    """The states a deposited request can be in (drafts are never in the back office)."""

    title = _("état")
    parameter_name = "etat__exact"  # the admin's own name for it: links keep working

    def lookups(self, request, model_admin):
        return [(e.value, e.label) for e in EtatDemande if e != EtatDemande.BROUILLON]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(etat=self.value())
        return queryset


class MotifFilter(admin.SimpleListFilter):
    title = _("motif")
    parameter_name = "motif"

    def lookups(self, request, model_admin):
        return selectors.choix_motifs()

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(motif=self.value())
        return queryset


class AgentFilter(admin.SimpleListFilter):
    """« Mes demandes » is chosen when nothing is, for an agent who instructs: the queue opens
    on their own work. « Toutes » is an explicit choice, so that the default can be left."""

    title = _("agent en charge")
    parameter_name = "agent"
    MOI, TOUS, AUCUN = "moi", "tous", "aucun"

    def __init__(self, request, params, model, model_admin):
        self._par_defaut = self.MOI if selectors.est_instructeur(request.user) else None
        super().__init__(request, params, model, model_admin)

    def value(self):
        return super().value() or self._par_defaut

    def lookups(self, request, model_admin):
        choix = [
            (self.MOI, _("Mes demandes")),
            (self.TOUS, _("Toutes")),
            (self.AUCUN, _("Non assignées")),
        ]
        choix += [
            (str(agent.pk), agent.get_full_name() or agent.identifiant)
            for agent in selectors.agents_assignables(request.user)
        ]
        return choix

    def choices(self, changelist):
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        valeur = self.value()
        if valeur in (None, self.TOUS):
            return queryset
        if valeur == self.MOI:
            return queryset.filter(agent=request.user)
        if valeur == self.AUCUN:
            return queryset.filter(agent__isnull=True)
        if valeur.isdigit():
            return queryset.filter(agent_id=int(valeur))
        return queryset.none()


class TitreExpirantFilter(admin.SimpleListFilter):
    title = _("titre actuel")
    parameter_name = "titre"

    def lookups(self, request, model_admin):
        return [("expirant", _("Expirant sous 30 jours"))]

    def queryset(self, request, queryset):
        if self.value() == "expirant":
            return queryset.filter(selectors.titre_expirant())
        return queryset


class AdpADelivrerFilter(admin.SimpleListFilter):
    title = _("attestation de prolongation")
    parameter_name = "adp"

    def lookups(self, request, model_admin):
        return [("a_delivrer", _("ADP à délivrer (titre expirant sous 30 jours, sans ADP)"))]

    def queryset(self, request, queryset):
        if self.value() == "a_delivrer":
            return queryset.filter(selectors.adp_a_delivrer())
        return queryset


class ComplementEnRetardFilter(admin.SimpleListFilter):
    title = _("complément")
    parameter_name = "complement"

    def lookups(self, request, model_admin):
        return [("en_retard", _("Complément en retard (plus de 30 jours)"))]

    def queryset(self, request, queryset):
        if self.value() == "en_retard":
            return queryset.filter(selectors.complement_en_retard())
        return queryset
