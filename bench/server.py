"""Gunicorn on a free loopback port, always stopped on the way out."""

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import NamedTuple

from bench import config


def free_port() -> int:
    with socket.socket() as s:
        s.bind((config.HOST, 0))
        return s.getsockname()[1]


def _gunicorn() -> str:
    sibling = Path(sys.executable).with_name("gunicorn")
    return str(sibling) if sibling.exists() else (shutil.which("gunicorn") or "gunicorn")


def _answers(port: int) -> bool:
    conn = http.client.HTTPConnection(config.HOST, port, timeout=2)
    try:
        conn.request("GET", "/compte/connexion/")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


class Running(NamedTuple):
    port: int
    pid: int  # the gunicorn master


def workers(master: int) -> list[int]:
    """Pids of the master's children (its workers), from /proc."""
    try:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        return sorted(int(pid) for pid in children)
    except OSError:  # kernel without CONFIG_PROC_CHILDREN: scan every process's parent
        found = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                # "pid (comm) state ppid …": comm may hold spaces, split after its ")".
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(fields[1]) == master:
                found.append(int(stat.parent.name))
        return sorted(found)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], log_path: Path, *, workers: int, worker_class: str, threads: int):
    port = free_port()
    command = [
        _gunicorn(),
        "anef.wsgi:application",
        "--bind",
        f"{config.HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        worker_class,
        "--threads",
        str(threads),
        "--graceful-timeout",
        "5",
    ]
    with open(log_path, "wb") as log:
        # Own session: Ctrl-C reaches only us, and we stop the server in `finally`.
        process = subprocess.Popen(
            command,
            cwd=config.BASE_DIR,
            # Server-Timing is off by default (a timing oracle); the bench's server-side
            # figures come from it.
            env={**os.environ, **env, "SERVER_TIMING": "true"},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 30
        while not _answers(port):
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({process.returncode}); see {log_path}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within 30 s; see {log_path}")
            time.sleep(0.2)
        yield Running(port, process.pid)
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        # The master and its workers share the process group we created for them.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
