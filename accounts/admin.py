from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from dsfr.models import DsfrConfig
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import Departement, DocumentSejour, Inscription, Prefecture, User
from anef.back_office import LectureSeuleAdmin, PerimetreAdmin

# Validity dates and the e-mail typed at account creation are what creating an account asks
# for: no agent sees them (issue 9), administrators only.
CHAMPS_CREATION_COMPTE = {"date_debut_validite", "date_fin_validite", "email"}


class ChampsCreationCompteCachesMixin:
    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return [f for f in fields if f not in CHAMPS_CREATION_COMPTE]

    def get_list_display(self, request):
        colonnes = super().get_list_display(request)
        if request.user.is_superuser:
            return colonnes
        return [c for c in colonnes if c not in CHAMPS_CREATION_COMPTE]

    def set_history_delta_changes(self, request, historical_records, **kwargs):
        """simple-history's "changes" column, without the hidden fields for agents."""
        caches = [] if request.user.is_superuser else sorted(CHAMPS_CREATION_COMPTE)
        precedent = None
        for courant in historical_records:
            if precedent is not None:
                delta = precedent.diff_against(
                    courant,
                    excluded_fields=caches,
                    foreign_keys_are_objs=kwargs.get("foreign_keys_are_objs", True),
                )
                aide = self.get_historical_record_context_helper(request, precedent)
                precedent.history_delta_changes = aide.context_for_delta_changes(delta)
            precedent = courant


class DepartementInline(admin.TabularInline):
    model = Departement
    extra = 0

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Prefecture)
class PrefectureAdmin(PerimetreAdmin, SimpleHistoryAdmin):
    perimetre_prefecture = "pk"
    ecriture_reservee_aux_administrateurs = True
    list_display = ["code", "nom", "ville"]
    search_fields = ["code", "nom"]
    inlines = [DepartementInline]


@admin.register(DocumentSejour)
class DocumentSejourAdmin(ChampsCreationCompteCachesMixin, PerimetreAdmin, SimpleHistoryAdmin):
    perimetre_prefecture = "prefecture"
    ecriture_reservee_aux_administrateurs = True
    list_display = ["numero", "nature", "numero_etranger", "motif", "date_fin_validite"]
    list_filter = ["nature", "prefecture"]
    search_fields = ["=numero", "=numero_etranger"]
    list_select_related = ["prefecture"]


@admin.register(Inscription)
class InscriptionAdmin(ChampsCreationCompteCachesMixin, LectureSeuleAdmin):
    perimetre_prefecture = "document__prefecture"
    list_display = ["pk", "cree_le", "terminee_le"]
    fields = ["document", "email", "cree_le", "terminee_le"]
    readonly_fields = fields


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["identifiant", "email"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean(self):
        donnees = super().clean()
        # A role is a group: the model cannot check a many-to-many before it is saved.
        if (
            "groups" in self.fields
            and donnees.get("is_staff")
            and not donnees.get("is_superuser")
            and not donnees.get("groups")
        ):
            self.add_error("groups", _("Un agent doit avoir au moins un rôle (groupe)."))
        return donnees


# What only an administrator may change on an account: privileges, identity, prefecture.
CHAMPS_ADMINISTRATEUR = [
    "identifiant",
    "numero_etranger",
    "statut",
    "is_staff",
    "prefecture",
    "groups",
    "is_active",
    "is_superuser",
    "user_permissions",
]


@admin.register(User)
class UserAdmin(PerimetreAdmin, SimpleHistoryAdmin, DjangoUserAdmin):
    """Agents see their prefecture's agents and the applicants whose requests it instructs;
    they may correct an applicant's contact details, nothing that grants or identifies."""

    perimetre_prefecture = ("prefecture", "demandes__prefecture")
    add_form = UserCreationForm
    form = UserEditForm
    ordering = ["identifiant"]
    list_display = ["identifiant", "nom", "prenom", "statut", "is_staff", "prefecture"]
    list_filter = ["is_staff", "statut", "prefecture"]
    search_fields = ["=identifiant", "=numero_etranger", "nom"]
    readonly_fields = ["date_joined", "last_login", "document"]
    fieldsets = [
        (None, {"fields": ["identifiant", "password"]}),
        (
            _("Usager"),
            {
                "fields": [
                    "nom",
                    "prenom",
                    "email",
                    "telephone",
                    "numero_etranger",
                    "document",
                    "statut",
                    "doit_changer_mot_de_passe",
                ]
            },
        ),
        (_("Agent"), {"fields": ["is_staff", "prefecture", "groups"]}),
        (_("Administration"), {"fields": ["is_active", "is_superuser", "user_permissions"]}),
        (_("Dates"), {"fields": ["date_joined", "last_login"]}),
    ]
    add_fieldsets = [
        (None, {"fields": ["identifiant", "email", "password1", "password2"]}),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        # An administrator attached to a prefecture is still nobody an agent manages.
        return queryset.exclude(is_superuser=True)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser or obj is None:
            return fieldsets
        # No link to the password form, which only administrators may use.
        return [
            (nom, {**options, "fields": [f for f in options["fields"] if f != "password"]})
            for nom, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return [*fields, *CHAMPS_ADMINISTRATEUR]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        # An agent never changes another agent's (or an administrator's) account.
        if obj is not None and obj.is_staff and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def user_change_password(self, request, id, form_url=""):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)


# Third-party admins: roles and lockouts are for administrators only
# (PerimetreAdmin with no prefecture), and go through the same scoping.
for modele, classe in [
    (Group, DjangoGroupAdmin),
    (AccessAttempt, AccessAttemptAdmin),
    (AccessLog, AccessLogAdmin),
    (AccessFailureLog, AccessFailureLogAdmin),
]:
    admin.site.unregister(modele)
    admin.site.register(modele, type(classe.__name__, (PerimetreAdmin, classe), {}))

# Second-factor devices are enrolled and reset through the agents' own pages (instruction),
# never edited as rows: their secrets stay out of the admin.
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)

# The DSFR site settings are a constant (anef.context_processors.SITE_CONFIG): the table
# django-dsfr's admin edits is never read.
admin.site.unregister(DsfrConfig)
