"""Redis down or hung: pages keep answering, a deposit succeeds and its follow-up waits in its
outbox row (`SuiteDepot`) until the relay hands it over: then one PDF and one e-mail.

Each test starts its own Redis (`redis-server` on a free port, nothing saved), points the cache
and the Celery broker at it, then stops it (SIGTERM) or freezes it (SIGSTOP: connections are
accepted by the kernel but never answered — the worst case)."""

import logging
import signal
import socket
import subprocess
import time
from dataclasses import dataclass

import pytest
import redis
from django.conf import settings
from django.core import mail
from django.test import override_settings
from kombu import pools as kombu_pools

from anef import cache as anef_cache
from anef.celery import app as celery_app
from attestations.models import Attestation
from demandes.models import EtatDemande, StatutSuite, SuiteDepot
from demandes.tasks import suites_relancer
from notifications.models import Courriel, StatutCourriel
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory, prefecture_du_nord
from tests.demandes.test_parcours import remplir_etudiant, valider_recap

pytestmark = pytest.mark.django_db

# Redis hung must not stall a request for long (gunicorn kills a worker after 30 s).
DELAI_MAX = 3.0
PDF = b"%PDF-1.7\n%%EOF\n"


@dataclass
class RedisJetable:
    process: subprocess.Popen
    url: str

    def arreter(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def geler(self):
        self.process.send_signal(signal.SIGSTOP)


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(autouse=True)
def _rendu_instantane(monkeypatch):
    """The deposit's PDFs are rendered in-process; WeasyPrint's time depends on the machine's
    load, not on Redis: a constant PDF here, so that the timings measure what Redis costs."""
    monkeypatch.setattr("attestations.rendu.render_to_pdf", lambda template, context: PDF)


@pytest.fixture
def redis_jetable():
    port = _port_libre()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=0.2)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    client.close()
    # The configured backend and timeouts (anef/settings/base.py), on this Redis.
    caches = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": url,
            "KEY_PREFIX": f"anef-panne-{port}",
        }
    }
    conf = celery_app.conf
    avant = {"broker_url": conf.broker_url, "task_always_eager": conf.task_always_eager}
    _celery_reconnecter(broker_url=url, task_always_eager=False)
    anef_cache._pannes.clear()
    with override_settings(CACHES=caches):
        yield RedisJetable(process, url)
    if process.poll() is None:
        process.send_signal(signal.SIGCONT)
        process.terminate()
        process.wait(timeout=10)
    _celery_reconnecter(**avant)
    anef_cache._pannes.clear()


def _celery_reconnecter(**conf):
    """Point the Celery app at another broker: drop its connection and producer pools.

    kombu keeps its pools in a process-wide registry keyed by broker URL: closing only the app's
    pool would leave a closed pool registered for the original URL, and every later publish in
    this process (eager tasks included) would fail with « Acquire on closed pool »."""
    celery_app.conf.update(conf)
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu_pools.reset()


def _chrono(appel):
    debut = time.monotonic()
    resultat = appel()
    return resultat, time.monotonic() - debut


PAGES = [
    "/espace-personnel/mon-compte/",
    "/espace-personnel/notifications/",
    "/compte/profil/",
    "/attestations/verifier/",
]


def _pages_repondent(client) -> float:
    pire = 0.0
    for page in PAGES:
        r, duree = _chrono(lambda page=page: client.get(page))
        assert r.status_code == 200, page
        pire = max(pire, duree)
    r, duree = _chrono(lambda: client.post("/attestations/verifier/", {"texte": "DC04"}))
    assert r.status_code == 200  # the rate limit fails open
    return max(pire, duree)


def _deposer(client, demande):
    return _chrono(
        lambda: client.post(
            parcours.url(demande, "recapitulatif"), {"action": "deposer", "observations": ""}
        )
    )


def _brouillon_pret(client):
    prefecture_du_nord()
    demande = DemandeFactory()
    remplir_etudiant(client, demande)
    valider_recap(client, demande)
    return demande


