import email
import smtplib
import time
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.test import TestCase

from notifications.backends import EmlFileBackend
from notifications.models import Courriel, StatutCourriel
from notifications.services import courriel_programmer
from notifications.tasks import courriel_expedier, courriels_relancer

pytestmark = pytest.mark.django_db


def send_sample():
    """Queue a mail and commit: its sending task runs once the transaction commits."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return courriel_programmer(
            destinataire="usager@exemple.fr",
            modele="inscription_confirmation",
            contexte={"lien": "https://exemple.fr/lien"},
        )


def test_mail_has_text_and_html_parts_and_the_seed_signature():
    courriel = send_sample()
    courriel.refresh_from_db()
    assert courriel.statut == StatutCourriel.ENVOYE
    message = mail.outbox[0]
    assert message.subject == "Confirmez votre adresse email — Étrangers en France"
    assert "La Direction Générale des Etrangers en France" in message.body
    assert "Ce message est généré automatiquement, merci de ne pas y répondre." in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<a href="https://exemple.fr/lien">' in html


@pytest.fixture()
def eager_retries():
    """Celery's eager mode runs retries at once, nested, but with exceptions propagated (as in
    the rest of the suite) the outermost call raises `Retry` even when a retry succeeded:
    follow the retries to their end instead."""
    from anef.celery import app

    app.conf.task_eager_propagates = False
    yield
    app.conf.task_eager_propagates = True


@pytest.mark.usefixtures("eager_retries")
def test_a_failed_send_is_retried_and_never_dropped():
    calls = {"n": 0}
    real_send = EmailMultiAlternatives.send

    def flaky_send(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] < 3:
            raise smtplib.SMTPServerDisconnected("relais indisponible")
        return real_send(self, *args, **kwargs)

    with mock.patch.object(EmailMultiAlternatives, "send", flaky_send):
        courriel = send_sample()
    courriel.refresh_from_db()
    assert calls["n"] == 3
    assert courriel.statut == StatutCourriel.ENVOYE
    assert courriel.tentatives == 2
    assert len(mail.outbox) == 1


@pytest.mark.usefixtures("eager_retries")
def test_a_mail_that_fails_is_retried_and_sent_once(settings):
    envois = mock.Mock(side_effect=[smtplib.SMTPServerDisconnected("down"), OSError("reset"), 1])
    with mock.patch.object(EmailMultiAlternatives, "send", envois):
        courriel = send_sample()
    courriel.refresh_from_db()
    assert (courriel.statut, courriel.tentatives) == (StatutCourriel.ENVOYE, 2)
    assert envois.call_count == 3


def test_a_mail_still_failing_is_handed_again_by_the_beat_task():
    courriel = send_sample()
    mail.outbox.clear()
    Courriel.objects.filter(pk=courriel.pk).update(
        statut=StatutCourriel.ECHEC, tentatives=3, cree_le=courriel.cree_le.replace(year=2020)
    )
    assert courriels_relancer() == 1
    courriel.refresh_from_db()
    assert courriel.statut == StatutCourriel.ENVOYE
    assert len(mail.outbox) == 1


def test_a_rollback_sends_no_mail(django_capture_on_commit_callbacks):
    from accounts.services import inscription_demander
    from tests.accounts.factories import DocumentSejourFactory

    document = DocumentSejourFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            inscription_demander(document=document, email="usager@exemple.fr")
            raise RuntimeError("the account creation fails after the mail was queued")

    assert callbacks == []
    assert mail.outbox == []
    assert not Courriel.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        inscription_demander(document=document, email="usager@exemple.fr")

    assert [message.to for message in mail.outbox] == [["usager@exemple.fr"]]


def test_sending_twice_sends_once():
    courriel = send_sample()
    assert courriel_expedier.apply(args=[courriel.pk]).get() == "deja-envoye"
    assert len(mail.outbox) == 1


def test_eml_backend_writes_readable_files(tmp_path, settings):
    settings.EMAIL_FILE_PATH = tmp_path
    message = EmailMultiAlternatives("Sujet é", "Corps é", "a@exemple.fr", ["b@exemple.fr"])
    message.attach_alternative("<p>Corps é</p>", "text/html")
    assert EmlFileBackend().send_messages([message]) == 1
    [path] = list(tmp_path.glob("*.eml"))
    parsed = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    assert parsed["To"] == "b@exemple.fr"
    assert parsed.get_body(("plain",)).get_content().strip() == "Corps é"
    assert "<p>Corps é</p>" in parsed.get_body(("html",)).get_content()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_mail_through_redis(settings):
    from celery.contrib.testing.worker import start_worker

    from anef.celery import app

    assert app.conf.broker_url.startswith("redis://127.0.0.1:6379")
    app.conf.task_always_eager = False
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            courriel = send_sample()
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:
                courriel.refresh_from_db()
                if courriel.statut == StatutCourriel.ENVOYE:
                    break
                time.sleep(0.1)
    finally:
        app.conf.task_always_eager = True
    assert courriel.statut == StatutCourriel.ENVOYE
    assert mail.outbox[0].to == ["usager@exemple.fr"]


def test_bodies_with_secret_links_are_erased_once_sent(admin_client):
    courriel = send_sample()
    courriel.refresh_from_db()
    assert "https://exemple.fr/lien" not in courriel.texte + courriel.html
    page = admin_client.get(f"/back-office/notifications/courriel/{courriel.pk}/change/")
    assert page.status_code == 200
    assert "usager@exemple.fr" not in page.content.decode()
