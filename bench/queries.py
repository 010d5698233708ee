"""SQL queries per page, counted in-process with the test client on the bench database."""

import statistics
import time

from bench import config
from bench.scenarios import Scenario

SAMPLES = 20


def measure(scenario: Scenario, compte) -> dict:
    """Queries of the first request (session bookkeeping after login, cold caches) and of a
    steady-state one; plus the median in-process time of the page, one request at a time.
    A POST scenario posts its data (the test client does not check CSRF)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    client = Client(SERVER_NAME=config.HOST)
    if scenario.authenticated:
        client.force_login(User.objects.get(identifiant=compte.identifiant))
    path = scenario.path_of(compte)

    def send():
        if scenario.method == "POST":
            return client.post(path, scenario.data)
        return client.get(path)

    # captured_queries is read lazily from connection.queries_log, which every later request
    # resets (request_started): copy the lists as soon as each request is done.
    with CaptureQueriesContext(connection) as captured:
        first_response = send()
    first = list(captured.captured_queries)
    with CaptureQueriesContext(connection) as captured:
        response = send()
    steady = list(captured.captured_queries)
    for r in (first_response, response):
        location = r.get("Location", "")
        if r.status_code != scenario.expect_status or (
            scenario.expect_location and scenario.expect_location not in location
        ):
            raise RuntimeError(f"{path}: status {r.status_code} {location} in-process")
    timings = []
    for _ in range(SAMPLES):
        began = time.perf_counter()
        send()
        timings.append((time.perf_counter() - began) * 1000)
    return {
        "queries": len(steady),
        # Steady state, as tests/demandes/test_requetes.py counts (the first request after a
        # login also writes the session).
        "queries_status": (
            "n/a"
            if scenario.max_queries is None
            else "OK"
            if len(steady) <= scenario.max_queries
            else "ABOVE"
        ),
        "queries_first_request": len(first),
        "sql": [q["sql"] for q in steady],
        "sql_first_request": [q["sql"] for q in first],
        "in_process_median_ms": round(statistics.median(timings), 2),
    }
