"""The SMS gateway's backends (the HTTP one against a stub on loopback) and the SMS outbox."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock

import pytest
from django.test import TestCase

from notifications import sms
from notifications.models import Sms, StatutLivraison
from notifications.services import sms_programmer
from notifications.tasks import sms_expedier, sms_relancer

pytestmark = pytest.mark.django_db


class Stub:
    """An SMS provider on 127.0.0.1: answers each POST with the next status of `reponses`
    (or sleeps `delai` seconds first), and keeps what it received."""

    def __init__(self, reponses=(200,), delai=0.0):
        self.reponses = list(reponses)
        self.delai = delai
        self.recus = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                longueur = int(self.headers["Content-Length"])
                stub.recus.append(
                    {
                        "corps": json.loads(self.rfile.read(longueur)),
                        "autorisation": self.headers["Authorization"],
                    }
                )
                if stub.delai:
                    time.sleep(stub.delai)
                statut = stub.reponses.pop(0) if len(stub.reponses) > 1 else stub.reponses[0]
                self.send_response(statut)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.serveur = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.serveur.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.serveur.server_address[1]}/sms"
        threading.Thread(target=self.serveur.serve_forever, daemon=True).start()

    def arreter(self):
        self.serveur.shutdown()
        self.serveur.server_close()


@pytest.fixture()
def http_sms(settings):
    stubs = []

    def demarrer(**kwargs):
        stub = Stub(**kwargs)
        stubs.append(stub)
        settings.SMS_BACKEND = "notifications.sms.HttpBackend"
        settings.SMS_HTTP_URL = stub.url
        settings.SMS_HTTP_TOKEN = "jeton-de-test"
        settings.SMS_HTTP_SENDER = "ANEF"
        settings.SMS_HTTP_TIMEOUT = 0.5
        return stub

    yield demarrer
    for stub in stubs:
        stub.arreter()


def envoyer(cle="essai:1"):
    with TestCase.captureOnCommitCallbacks(execute=True):
        return sms_programmer(
            destinataire="+33612345678", modele="essai", texte="Bonjour Sept, essai.", cle=cle
        )


def par_un_worker(cle="essai:1"):
    """Store the SMS, then run its task as a worker does: failures retried (eagerly here)."""
    with mock.patch.object(sms_expedier, "delay"):
        message = envoyer(cle)
    conf = sms_expedier.app.conf
    propage, conf.task_eager_propagates = conf.task_eager_propagates, False
    try:
        sms_expedier.apply(args=[message.pk])
    finally:
        conf.task_eager_propagates = propage
    return message


def test_the_file_backend_writes_one_file_per_sms(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path / "sms"
    message = envoyer()
    message.refresh_from_db()
    assert message.statut == StatutLivraison.ENVOYE
    (fichier,) = (tmp_path / "sms").iterdir()
    assert fichier.read_text(encoding="utf-8") == "To: +33612345678\n\nBonjour Sept, essai.\n"


def test_the_http_backend_posts_to_the_provider(http_sms):
    stub = http_sms(reponses=[200])
    message = envoyer()
    message.refresh_from_db()
    assert (message.statut, message.tentatives) == (StatutLivraison.ENVOYE, 0)
    (recu,) = stub.recus
    assert recu["corps"] == {"from": "ANEF", "to": "+33612345678", "text": "Bonjour Sept, essai."}
    assert recu["autorisation"] == "Bearer jeton-de-test"


def test_a_5xx_is_retried_until_it_passes(http_sms):
    stub = http_sms(reponses=[503, 502, 200])
    message = par_un_worker()
    message.refresh_from_db()
    assert (message.statut, message.tentatives) == (StatutLivraison.ENVOYE, 2)
    assert message.derniere_erreur == ""
    assert len(stub.recus) == 3


def test_a_provider_that_hangs_times_out(http_sms, settings):
    settings.LIVRAISON_TENTATIVES_MAX = 2
    stub = http_sms(reponses=[200], delai=2)
    debut = time.monotonic()
    message = par_un_worker()
    assert time.monotonic() - debut < 1.9
    message.refresh_from_db()
    assert (message.statut, message.tentatives) == (StatutLivraison.ECHEC_DEFINITIF, 2)
    assert message.derniere_erreur == "TimeoutError"
    assert len(stub.recus) >= 1


def test_a_provider_that_keeps_failing_ends_in_definitive_failure(http_sms, settings):
    settings.LIVRAISON_TENTATIVES_MAX = 3
    stub = http_sms(reponses=[500])
    message = par_un_worker()
    message.refresh_from_db()
    assert (message.statut, message.tentatives) == (StatutLivraison.ECHEC_DEFINITIF, 3)
    assert message.derniere_erreur == "SmsErreur"
    assert len(stub.recus) == 3
    # The beat leaves it to an administrator.
    Sms.objects.filter(pk=message.pk).update(cree_le=message.cree_le.replace(year=2020))
    assert sms_relancer() == 0


def test_an_http_backend_without_url_fails_the_try(settings):
    settings.SMS_BACKEND = "notifications.sms.HttpBackend"
    settings.SMS_HTTP_URL = ""
    with pytest.raises(sms.SmsErreur):
        sms.passerelle()


def test_one_sms_per_key_and_sent_once(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path
    premier = envoyer()
    assert envoyer() == premier
    assert len(list(tmp_path.iterdir())) == 1


def test_an_unpublished_sms_is_handed_by_the_beat(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path
    with mock.patch.object(sms_expedier, "delay", side_effect=OSError("broker down")):
        message = envoyer()
    message.refresh_from_db()
    assert message.statut == StatutLivraison.A_ENVOYER
    Sms.objects.filter(pk=message.pk).update(cree_le=message.cree_le.replace(year=2020))
    assert sms_relancer() == 1
    message.refresh_from_db()
    assert message.statut == StatutLivraison.ENVOYE
    assert len(list(tmp_path.iterdir())) == 1


def test_a_sent_sms_is_not_sent_again(settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path
    message = envoyer()
    assert sms_expedier.apply(args=[message.pk]).get() == "deja-envoye"
    assert len(list(tmp_path.iterdir())) == 1
