"""A small closed-loop load generator: one thread per virtual user, keep-alive connections."""

import http.client
import math
import re
import statistics
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench import config

CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
# anef.middleware.ServerTimingMiddleware: time spent in Django, without queueing and HTTP.
SERVER_TIMING = re.compile(r"(?:^|,)\s*app;dur=([0-9.]+)")
STALE = (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError)


class Session:
    """One browser: a keep-alive connection to 127.0.0.1 and a cookie jar."""

    def __init__(self, port: int, compte=None, timeout: float = 30.0):
        self.port = port
        self.compte = compte  # data.Compte: whose account and draft this browser uses
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def request(self, method: str, path: str, body: bytes | None = None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            reused = self.conn is not None
            if self.conn is None:
                self.conn = http.client.HTTPConnection(config.HOST, self.port, timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
            except STALE:
                # The server closed an idle keep-alive connection: reconnect once.
                self.close()
                if reused and attempt == 1:
                    continue
                raise
            except Exception:
                self.close()
                raise
            for header in response.msg.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            if response.will_close:
                self.close()
            return response.status, response, content
        raise AssertionError("unreachable")

    def csrf_token(self, path: str) -> str:
        """GET a form page; the token of its form (valid with this session's csrftoken)."""
        status, _response, content = self.request("GET", path)
        match = CSRF_INPUT.search(content)
        if status != 200 or not match or "csrftoken" not in self.cookies:
            raise RuntimeError(f"{path}: status {status}, no CSRF token/cookie")
        return match.group(1).decode()

    def form_headers(self, path: str, content_type="application/x-www-form-urlencoded") -> dict:
        return {"Content-Type": content_type, "Referer": f"http://{config.HOST}:{self.port}{path}"}

    def post_form(self, path: str, data: dict):
        body = urlencode({**data, "csrfmiddlewaretoken": self.csrf_token(path)}).encode()
        return self.request("POST", path, body=body, headers=self.form_headers(path))

    def login(self, identifiant: str, password: str) -> None:
        path = "/compte/connexion/"
        status, response, _content = self.post_form(
            path, {"identifiant": identifiant, "password": password}
        )
        location = response.getheader("Location", "")
        if status != 302 or "sessionid" not in self.cookies or "mon-compte" not in location:
            raise RuntimeError(f"login of {identifiant} failed: status {status} -> {location!r}")


def server_ms(response) -> float | None:
    """The `Server-Timing: app;dur=…` of a response, None without the header."""
    match = SERVER_TIMING.search(response.getheader("Server-Timing") or "")
    return float(match.group(1)) if match else None


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)
    server_ms: list[float] = field(default_factory=list)  # successful requests with the header
    errors: Counter = field(default_factory=Counter)
    duration_s: float = 0.0
    client_cpu_s: float = 0.0  # CPU used by this load generator, which shares the machine

    @property
    def requests(self) -> int:
        return len(self.latencies_ms) + sum(self.errors.values())

    def summary(self) -> dict:
        ok = sorted(self.latencies_ms)
        server = sorted(self.server_ms)
        return {
            "requests": self.requests,
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "median_ms": round(statistics.median(ok), 2) if ok else None,
            "p95_ms": round(percentile(ok, 95), 2) if ok else None,
            "p99_ms": round(percentile(ok, 99), 2) if ok else None,
            "max_ms": round(ok[-1], 2) if ok else None,
            "server_median_ms": round(statistics.median(server), 2) if server else None,
            "server_p95_ms": round(percentile(server, 95), 2) if server else None,
            "server_timed": len(server),
            "rps": round(self.requests / self.duration_s, 1) if self.duration_s else None,
            "duration_s": round(self.duration_s, 2),
            "client_cpu_s": round(self.client_cpu_s, 2),
        }


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    rank = max(1, math.ceil(p / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def _in_parallel(sessions: list[Session], work) -> None:
    failures = []

    def run(session):
        try:
            work(session)
        except Exception as exc:  # reported by the caller
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(s,), daemon=True) for s in sessions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def log_in_all(sessions: list[Session]) -> None:
    _in_parallel(sessions, lambda s: s.login(s.compte.identifiant, config.PASSWORD))


def _prepare(session: Session, scenario) -> tuple:
    """The request this session repeats: (method, path, body, headers)."""
    path = scenario.path_of(session.compte)
    if scenario.method == "GET":
        return "GET", path, None, {}
    body = urlencode({**scenario.data, "csrfmiddlewaretoken": session.csrf_token(path)})
    return scenario.method, path, body.encode(), session.form_headers(path)


def _error(scenario, status: int, response) -> str | None:
    if status != scenario.expect_status:
        return f"HTTP {status}"
    location = response.getheader("Location", "")
    if scenario.expect_location and scenario.expect_location not in location:
        return f"HTTP {status} to {location}"
    return None


def run(
    sessions: list[Session], scenario, *, max_requests: int, max_seconds: float, warmup: int
) -> Result:
    """Every session sends its request of `scenario` in a loop until `max_requests` are sent
    in all or `max_seconds` have passed, after `warmup` unrecorded requests each."""
    requests = {}

    def warm(session):
        requests[id(session)] = _prepare(session, scenario)
        for _ in range(warmup):
            method, path, body, headers = requests[id(session)]
            session.request(method, path, body=body, headers=headers)

    _in_parallel(sessions, warm)

    result = Result()
    lock = threading.Lock()
    budget = [max_requests]
    start_line = threading.Barrier(len(sessions) + 1)
    deadline = [0.0]

    def loop(session):
        method, path, body, headers = requests[id(session)]
        start_line.wait()
        while True:
            with lock:
                if budget[0] <= 0 or time.perf_counter() >= deadline[0]:
                    return
                budget[0] -= 1
            began = time.perf_counter()
            server = None
            try:
                status, response, _content = session.request(method, path, body, headers)
                error = _error(scenario, status, response)
                server = server_ms(response)
            except Exception as exc:
                error = type(exc).__name__
            elapsed_ms = (time.perf_counter() - began) * 1000
            with lock:
                if error:
                    result.errors[error] += 1
                else:
                    result.latencies_ms.append(elapsed_ms)
                    if server is not None:
                        result.server_ms.append(server)

    threads = [threading.Thread(target=loop, args=(s,), daemon=True) for s in sessions]
    for thread in threads:
        thread.start()
    began, cpu_began = time.perf_counter(), time.process_time()
    deadline[0] = began + max_seconds
    start_line.wait()
    for thread in threads:
        thread.join()
    result.duration_s = time.perf_counter() - began
    result.client_cpu_s = time.process_time() - cpu_began
    return result
