"""SQL queries per page, counted in-process with the test client on the bench database."""

import statistics
import time

from bench import config
from bench.scenarios import Scenario

SAMPLES = 20


def measure(scenario: Scenario, identifiant: str) -> dict:
    """Queries of the first request (session bookkeeping after login, cold caches) and of a
    steady-state one; plus the median in-process time of the page, one request at a time."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client(SERVER_NAME=config.HOST)
    if scenario.authenticated:
        client.force_login(User.objects.get(identifiant=identifiant))
    # captured_queries is read lazily from connection.queries_log, which every later request
    # resets (request_started): copy the lists as soon as each request is done.
    with CaptureQueriesContext(connection) as captured:
        first_response = client.get(scenario.path)
    first = list(captured.captured_queries)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(scenario.path)
    steady = list(captured.captured_queries)
    for r in (first_response, response):
        if r.status_code != 200:
            raise RuntimeError(f"{scenario.path}: status {r.status_code} in-process")
    timings = []
    for _ in range(SAMPLES):
        began = time.perf_counter()
        client.get(scenario.path)
        timings.append((time.perf_counter() - began) * 1000)
    return {
        "queries": len(steady),
        "queries_first_request": len(first),
        "sql": [q["sql"] for q in steady],
        "sql_first_request": [q["sql"] for q in first],
        "in_process_median_ms": round(statistics.median(timings), 2),
    }
