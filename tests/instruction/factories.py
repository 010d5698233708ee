"""Agents with a role, and requests moved along by the real services."""

from instruction.roles import ROLES, groupe_de
from tests.accounts.factories import UserFactory


def agent(role: str = "instructeur", *, prefecture, **kwargs):
    """An active agent of `prefecture` with the role's group (created by the migration)."""
    user = UserFactory(agent=True, prefecture=prefecture, **kwargs)
    user.groups.add(groupe_de(ROLES[role]))
    return user
