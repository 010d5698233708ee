"""The limited child process that parses untrusted uploads (anef.sandbox)."""

import tempfile
import time

from anef import sandbox


def run(*args, **limits):
    with tempfile.TemporaryFile() as vide:
        return sandbox.run("tests.sandbox_enfants", *args, stdin=vide, **limits)


def test_the_child_exit_code_is_the_verdict():
    assert run("code", "13") == 13


def test_a_child_spinning_the_cpu_is_killed_at_its_cpu_limit():
    debut = time.monotonic()
    assert run("boucle", cpu_seconds=1) == sandbox.KILLED
    assert time.monotonic() - debut < 10


def test_a_child_allocating_past_its_address_space_is_stopped():
    assert run("memoire", address_space_bytes=128 * 1024 * 1024) == sandbox.KILLED


def test_a_child_past_the_wall_clock_timeout_is_killed():
    assert run("boucle", cpu_seconds=30, timeout=0.5) == sandbox.KILLED
