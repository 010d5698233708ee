"""« Agents de la préfecture »: what an administrateur local (`accounts.gerer_agents`) does with
the agents of their own prefecture, nothing more — list them, create one with a role, deactivate
them, reset their second factor. Each act calls a service of `instruction.agents` and leaves an
`ActeAgent` row (shown on the agent's page). Superusers see every prefecture's agents."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import ActeAgent, Agent, Prefecture
from anef.back_office import PerimetreAdmin
from instruction import agents
from instruction.roles import ROLES

GERER_AGENTS = "accounts.gerer_agents"


class AgentCreationForm(forms.Form):
    prenom = forms.CharField(label=gettext_lazy("Prénom"), max_length=150)
    nom = forms.CharField(label=gettext_lazy("Nom"), max_length=100)
    email = forms.EmailField(
        label=gettext_lazy("Adresse email professionnelle"),
        help_text=gettext_lazy("Elle sert d'identifiant de connexion."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Rôle"),
        choices=[(r.code, r.libelle) for r in ROLES.values()],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, prefectures=None, **kwargs):
        super().__init__(*args, **kwargs)
        if prefectures is not None:  # superusers only: an administrateur local has one
            self.fields["prefecture"] = forms.ModelChoiceField(
                label=gettext_lazy("Préfecture"), queryset=prefectures
            )


class ActeAgentInline(admin.TabularInline):
    model = ActeAgent
    fk_name = "agent"
    extra = 0
    fields = ["le", "nature", "par"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = gettext_lazy("Actes de gestion du compte")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True


@admin.register(Agent)
class AgentAdmin(PerimetreAdmin):
    perimetre_prefecture = "prefecture"
    list_display = ["identifiant", "nom", "prenom", "roles", "is_active", "second_facteur"]
    list_filter = ["is_active"]
    search_fields = ["=identifiant", "nom"]
    ordering = ["nom", "prenom"]
    fields = [
        "identifiant",
        "nom",
        "prenom",
        "email",
        "prefecture",
        "roles",
        "is_active",
        "second_facteur",
        "date_joined",
        "last_login",
    ]
    readonly_fields = fields
    inlines = [ActeAgentInline]
    actions = ["desactiver", "reinitialiser_second_facteur"]

    def get_queryset(self, request):
        dispositif = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return (
            super()
            .get_queryset(request)
            .select_related("prefecture")
            .prefetch_related("groups")
            .annotate(a_un_dispositif=Exists(dispositif))
        )

    def get_list_display(self, request):
        colonnes = super().get_list_display(request)
        # An administrateur local's agents all share their prefecture.
        return [*colonnes, "prefecture"] if request.user.is_superuser else colonnes

    @admin.display(description=gettext_lazy("rôles"))
    def roles(self, agent):
        return ", ".join(sorted(g.name for g in agent.groups.all()))

    @admin.display(description=gettext_lazy("double authentification"), boolean=True)
    def second_facteur(self, agent):
        return agent.a_un_dispositif

    def _gere(self, request) -> bool:
        user = request.user
        return user.is_active and (user.is_superuser or user.has_perm(GERER_AGENTS))

    def has_module_permission(self, request):
        return self._gere(request)

    def has_view_permission(self, request, obj=None):
        return self._gere(request)

    def has_add_permission(self, request):
        return self._gere(request)

    def has_change_permission(self, request, obj=None):
        # The page is read-only: every change is an action (a service), never a form save.
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        return super().get_actions(request) if self._gere(request) else {}

    def add_view(self, request, form_url="", extra_context=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        superuser = request.user.is_superuser
        prefectures = Prefecture.objects.order_by("code") if superuser else None
        form = AgentCreationForm(request.POST or None, prefectures=prefectures)
        contexte = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Créer un agent"),
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            donnees = form.cleaned_data
            try:
                agent = agents.agent_creer(
                    prefecture=donnees["prefecture"] if superuser else request.user.prefecture,
                    role=ROLES[donnees["role"]],
                    email=donnees["email"],
                    nom=donnees["nom"],
                    prenom=donnees["prenom"],
                    par=request.user,
                )
            except agents.AgentError as refus:
                form.add_error("email", str(refus))
            else:
                contexte.update(
                    title=_("Agent créé"), agent=agent, lien=agents.lien_enrolement(agent)
                )
                return TemplateResponse(request, "admin/agents/agent_cree.html", contexte)
        return TemplateResponse(request, "admin/agents/ajout.html", contexte)

    @admin.action(description=gettext_lazy("Désactiver les agents sélectionnés"))
    def desactiver(self, request, queryset):
        faits = 0
        for agent in queryset.filter(is_active=True).exclude(pk=request.user.pk):
            agents.agent_desactiver(agent=agent, par=request.user)
            faits += 1
        self.message_user(
            request, _("Agents désactivés : %(nombre)d.") % {"nombre": faits}, messages.SUCCESS
        )

    @admin.action(
        description=gettext_lazy("Réinitialiser la double authentification des agents sélectionnés")
    )
    def reinitialiser_second_facteur(self, request, queryset):
        faits = 0
        for agent in queryset:
            agents.second_facteur_reinitialiser(agent=agent, par=request.user)
            faits += 1
        self.message_user(
            request,
            _(
                "Double authentification réinitialisée pour %(nombre)d agent(s) : ils l'activeront "
                "de nouveau à leur prochaine connexion."
            )
            % {"nombre": faits},
            messages.SUCCESS,
        )