def _depot_reussi(r, demande):
    """The deposit and its outbox row are committed; nothing of the follow-up ran yet."""
    assert r.status_code == 302 and r.url == parcours.url(demande, "confirmation")
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DEPOSEE and demande.numero
    assert SuiteDepot.objects.get(demande=demande).statut == StatutSuite.A_FAIRE
    assert not Courriel.objects.filter(destinataire=demande.usager.email).exists()


def _redis_revenu_le_relais_livre(demande, settings, django_capture_on_commit_callbacks):
    """Redis back: the beat relay hands the row over (eager here: bench/faults runs the real
    worker and beat), once even if it runs twice; one PDF, one notification, one e-mail."""
    _celery_reconnecter(task_always_eager=True)
    settings.OUTBOX_RELAIS_APRES = 0
    for _passage in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            suites_relancer()
    assert SuiteDepot.objects.get(demande=demande).statut == StatutSuite.FAITE
    assert Attestation.objects.filter(demande=demande, type="depot").count() == 1
    courriel = Courriel.objects.get(destinataire=demande.usager.email)
    assert courriel.modele == "depot_confirmation"
    assert courriel.statut == StatutCourriel.ENVOYE
    assert len([m for m in mail.outbox if m.to == [demande.usager.email]]) == 1


def test_logged_in_pages_and_a_deposit_work_with_redis_down(
    client, redis_jetable, caplog, settings, django_capture_on_commit_callbacks
):
    demande = _brouillon_pret(client)
    redis_jetable.arreter()

    duree_pages = _pages_repondent(client)
    with caplog.at_level(logging.WARNING):
        r, duree_depot = _deposer(client, demande)

    _depot_reussi(r, demande)
    assert "non publiée (OperationalError)" in caplog.text
    assert demande.usager.email not in caplog.text
    print(f"\nRedis arrêté : pages {duree_pages:.2f} s au pire, dépôt {duree_depot:.2f} s")
    assert duree_pages < DELAI_MAX and duree_depot < DELAI_MAX
    _redis_revenu_le_relais_livre(demande, settings, django_capture_on_commit_callbacks)


def test_a_hung_redis_costs_a_request_less_than_three_seconds(
    client, redis_jetable, settings, django_capture_on_commit_callbacks
):
    demande = _brouillon_pret(client)
    client.get("/attestations/verifier/")  # connections to Redis are open when it hangs
    redis_jetable.geler()

    duree_pages = _pages_repondent(client)
    r, duree_depot = _deposer(client, demande)

    _depot_reussi(r, demande)
    print(f"\nRedis gelé : pages {duree_pages:.2f} s au pire, dépôt {duree_depot:.2f} s")
    assert duree_pages < DELAI_MAX and duree_depot < DELAI_MAX
    _redis_revenu_le_relais_livre(demande, settings, django_capture_on_commit_callbacks)


def test_the_deposit_follow_up_is_published_when_redis_is_up(client, redis_jetable):
    demande = _brouillon_pret(client)
    r, duree = _deposer(client, demande)
    assert r.status_code == 302 and r.url == parcours.url(demande, "confirmation")
    print(f"\nRedis en marche : dépôt {duree:.2f} s")
    # Issue 13: the worker makes the PDFs and the mail; the request only queues the task.
    file = redis.Redis.from_url(redis_jetable.url)
    messages = file.lrange("celery", 0, -1)
    file.close()
    assert len(messages) == 1 and b"demandes.tasks.apres_depot" in messages[0]
    assert SuiteDepot.objects.get(demande=demande).statut == StatutSuite.A_FAIRE
    assert not Courriel.objects.filter(destinataire=demande.usager.email).exists()


def test_the_cache_answers_misses_and_stops_waiting_for_a_hung_redis(redis_jetable):
    from django.core.cache import cache

    cache.set("cle", "valeur")
    assert cache.get("cle") == "valeur"
    redis_jetable.geler()

    valeur, premiere = _chrono(lambda: cache.get("cle", "absente"))
    assert valeur == "absente" and premiere < 1.5
    _rien, suivantes = _chrono(lambda: [cache.set("cle", 1), cache.add("autre", 0)])
    assert suivantes < 0.1  # Redis is left alone for a few seconds after a failure
    with pytest.raises(ValueError):
        cache.incr("cle")
