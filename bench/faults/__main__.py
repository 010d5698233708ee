"""`python -m bench.faults`: the fault cases of issue 11 §5 against real processes on loopback.

Everything runs on its own ports and is stopped on the way out: a private PostgreSQL cluster
(initdb in /tmp, so that case 6 can restart it), a redis-server (stopped, frozen), an SMTP
sink in this process (bench/faults/smtp.py), gunicorn with the production settings, one Celery
worker and the beat (relay every 2 s for rows older than 3 s instead of a minute). One line per
case: PASS/FAIL, the delays measured, what was seen."""

import argparse
import io
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import server
from bench.faults import cas as les_cas
from bench.faults.processus import Celery, Postgres, Redis
from bench.faults.smtp import PuitsSmtp


def environnement(workdir: Path, postgres: Postgres, redis: Redis, smtp_port: int) -> dict:
    """What docker-compose gives web, worker and beat, pointed at this run's processes."""
    return {
        "DJANGO_SETTINGS_MODULE": "anef.settings.base",
        "SECRET_KEY": "faults-" + os.urandom(24).hex(),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "DATABASE_URL": postgres.url(),
        "DATABASE_DSN_FAULTS": postgres.dsn(),
        "REDIS_URL": redis.url,
        "CELERY_BROKER_URL": redis.url,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "ATTESTATIONS_CLE_PRIVEE": str(workdir / "cles" / "2ddoc.pem"),
        "LOG_LEVEL": "INFO",
        "OUTBOX_RELAIS_APRES": "3",
        "OUTBOX_RELAIS_PERIODE": "2",
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.faults")
    parser.add_argument("--cas", type=int, action="append", help="only these cases (1-7)")
    parser.add_argument("--garder", action="store_true", help="keep the logs' directory")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="anef-faults-"))
    postgres = Postgres(Path(tempfile.mkdtemp(prefix="anef-faults-pg-")))
    redis = Redis()
    puits = PuitsSmtp(server.free_port())
    env = environnement(workdir, postgres, redis, puits.adresse[1])
    os.environ.update(env)
    worker = Celery("worker", env, workdir / "worker.log", workdir)
    beat = Celery("beat", env, workdir / "beat.log", workdir)
    resultats = []
    print(f"Journaux : {workdir}", flush=True)
    try:
        postgres.initialiser()
        redis.demarrer()
        puits.demarrer()
        import django

        logging.disable(logging.WARNING)  # in-process only; the servers keep their logs
        django.setup()
        from django.core.management import call_command
        from django.db import connections

        from bench.faults.donnees import brouillons_prets

        debut = time.monotonic()
        call_command("migrate", interactive=False, verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("attestations_keys", stdout=io.StringIO())
        comptes = brouillons_prets(20)
        connections.close_all()
        print(f"Base migrée, {len(comptes)} brouillons prêts en {time.monotonic() - debut:.0f} s")
        worker.demarrer()
        beat.demarrer()
        with server.gunicorn(
            env, workdir / "gunicorn.log", workers=2, worker_class="gthread", threads=4
        ) as web:
            worker.attendre_pret()
            banc = les_cas.Banc(
                port=web.port, redis=redis, puits=puits, worker=worker, beat=beat,
                postgres=postgres, comptes=comptes, env=env,
            )  # fmt: skip
            for cas in les_cas.CAS:
                numero = int(cas.__name__.split("_")[1])
                if args.cas and numero not in args.cas:
                    continue
                try:
                    resultat = cas(banc)
                except Exception as exc:
                    resultat = les_cas.Resultat(numero, cas.__name__, False, "-", repr(exc))
                resultats.append(resultat)
                print(resultat.ligne(), flush=True)
    finally:
        beat.arreter()
        worker.arreter()
        puits.arreter()
        redis.arreter()
        postgres.arreter()
        postgres.supprimer()
        if not args.garder:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0 if all(r.ok is not False for r in resultats) else 1


if __name__ == "__main__":
    sys.exit(main())
