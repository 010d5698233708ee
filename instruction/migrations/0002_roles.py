"""The three agents' roles as groups (a frozen copy of instruction/roles.py at this point; a
test keeps the database equal to that module)."""

from django.db import migrations

LECTURE = [
    "demandes.view_demande",
    "demandes.view_historiqueetat",
    "justificatifs.view_fichier",
    "attestations.view_attestation",
    "notifications.view_notification",
    "instruction.view_complement",
    "instruction.view_elementcomplement",
    "instruction.view_decision",
    "instruction.view_remise",
    "instruction.view_noteinterne",
    "instruction.add_noteinterne",
    "accounts.view_user",
]
ROLES = {
    "Instructeurs": [*LECTURE, "demandes.instruire_demande"],
    "Valideurs": [*LECTURE, "demandes.signer_decision"],
    "Administrateurs locaux": ["accounts.gerer_agents"],
}


def creer_roles(apps, schema_editor):
    from django.contrib.auth.management import create_permissions

    # Permissions are normally created after the whole migrate; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for nom, permissions in ROLES.items():
        groupe, _cree = Group.objects.get_or_create(name=nom)
        for permission in permissions:
            app_label, codename = permission.split(".")
            groupe.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )


def supprimer_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("instruction", "0001_complements_decisions_remises"),
        ("accounts", "0004_agents_gerer_permission"),
        ("demandes", "0004_cycle_de_vie_et_historique"),
        ("justificatifs", "0002_historique_ephoto_et_consultations"),
        ("attestations", "0001_attestation"),
        ("notifications", "0003_courriel_pieces_jointes"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(creer_roles, supprimer_roles)]
