"""RGAA 13.1 / WCAG 2.2.1: the idle timeout is announced (the dialog's timings rendered by the
server), « Rester connecté » extends the session, and a step typed when the session ends is
kept for the same user and shown again after logging in."""

import datetime
import re

import pytest
import time_machine
from django.test import Client

from demandes.models import Demande
from tests.accounts.factories import PASSWORD, UserFactory
from tests.demandes.factories import DemandeFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=datetime.UTC)
MON_COMPTE = "/espace-personnel/mon-compte/"
PROLONGER = "/compte/session/prolonger/"
JSON = {"HTTP_ACCEPT": "application/json"}


def _connecter(client, user):
    client.post("/compte/connexion/", {"identifiant": user.identifiant, "password": PASSWORD})


def _dialogue(html: str) -> dict:
    balise = re.search(r'<dialog[^>]*id="session-expiration"[^>]*>', html).group(0)
    return dict(re.findall(r'data-([a-z-]+)="(\d+)"', balise))


def test_signed_in_pages_carry_the_warning_timed_by_the_server(client):
    with time_machine.travel(START, tick=False) as clock:
        _connecter(client, UserFactory())
        clock.shift(datetime.timedelta(seconds=50))
        html = client.get(MON_COMPTE).content.decode()
    assert _dialogue(html) == {"expire-dans": "1750", "avertir-avant": "120", "duree": "1800"}
    assert 'aria-labelledby="session-expiration-titre"' in html
    assert "Rester connecté" in html
    assert 'src="/static/js/session.js"' in html
    assert 'id="session-expiration"' not in Client().get("/").content.decode()


def test_rester_connecte_extends_the_session_despite_the_seen_at_throttle(client):
    with time_machine.travel(START, tick=False) as clock:
        _connecter(client, UserFactory())
        clock.shift(datetime.timedelta(minutes=28, seconds=30))
        # Under the minute of SEEN_AT_RESOLUTION after a request: the middleware writes nothing.
        assert client.get(MON_COMPTE).status_code == 200
        clock.shift(datetime.timedelta(seconds=30))
        reponse = client.post(PROLONGER, **JSON)
        assert reponse.status_code == 200
        assert reponse.json() == {"connecte": True, "expire_dans": 1800}
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(MON_COMPTE).status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        assert client.get(MON_COMPTE).status_code == 302


def test_rester_connecte_without_the_script_comes_back_to_the_page(client):
    _connecter(client, UserFactory())
    reponse = client.post(PROLONGER, {"next": MON_COMPTE})
    assert (reponse.status_code, reponse.url) == (302, MON_COMPTE)
    reponse = client.post(PROLONGER, {"next": "https://ailleurs.example/"})
    assert reponse.url == "/"


def test_the_endpoint_needs_a_signed_in_user_a_post_and_the_csrf_token():
    anonyme = Client()
    assert anonyme.post(PROLONGER, **JSON).status_code == 401
    client = Client(enforce_csrf_checks=True)
    user = UserFactory()
    client.force_login(user)
    assert client.get(PROLONGER).status_code == 405
    assert client.post(PROLONGER, **JSON).status_code == 403


def test_an_expired_session_ends_with_a_redirect_not_an_extension(client):
    with time_machine.travel(START, tick=False) as clock:
        _connecter(client, UserFactory())
        clock.shift(datetime.timedelta(minutes=31))
        reponse = client.post(PROLONGER, **JSON)
    assert reponse.status_code == 302
    assert reponse.url.startswith("/compte/connexion/")


def _etape_personnel(demande) -> str:
    return f"/espace-personnel/demandes/{demande.pk}/personnel/"


def test_a_step_posted_after_expiry_is_kept_and_shown_again_after_login(client):
    demande = DemandeFactory()
    user = demande.usager
    url = _etape_personnel(demande)
    with time_machine.travel(START, tick=False) as clock:
        _connecter(client, user)
        assert client.get(url).status_code == 200
        clock.shift(datetime.timedelta(minutes=45))
        reponse = client.post(
            url, {"action": "enregistrer", "voie": "Rue des Tanneurs", "numero_voie": "7"}
        )
        assert reponse.status_code == 302
        assert reponse.url == f"/compte/connexion/?next={url}"
        _connecter(client, user)
        page = client.get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert 'value="Rue des Tanneurs"' in html
        assert "ce que vous aviez saisi sur cette étape a été conservé" in html
        assert "Rue des Tanneurs" not in str(Demande.objects.get(pk=demande.pk).saisie)
        # Shown once: the next visit is the saved step again.
        assert "Rue des Tanneurs" not in client.get(url).content.decode()


def test_the_kept_step_is_only_for_the_same_user_and_never_from_a_forged_form():
    demande = DemandeFactory()
    url = _etape_personnel(demande)
    client = Client(enforce_csrf_checks=True)
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(demande.usager)
        client.get(MON_COMPTE)
        clock.shift(datetime.timedelta(minutes=45))
        client.post(url, {"action": "enregistrer", "voie": "Rue forgée"})
        client.force_login(demande.usager)
        assert "Rue forgée" not in client.get(url).content.decode()

        autre = DemandeFactory()
        client.get(MON_COMPTE)
        page = client.get(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
        clock.shift(datetime.timedelta(minutes=45))
        client.post(url, {"csrfmiddlewaretoken": token.group(1), "voie": "Rue gardée"})
        client.force_login(autre.usager)
        assert "Rue gardée" not in client.get(_etape_personnel(autre)).content.decode()
        client.force_login(demande.usager)
        assert 'value="Rue gardée"' in client.get(url).content.decode()
