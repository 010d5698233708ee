import datetime

import pytest
import time_machine
from django.core import mail

from tests.accounts.factories import PASSWORD, UserFactory
from tests.accounts.test_creation_compte import open_link
from tests.conftest import link_in

pytestmark = pytest.mark.django_db
NEW = "Nouveau#Mot2passe"


def ask_reset(client, identifiant):
    return client.post("/compte/mot-de-passe-oublie/", {"identifiant": identifiant})


def test_reset_link_sets_a_new_password_once(client):
    user = UserFactory()
    response = ask_reset(client, user.identifiant)
    assert "vous recevrez un lien" in response.content.decode()
    assert mail.outbox[0].to == [user.email]
    link = open_link(client, link_in(mail.outbox[0]))

    response = client.post(link, {"password": NEW, "password_confirmation": NEW})
    assert response.url == "/compte/connexion/"
    user.refresh_from_db()
    assert user.check_password(NEW)

    response = client.post(link, {"password": PASSWORD, "password_confirmation": PASSWORD})
    assert response.status_code == 410
    user.refresh_from_db()
    assert user.check_password(NEW)


def test_unknown_identifier_gets_the_same_answer_and_no_mail(client):
    response = ask_reset(client, "0000000000")
    assert response.status_code == 200
    assert "vous recevrez un lien" in response.content.decode()
    assert not mail.outbox


def test_reset_link_expires_after_24_hours(client):
    user = UserFactory()
    start = datetime.datetime(2026, 4, 1, 12, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start):
        ask_reset(client, user.identifiant)
    link = open_link(client, link_in(mail.outbox[0]))
    with time_machine.travel(start + datetime.timedelta(hours=25)):
        response = client.get(link)
    assert response.status_code == 410
    assert "/compte/mot-de-passe-oublie/" in response.content.decode()


def test_reset_with_weak_password_shows_the_rules(client):
    user = UserFactory()
    ask_reset(client, user.identifiant)
    link = open_link(client, link_in(mail.outbox[0]))
    response = client.post(link, {"password": "password", "password_confirmation": "password"})
    assert response.status_code == 200
    assert "une majuscule" in " ".join(response.context["form"].errors["password"])
