"""The pages under test. Add a scenario by appending to SCENARIOS."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str
    # Each virtual user logs in with its own account first (the in-process query count
    # uses client.force_login instead).
    authenticated: bool = False
    description: str = ""


SCENARIOS = [
    Scenario(
        name="connexion",
        path="/compte/connexion/",
        description="Login page, anonymous",
    ),
    Scenario(
        name="mon_compte",
        path="/espace-personnel/mon-compte/",
        authenticated=True,
        description="Mon compte, logged in",
    ),
]
