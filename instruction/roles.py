"""The agents' roles: each a Django group holding the permissions it needs (created by the
migration `0002_roles`; a test keeps the groups equal to this list). An agent is a staff user of
one prefecture with at least one of these groups; national administrators are superusers."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

LECTURE_DES_DEMANDES = (
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
)


@dataclass(frozen=True)
class Role:
    code: str
    groupe: str
    libelle: str
    permissions: tuple[str, ...]


INSTRUCTEUR = Role(
    "instructeur",
    "Instructeurs",
    _("Agent instructeur : instruit les demandes et propose les décisions"),
    (*LECTURE_DES_DEMANDES, "demandes.instruire_demande"),
)
VALIDEUR = Role(
    "valideur",
    "Valideurs",
    _("Valideur : signe les décisions ou les renvoie à l'instructeur"),
    (*LECTURE_DES_DEMANDES, "demandes.signer_decision"),
)
ADMINISTRATEUR_LOCAL = Role(
    "administrateur_local",
    "Administrateurs locaux",
    _("Administrateur local : gère les agents de sa préfecture"),
    # The agents' page (instruction.admin.agents) asks this one permission; nothing of the
    # applicants' accounts or requests.
    ("accounts.gerer_agents",),
)

ROLES = {r.code: r for r in (INSTRUCTEUR, VALIDEUR, ADMINISTRATEUR_LOCAL)}


def role(code: str) -> Role:
    return ROLES[code]


def groupe_de(role: Role):
    """The role's group with the permissions this module declares, created or completed if a
    database lacks it (one restored or flushed after the migration `0002_roles` ran)."""
    from django.contrib.auth.models import Group, Permission

    groupe, _cree = Group.objects.get_or_create(name=role.groupe)
    voulues = {tuple(p.split(".")) for p in role.permissions}
    presentes = set(groupe.permissions.values_list("content_type__app_label", "codename"))
    for app_label, codename in voulues - presentes:
        groupe.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return groupe
