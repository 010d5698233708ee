"""The demo agents of `manage.py seed_demo`: one agent of each role in every demo prefecture
(accounts/demo.py), and their names."""

from accounts.demo import PREFECTURES
from instruction.roles import ADMINISTRATEUR_LOCAL, INSTRUCTEUR, VALIDEUR, Role

# The three roles of `instruction.roles` (groups created by a migration), and the prefix of the
# demo agent holding each in every prefecture: agent.nord, valideur.nord, admin-local.nord.
ROLES = [INSTRUCTEUR, VALIDEUR, ADMINISTRATEUR_LOCAL]
PREFIXES = {
    INSTRUCTEUR.code: "agent",
    VALIDEUR.code: "valideur",
    ADMINISTRATEUR_LOCAL.code: "admin-local",
}
# Names of the agents not in NOMS_AGENTS, by role.
NOMS_PAR_ROLE = {
    INSTRUCTEUR.code: ("Dominique", "AGENT"),
    VALIDEUR.code: ("Claire", "VALIDEUR"),
    ADMINISTRATEUR_LOCAL.code: ("Alex", "GESTIONNAIRE"),
}

NOMS_AGENTS = {
    "agent.nord": ("Camille", "LEROY"),
    "agent.paris": ("Julien", "MARTIN"),
    "agent.rhone": ("Sophie", "BERNARD"),
    "agent.bouches-du-rhone": ("Karim", "MEZIANE"),
    "agent.gironde": ("Hélène", "DUBOIS"),
    "agent.savoie": ("Thomas", "GIRARD"),
    "agent.seine-saint-denis": ("Nadia", "BOUZID"),
    "agent.haute-garonne": ("Pierre", "FABRE"),
}


def agents_demo() -> list[tuple[str, str, Role]]:
    """(identifier, prefecture code, role): one agent of each role for every prefecture."""
    return [
        (_identifiant_agent(court, role), code, role)
        for code, _nom, _ville, court in PREFECTURES
        for role in ROLES
    ]


def _identifiant_agent(court: str, role: Role) -> str:
    return f"{PREFIXES[role.code]}.{court}"
