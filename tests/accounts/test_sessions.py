import datetime

import pytest
import time_machine

from tests.accounts.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 6, 1, 8, 0, tzinfo=datetime.UTC)
MON_COMPTE = "/espace-personnel/mon-compte/"


def logged_in(client):
    user = UserFactory()
    client.post("/compte/connexion/", {"identifiant": user.identifiant, "password": PASSWORD})
    return user


def test_thirty_minutes_idle_ask_to_log_in_again(client):
    with time_machine.travel(START, tick=False) as clock:
        logged_in(client)
        assert client.get(MON_COMPTE).status_code == 200
        clock.shift(datetime.timedelta(minutes=29))
        assert client.get(MON_COMPTE).status_code == 200
        clock.shift(datetime.timedelta(minutes=31))
        response = client.get(MON_COMPTE)
    assert response.status_code == 302
    assert response.url.startswith("/compte/connexion/?next=")
    assert "_auth_user_id" not in client.session


def test_activity_keeps_the_session_for_at_most_12_hours(client):
    with time_machine.travel(START, tick=False) as clock:
        logged_in(client)
        for _ in range(23):  # every 25 minutes for 9h35
            clock.shift(datetime.timedelta(minutes=25))
            assert client.get(MON_COMPTE).status_code == 200
        for _ in range(6):
            clock.shift(datetime.timedelta(minutes=25))
            client.get(MON_COMPTE)
        response = client.get(MON_COMPTE)
    assert response.status_code == 302


def test_expired_session_sends_back_to_where_the_user_was(client):
    with time_machine.travel(START, tick=False) as clock:
        user = logged_in(client)
        client.get(MON_COMPTE)
        clock.shift(datetime.timedelta(hours=1))
        response = client.get("/compte/profil/")
        assert response.url == "/compte/connexion/?next=/compte/profil/"
        response = client.post(
            response.url, {"identifiant": user.identifiant, "password": PASSWORD}
        )
    assert response.url == "/compte/profil/"
