from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import MD5PasswordHasher

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, identifiant, password, ip="203.0.113.7"):
    return client.post(
        "/compte/connexion/",
        {"identifiant": identifiant, "password": password},
        REMOTE_ADDR=ip,
    )


def test_good_credentials_open_mon_compte(client):
    user = UserFactory()
    response = login(client, user.identifiant, PASSWORD)
    assert response.status_code == 302
    assert response.url == "/espace-personnel/mon-compte/"
    assert client.get(response.url).status_code == 200


def test_bad_password_is_a_generic_error_keeping_the_identifier(client):
    user = UserFactory()
    response = login(client, user.identifiant, "wrong")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Identifiant ou mot de passe incorrect." in page
    assert f'value="{user.identifiant}"' in page


def test_next_parameter_is_followed_only_on_this_site(client):
    user = UserFactory()
    response = client.post(
        "/compte/connexion/?next=/compte/profil/",
        {"identifiant": user.identifiant, "password": PASSWORD},
    )
    assert response.url == "/compte/profil/"
    client.logout()
    response = client.post(
        "/compte/connexion/?next=https://evil.example/",
        {"identifiant": user.identifiant, "password": PASSWORD},
    )
    assert response.url == "/espace-personnel/mon-compte/"


def test_five_failures_lock_the_identifier_from_that_address_for_15_minutes(client):
    user = UserFactory()
    for _ in range(5):
        login(client, user.identifiant, "wrong")
    response = login(client, user.identifiant, PASSWORD)
    assert response.status_code == 429
    assert "bloquée pendant 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_check_runs_before_the_password_hash(client):
    user = UserFactory()
    for _ in range(5):
        login(client, user.identifiant, "wrong")
    with mock.patch.object(MD5PasswordHasher, "verify") as verify:
        response = login(client, user.identifiant, PASSWORD)
    assert response.status_code == 429
    verify.assert_not_called()


def test_lockout_ends_after_15_minutes(client):
    import datetime

    import time_machine

    user = UserFactory()
    start = datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start):
        for _ in range(5):
            login(client, user.identifiant, "wrong")
    with time_machine.travel(start + datetime.timedelta(minutes=16)):
        assert login(client, user.identifiant, PASSWORD).status_code == 302


def test_twenty_other_applicants_behind_the_same_address_still_log_in(client):
    locked = UserFactory()
    for _ in range(6):
        login(client, locked.identifiant, "wrong", ip="198.51.100.1")
    for other in UserFactory.create_batch(20):
        client.logout()
        response = login(client, other.identifiant, PASSWORD, ip="198.51.100.1")
        assert response.status_code == 302, other.identifiant
    assert AccessAttempt.objects.filter(username=locked.identifiant).exists()


def test_the_locked_identifier_still_logs_in_from_another_address(client):
    user = UserFactory()
    for _ in range(5):
        login(client, user.identifiant, "wrong", ip="198.51.100.1")
    assert login(client, user.identifiant, PASSWORD, ip="198.51.100.2").status_code == 302


def test_logout_is_a_post_and_ends_every_session(client):
    from django.test import Client

    user = UserFactory()
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)
    assert client.get("/compte/deconnexion/").status_code == 405
    response = client.post("/compte/deconnexion/")
    assert response.url == "/"
    assert other_device.get("/espace-personnel/mon-compte/").status_code == 302


def test_temporary_password_must_be_changed_first(client):
    user = UserFactory(doit_changer_mot_de_passe=True)
    response = login(client, user.identifiant, PASSWORD)
    assert response.url == "/compte/mot-de-passe/changer/"
    assert client.get("/espace-personnel/mon-compte/").url == "/compte/mot-de-passe/changer/"
    new = "Nouveau#Mot2passe"
    response = client.post(
        "/compte/mot-de-passe/changer/",
        {"current_password": PASSWORD, "password": new, "password_confirmation": new},
    )
    assert response.url == "/espace-personnel/mon-compte/"
    user.refresh_from_db()
    assert not user.doit_changer_mot_de_passe
    assert user.check_password(new)
    assert client.get("/espace-personnel/mon-compte/").status_code == 200


def test_password_change_ends_other_sessions_but_keeps_this_one(client):
    from django.test import Client

    user = UserFactory()
    other_device = Client()
    other_device.force_login(user)
    client.force_login(user)
    new = "Nouveau#Mot2passe"
    client.post(
        "/compte/mot-de-passe/changer/",
        {"current_password": PASSWORD, "password": new, "password_confirmation": new},
    )
    assert client.get("/espace-personnel/mon-compte/").status_code == 200
    assert other_device.get("/espace-personnel/mon-compte/").status_code == 302


def test_behind_a_trusted_proxy_the_lockout_uses_the_forwarded_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    for _ in range(5):
        client.post(
            "/compte/connexion/",
            {"identifiant": user.identifiant, "password": "wrong"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.50",
        )
    locked = client.post(
        "/compte/connexion/",
        {"identifiant": user.identifiant, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.50",
    )
    assert locked.status_code == 429
    other_client = client.post(
        "/compte/connexion/",
        {"identifiant": user.identifiant, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert other_client.status_code == 302
