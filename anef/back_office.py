"""The back office (Django admin for prefecture agents): its site and its one scoping rule.

Every `ModelAdmin` of the site inherits `PerimetreAdmin` and declares where its rows meet a
prefecture (`perimetre_prefecture`) and, when they belong to a request, where the request's
state is (`perimetre_etat`). `perimetre()` then fails closed:

- drafts are never shown, to anyone (they are the applicant's work in progress);
- a superuser sees every other row;
- an agent (active staff user with a prefecture and a role, i.e. at least one group) sees the
  rows of their prefecture, and nothing of a model declared for administrators only;
- anyone else sees nothing, and `AnefAdminSite` does not even let them in.

`AnefAdminSite` lets in only a session verified by the second factor (django-otp): after the
password, the code step or enrolment (`instruction.admin.second_facteur`).
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

BROUILLON = "brouillon"  # demandes.models.EtatDemande.BROUILLON, without importing demandes here


def est_agent(user) -> bool:
    """An agent may use the back office: active staff, a prefecture and a role (a group)."""
    if not (user.is_active and user.is_staff and getattr(user, "prefecture_id", None)):
        return False
    # Asked several times per admin page: one query per request (the user object's lifetime).
    if not hasattr(user, "_a_un_role"):
        user._a_un_role = user.groups.exists()
    return user._a_un_role


def peut_entrer(user) -> bool:
    return bool(user.is_active and (user.is_superuser or est_agent(user)))


def verifie(user) -> bool:
    """The session passed the second factor (django-otp's middleware sets `is_verified`)."""
    est_verifie = getattr(user, "is_verified", None)
    return bool(est_verifie and est_verifie())


def perimetre(
    queryset: QuerySet,
    user,
    *,
    prefecture: str | tuple[str, ...] | None,
    etat: str | None = None,
) -> QuerySet:
    """The rows of `queryset` that `user` may see in the back office.

    `prefecture` is the lookup from the model to a `Prefecture`, or several (a row matching any
    of them is in); None: administrators only. `etat` is the lookup to the state of the request
    the row belongs to (None: the row is not a request's)."""
    if etat is not None:
        queryset = queryset.exclude(**{etat: BROUILLON})
    if user.is_active and user.is_superuser:
        return queryset
    if prefecture is None or not est_agent(user):
        return queryset.none()
    if isinstance(prefecture, str):
        return queryset.filter(**{prefecture: user.prefecture_id})
    condition = Q()
    for chemin in prefecture:
        condition |= Q(**{chemin: user.prefecture_id})
    return queryset.filter(condition).distinct()


class PerimetreAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every view reads through `perimetre()`; a row out of it is a 404."""

    perimetre_prefecture: str | tuple[str, ...] | None = None
    perimetre_etat: str | None = None
    # Reference data and imported registries: agents read them, administrators write them.
    ecriture_reservee_aux_administrateurs = False

    def get_queryset(self, request):
        return perimetre(
            super().get_queryset(request),
            request.user,
            prefecture=self.perimetre_prefecture,
            etat=self.perimetre_etat,
        )

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def history_view(self, request, object_id, extra_context=None):
        # simple-history falls back to the last historical copy of a row it cannot find:
        # check the row is in scope first.
        self.get_object(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's page of one past version saves its form on POST (a revert that
        # skips the change permission) and does not scope: administrators only, read-only.
        self.get_object(request, object_id)
        if request.method != "GET" or not request.user.is_superuser:
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _reserve_aux_administrateurs(self, request) -> bool:
        return self.perimetre_prefecture is None and not request.user.is_superuser

    def has_module_permission(self, request):
        if self._reserve_aux_administrateurs(request):
            return False
        return super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        if self._reserve_aux_administrateurs(request):
            return False
        return super().has_view_permission(request, obj)

    def _ecriture_refusee(self, request) -> bool:
        return self.ecriture_reservee_aux_administrateurs and not request.user.is_superuser

    def has_add_permission(self, request):
        return not self._ecriture_refusee(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        if self._ecriture_refusee(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if self._ecriture_refusee(request):
            return False
        return super().has_delete_permission(request, obj)


class LectureSeuleAdmin(PerimetreAdmin):
    """Rows written only by services: shown, never added, changed or deleted here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AnefAdminSite(admin.AdminSite):
    site_header = _("ANEF-séjour — back-office des préfectures")
    site_title = _("Back-office ANEF-séjour")
    index_title = _("Administration")

    def has_permission(self, request):
        # Two factors for everyone, superusers included: the password, then a one-time code.
        return peut_entrer(request.user) and verifie(request.user)

    def login(self, request, extra_context=None):
        """The password step; once passed, the code step (or enrolment) until verified."""
        # Imported here, as below: instruction.admin.second_facteur imports this module.
        from instruction.admin.second_facteur import etape_suivante

        if request.method == "GET" and (suite := etape_suivante(request)):
            return HttpResponseRedirect(suite)
        return super().login(request, extra_context)

    def get_urls(self):
        from instruction.admin import second_facteur

        return second_facteur.urls(self) + super().get_urls()
