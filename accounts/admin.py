from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import BaseUserCreationForm, UserChangeForm
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Departement, DocumentSejour, Inscription, Prefecture, User


class DepartementInline(admin.TabularInline):
    model = Departement
    extra = 0


@admin.register(Prefecture)
class PrefectureAdmin(admin.ModelAdmin):
    list_display = ["code", "nom", "ville"]
    search_fields = ["code", "nom"]
    inlines = [DepartementInline]


@admin.register(DocumentSejour)
class DocumentSejourAdmin(admin.ModelAdmin):
    list_display = ["numero", "nature", "numero_etranger", "motif", "date_fin_validite"]
    list_filter = ["nature", "prefecture"]
    search_fields = ["=numero", "=numero_etranger"]
    list_select_related = ["prefecture"]


@admin.register(Inscription)
class InscriptionAdmin(admin.ModelAdmin):
    list_display = ["pk", "cree_le", "terminee_le"]
    readonly_fields = ["document", "email", "cree_le", "terminee_le"]


class UserCreationForm(BaseUserCreationForm):
    class Meta:
        model = User
        fields = ["identifiant", "email"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
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

    def get_queryset(self, request):
        # Agents see their prefecture's agents and the applicants whose requests it instructs.
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        prefecture = request.user.prefecture_id
        return queryset.filter(
            models.Q(prefecture_id=prefecture, is_staff=True)
            | models.Q(demandes__prefecture_id=prefecture)
        ).distinct()

    add_fieldsets = [
        (None, {"fields": ["identifiant", "email", "password1", "password2"]}),
    ]
