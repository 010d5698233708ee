from django.contrib.admin.apps import AdminConfig


class AnefAdminConfig(AdminConfig):
    """Django's admin with the back office's site (instruction.site.AnefAdminSite, named by
    its dotted path: the project's configuration names apps, it does not import them)."""

    default_site = "instruction.site.AnefAdminSite"
