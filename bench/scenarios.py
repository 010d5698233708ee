"""The pages under test. Add a scenario by appending to SCENARIOS."""

from collections.abc import Callable
from dataclasses import dataclass

from bench import config
from tests.demandes import parcours  # the answers a browser posts, shared with the tests


@dataclass(frozen=True)
class Scenario:
    name: str
    # As shown in the report; `path_for`, when given, builds each user's own path from their
    # bench account (data.Compte), e.g. the URL of their draft.
    path: str
    # Each virtual user logs in with its own account first (the in-process query count
    # uses client.force_login instead).
    authenticated: bool = False
    description: str = ""
    path_for: Callable | None = None
    # POST: every iteration posts `data` plus the CSRF token read once, per user, from a GET of
    # the same path (the csrftoken cookie comes from the login).
    method: str = "GET"
    data: dict | None = None
    expect_status: int = 200
    expect_location: str | None = None  # a 302 must redirect there (contains), else an error
    # Targets of this page, on the client-observed or the server-side (Server-Timing) figures.
    target_median_ms: float = config.TARGET_MEDIAN_MS
    target_p95_ms: float = config.TARGET_P95_MS
    target_side: str = "client"
    max_queries: int | None = None

    def path_of(self, compte) -> str:
        return self.path_for(compte) if self.path_for else self.path


def etape(code: str) -> Callable:
    return lambda compte: f"/espace-personnel/demandes/{compte.demande}/{code}/"


WIZARD = {
    "authenticated": True,
    "target_median_ms": config.TARGET_WIZARD_MEDIAN_MS,
    "target_p95_ms": config.TARGET_WIZARD_P95_MS,
    "target_side": "server",
    "max_queries": config.MAX_QUERIES_PER_STEP,
}

SCENARIOS = [
    Scenario(
        name="plancher",
        path=config.FLOOR_PATH,
        authenticated=True,
        description="The floor: base.html with an empty content block, logged in",
    ),
    Scenario(
        name="connexion",
        path="/compte/connexion/",
        description="Login page, anonymous",
    ),
    Scenario(
        name="mon_compte",
        path="/espace-personnel/mon-compte/",
        authenticated=True,
        description="Mon compte, logged in (with a draft request)",
    ),
    Scenario(
        name="etape_get",
        path="/espace-personnel/demandes/<pk>/motif/",
        path_for=etape("motif"),
        description="Wizard step 2 (motif, etudiant) shown, each user on their own draft",
        **WIZARD,
    ),
    Scenario(
        name="etape_post",
        path="/espace-personnel/demandes/<pk>/motif/",
        path_for=etape("motif"),
        method="POST",
        data=parcours.MOTIF_ETUDIANT,
        expect_status=302,
        expect_location="/ressources/",
        description="Wizard step 2 posted: validation + save, redirect to step 3",
        **WIZARD,
    ),
]
