"""The real processes of the fault harness, on loopback and their own ports, started and stopped
here: a private PostgreSQL cluster, a Redis, Celery worker and beat (gunicorn: bench.server)."""

import os
import pwd
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import redis

from bench import config
from bench.server import free_port


def _pg_bin() -> Path:
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parent.parent.name)
    )
    if not versions:
        raise RuntimeError("pg_ctl introuvable sous /usr/lib/postgresql/*/bin")
    return versions[-1].parent


class Postgres:
    """A throwaway cluster (initdb) in its own directory of /tmp, on its own port: it can be
    restarted without touching the machine's PostgreSQL. initdb refuses root: as root, the
    cluster belongs to the `postgres` account."""

    def __init__(self, racine: Path):
        self.racine = racine
        self.donnees = racine / "donnees"
        self.port = free_port()
        self.bin = _pg_bin()
        self._compte = "postgres" if os.geteuid() == 0 else None

    def _lancer(self, *args: str, timeout: float = 120) -> None:
        commande = [str(self.bin / args[0]), *args[1:]]
        if self._compte:
            commande = ["runuser", "-u", self._compte, "--", *commande]
        subprocess.run(commande, check=True, timeout=timeout, capture_output=True)

    def initialiser(self) -> None:
        self.racine.mkdir(parents=True, exist_ok=True)
        if self._compte:
            compte = pwd.getpwnam(self._compte)
            os.chown(self.racine, compte.pw_uid, compte.pw_gid)
        self._lancer(
            "initdb", "-D", str(self.donnees), "-U", "postgres", "--auth=trust", "-E", "UTF8"
        )
        self.demarrer()
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute('CREATE DATABASE "anef"')

    def _options(self) -> str:
        return (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.racine} -c max_connections=60"
        )

    def demarrer(self) -> None:
        self._lancer(
            "pg_ctl", "-D", str(self.donnees), "-l", str(self.racine / "postgres.log"),
            "-o", self._options(), "-w", "start",
        )  # fmt: skip

    def redemarrer(self) -> None:
        self._lancer(
            "pg_ctl", "-D", str(self.donnees), "-l", str(self.racine / "postgres.log"),
            "-o", self._options(), "-m", "fast", "-w", "restart",
        )  # fmt: skip

    def arreter(self) -> None:
        if (self.donnees / "postmaster.pid").exists():
            self._lancer("pg_ctl", "-D", str(self.donnees), "-m", "immediate", "-w", "stop")

    def dsn(self, base: str = "anef") -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={base}"

    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/anef"

    def supprimer(self) -> None:
        shutil.rmtree(self.racine, ignore_errors=True)


class Redis:
    """Its own redis-server, nothing saved: stopped (refused connections) or frozen with
    SIGSTOP (the kernel accepts connections, nobody answers: a hung Redis)."""

    def __init__(self):
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def demarrer(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        client.close()

    def arreter(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.terminate()
            self.process.wait(timeout=10)

    def geler(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def degeler(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def messages_en_file(self, file: str = "celery") -> list[bytes]:
        client = redis.Redis.from_url(self.url, socket_timeout=2)
        try:
            return client.lrange(file, 0, -1)
        finally:
            client.close()


def _celery() -> list[str]:
    return [sys.executable, "-m", "celery", "-A", "anef"]


class Celery:
    """`celery worker` (one pool process, as small as the machine) or `celery beat`."""

    def __init__(self, role: str, env: dict[str, str], journal: Path, racine: Path):
        self.role = role
        self.env = env
        self.journal = journal
        self.racine = racine
        self.process: subprocess.Popen | None = None

    def demarrer(self) -> None:
        if self.role == "worker":
            nom = f"faults{os.getpid()}@%h"
            args = ["worker", "--loglevel=INFO", "--concurrency=1", "--pool=prefork",
                    "--without-mingle", "--without-gossip", "-n", nom]  # fmt: skip
        else:
            args = ["beat", "--loglevel=INFO", f"--schedule={self.racine / 'beat-schedule'}"]
        self._debut = self.journal.stat().st_size if self.journal.exists() else 0
        with open(self.journal, "ab") as journal:
            self.process = subprocess.Popen(
                [*_celery(), *args],
                cwd=config.BASE_DIR,
                env={**os.environ, **self.env},
                stdout=journal,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def attendre_pret(self, timeout: float = 90) -> None:
        """The worker is ready when its log says so."""
        limite = time.monotonic() + timeout
        while time.monotonic() < limite:
            if self.process.poll() is not None:
                raise RuntimeError(f"celery {self.role} s'est arrêté ; voir {self.journal}")
            if self.role != "worker" or b" ready." in self.journal.read_bytes()[self._debut :]:
                return
            time.sleep(0.3)
        raise RuntimeError(f"celery {self.role} pas prêt en {timeout} s ; voir {self.journal}")

    def enfants(self) -> list[int]:
        from bench.server import workers

        return workers(self.process.pid)

    def arreter(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
