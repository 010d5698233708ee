"""The administrateur local manages agents through their own page (`accounts.gerer_agents`),
nothing more: the user permissions that opened the applicants' accounts go."""

from django.db import migrations

RETIREES = ["view_user", "add_user", "change_user"]


def retirer(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groupe = Group.objects.filter(name="Administrateurs locaux").first()
    if groupe is not None:
        groupe.permissions.remove(
            *Permission.objects.filter(content_type__app_label="accounts", codename__in=RETIREES)
        )


def remettre(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    groupe = Group.objects.filter(name="Administrateurs locaux").first()
    if groupe is not None:
        groupe.permissions.add(
            *Permission.objects.filter(content_type__app_label="accounts", codename__in=RETIREES)
        )


class Migration(migrations.Migration):
    dependencies = [("instruction", "0002_roles")]

    operations = [migrations.RunPython(retirer, remettre)]
