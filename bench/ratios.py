"""In-process ratios to the floor (issue 13): each page is timed interleaved with the floor —
page, floor, page, floor… — in the same run, with the test client, so that the noise of a shared
machine hits both alike. The figure that counts is the ratio of the medians."""

import logging
import statistics
import time
from dataclasses import dataclass

from bench import config

SAMPLES = 30
WARMUP = 3

TARGET_STEP = 2.0  # every wizard step GET, with and without errors
TARGET_POST = 2.0  # every POST
TARGET_MON_COMPTE = 1.5
TARGET_PUBLIC = 1.2  # login and public pages

PUBLIC = [
    ("connexion", "/compte/connexion/"),
    ("accueil", "/"),
    ("demarches", "/demarches/"),
    ("contact", "/contact/"),
    ("plan_du_site", "/plan-du-site/"),
    ("mentions_legales", "/mentions-legales/"),
    ("accessibilite", "/accessibilite/"),
]
EPHOTO = "1PMTEK770613113807AA00"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    target: float
    method: str = "GET"
    data: dict | None = None
    anonymous: bool = False
    expect_status: int = 200


def _etape(demande_pk: int, code: str) -> str:
    return f"/espace-personnel/demandes/{demande_pk}/{code}/"


def remplir(client, demande_pk: int) -> None:
    """Steps 2 to 4 of the draft (step 1 is seeded) saved as a browser would post them, so that
    every step of the wizard, the récapitulatif included, can be shown."""
    from django.utils import timezone

    from justificatifs.models import EPhoto
    from tests.demandes import parcours

    EPhoto.objects.get_or_create(code=EPHOTO, defaults={"prise_le": timezone.localdate()})
    for code, data in [
        ("motif", parcours.MOTIF_ETUDIANT),
        ("ressources", parcours.ressources(("boursier", 700))),
        ("justificatifs", {"action": "ephoto_confirmer", "ephoto-code": EPHOTO}),
        ("justificatifs", {"action": "enregistrer"}),
    ]:
        response = client.post(_etape(demande_pk, code), data)
        if response.status_code != 302:
            raise RuntimeError(f"step {code} refused while preparing the bench draft")


def pages(demande_pk: int) -> list[Page]:
    """Every page of the issue: public pages, Mon compte, and each step of the draft's motif
    GET, POSTed with errors (empty form: the page again, errors beside the fields) and POSTed
    valid."""
    from demandes import wizard
    from demandes.catalogue.types import NatureEtape
    from demandes.models import Demande
    from tests.demandes import parcours

    valid = {
        "personnel": parcours.PERSONNEL,
        "motif": parcours.MOTIF_ETUDIANT,
        "ressources": parcours.ressources(("boursier", 700)),
        "justificatifs": {"action": "enregistrer"},
        "recapitulatif": {"action": "valider_partie", "partie": "0"},
    }
    result = [Page(name, path, TARGET_PUBLIC, anonymous=True) for name, path in PUBLIC]
    result.append(Page("mon_compte", "/espace-personnel/mon-compte/", TARGET_MON_COMPTE))
    motif = wizard.motif_de(Demande.objects.get(pk=demande_pk))
    for etape in motif.etapes:
        if etape.nature == NatureEtape.CONFIRMATION:
            continue
        path = _etape(demande_pk, etape.code)
        name = f"{motif.code}/{etape.code}"
        result.append(Page(f"{name} GET", path, TARGET_STEP))
        if etape.nature == NatureEtape.FORMULAIRE:
            # Refused: the page again with the errors beside the fields, answered 400.
            result.append(Page(f"{name} POST errors", path, TARGET_STEP, "POST", {}, False, 400))
        if etape.code in valid:
            result.append(
                Page(f"{name} POST", path, TARGET_POST, "POST", valid[etape.code], False, 302)
            )
    return result


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(pct / 100 * len(ordered) + 0.5) - 1)]


def measure(compte, samples: int = SAMPLES) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    user = User.objects.get(identifiant=compte.identifiant)
    logged = Client(SERVER_NAME=config.HOST)
    logged.force_login(user)
    anonymous = Client(SERVER_NAME=config.HOST)
    remplir(logged, compte.demande)

    def sender(page: Page):
        client = anonymous if page.anonymous else logged
        if page.method == "POST":
            return lambda: client.post(page.path, page.data)
        return lambda: client.get(page.path)

    floor = sender(Page("plancher", config.FLOOR_PATH, 1.0))
    rows = []
    logging.disable(logging.WARNING)  # the 400 of every refused POST
    for page in [Page("plancher", config.FLOOR_PATH, 1.0), *pages(compte.demande)]:
        send = sender(page)
        for _ in range(WARMUP):
            send()
            floor()
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as captured:
                response = send()
            counts.append(len(captured.captured_queries))
        if response.status_code != page.expect_status:
            raise RuntimeError(f"{page.name}: status {response.status_code} in-process")
        page_ms, floor_ms = [], []
        for _ in range(samples):
            began = time.perf_counter()
            send()
            middle = time.perf_counter()
            floor()
            page_ms.append((middle - began) * 1000)
            floor_ms.append((time.perf_counter() - middle) * 1000)
        # Each pair ran back to back: the ratio of a pair is what a burst of load on the
        # machine changes least; their median is the page's ratio.
        ratio = statistics.median(p / f for p, f in zip(page_ms, floor_ms, strict=True))
        rows.append(
            {
                "page": page.name,
                "method": page.method,
                "path": page.path,
                "status": response.status_code,
                "queries": counts[-1],
                "queries_constant": counts[0] == counts[1],
                "median_ms": round(statistics.median(page_ms), 2),
                "p95_ms": round(_percentile(page_ms, 95), 2),
                "floor_median_ms": round(statistics.median(floor_ms), 2),
                "ratio": round(ratio, 2),
                "target": page.target,
                # The floor against itself measures the run's noise: it has no target.
                "status_target": (
                    "noise"
                    if page.name == "plancher"
                    else "OK"
                    if ratio <= page.target
                    else "ABOVE"
                ),
            }
        )
    logging.disable(logging.INFO)
    return rows


def print_table(rows: list[dict]) -> None:
    header = (
        f"{'page':<34} {'median':>8} {'p95':>8} {'floor':>7} {'ratio':>6} {'target':>6} "
        f"{'':>5} {'SQL':>4}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        sql = f"{r['queries']}{'' if r['queries_constant'] else '!'}"
        print(
            f"{r['page']:<34} {r['median_ms']:>6.2f}ms {r['p95_ms']:>6.2f}ms "
            f"{r['floor_median_ms']:>5.2f}ms {r['ratio']:>5.2f}x {r['target']:>5.1f}x "
            f"{r['status_target']:>5} {sql:>4}"
        )
    print(
        "(in-process, one request at a time, each page interleaved with the floor; ratio = "
        "median of the page/floor ratios of the pairs; SQL: queries of a steady-state "
        "request, ! if two successive requests differ)"
    )
