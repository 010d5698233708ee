"""The back office's admin site (`AnefAdminConfig.default_site`): it lets in only an agent
(`anef.back_office.peut_entrer`) whose session the second factor verified (django-otp): after
the password, the code step or enrolment (`instruction.admin.second_facteur`)."""

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _

from anef.back_office import peut_entrer, verifie


class AnefAdminSite(admin.AdminSite):
    site_header = _("ANEF-séjour — back-office des préfectures")
    site_title = _("Back-office ANEF-séjour")
    index_title = _("Administration")
    # The queue's columns need the page's width; the index and breadcrumbs lead everywhere.
    enable_nav_sidebar = False

    def has_permission(self, request):
        # Two factors for everyone, superusers included: the password, then a one-time code.
        return peut_entrer(request.user) and verifie(request.user)

    def login(self, request, extra_context=None):
        """The password step; once passed, the code step (or enrolment) until verified."""
        # Imported here: importing `instruction.admin` registers its ModelAdmins on this site,
        # which must be built first.
        from instruction.admin.second_facteur import etape_suivante

        if request.method == "GET" and (suite := etape_suivante(request)):
            return HttpResponseRedirect(suite)
        return super().login(request, extra_context)

    def get_urls(self):
        from instruction.admin import second_facteur

        return second_facteur.urls(self) + super().get_urls()
