from django.contrib.admin.apps import AdminConfig


class AnefAdminConfig(AdminConfig):
    """Django's admin with the back office's site (anef.back_office.AnefAdminSite)."""

    default_site = "anef.back_office.AnefAdminSite"
