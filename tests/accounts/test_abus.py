"""Abuse resistance of the public account forms (issues 8 and 9)."""

import datetime
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Inscription
from tests.accounts.factories import PASSWORD, DocumentSejourFactory, UserFactory
from tests.accounts.test_creation_compte import date_fields, open_link, step1, step2
from tests.accounts.test_login import login
from tests.conftest import link_in

pytestmark = pytest.mark.django_db
NEW = "Nouveau#Mot2passe"


def ask_reset(client, identifiant):
    return client.post("/compte/mot-de-passe-oublie/", {"identifiant": identifiant})


def wrong_dates(client, document, day, ip="203.0.113.9"):
    debut = document.date_debut_validite + datetime.timedelta(days=day)
    return client.post(
        "/compte/creation/",
        {
            "numero": document.numero,
            **date_fields("date_debut", debut),
            **date_fields("date_fin", document.date_fin_validite),
        },
        REMOTE_ADDR=ip,
    )


# --- Issue 8 -------------------------------------------------------------------------------


def test_a_completed_reset_lifts_the_login_lockout(client):
    user = UserFactory()
    for _ in range(5):
        login(client, user.identifiant, "wrong")
    assert login(client, user.identifiant, PASSWORD).status_code == 429

    ask_reset(client, user.identifiant)
    page = open_link(client, link_in(mail.outbox[0]))
    client.post(page, {"password": NEW, "password_confirmation": NEW})

    assert not AccessAttempt.objects.filter(username=user.identifiant).exists()
    assert login(client, user.identifiant, NEW).url == "/espace-personnel/mon-compte/"


def test_a_reused_reset_link_says_it_was_already_used(client):
    user = UserFactory()
    ask_reset(client, user.identifiant)
    link = link_in(mail.outbox[0])
    client.post(open_link(client, link), {"password": NEW, "password_confirmation": NEW})

    response = client.get(open_link(client, link))
    assert response.status_code == 410
    assert "Ce lien a déjà été utilisé" in response.content.decode()


# --- Issue 9, item 4: account creation guesses ------------------------------------------------


def test_date_guesses_for_one_number_stop_at_the_fifth_with_429(client):
    document = DocumentSejourFactory()
    for day in range(1, 6):
        assert wrong_dates(client, document, day).status_code == 400
    response = wrong_dates(client, document, 6)
    assert response.status_code == 429
    assert "création de compte est suspendue pendant une heure" in response.content.decode()
    # Even the right dates, from another address: the number is closed for the hour.
    response = client.post(
        "/compte/creation/",
        {
            "numero": document.numero,
            **date_fields("date_debut", document.date_debut_validite),
            **date_fields("date_fin", document.date_fin_validite),
        },
        REMOTE_ADDR="198.51.100.4",
    )
    assert response.status_code == 429
    assert "inscription_document" not in client.session


def test_one_address_guessing_many_numbers_is_stopped_at_twenty(client):
    documents = DocumentSejourFactory.create_batch(21)
    statuses = [wrong_dates(client, document, 1).status_code for document in documents]
    assert statuses == [400] * 20 + [429]


def test_already_linked_is_said_only_once_the_dates_match(client):
    user = UserFactory()
    response = wrong_dates(client, user.document, 3)
    page = response.content.decode()
    assert "ne permettent pas de vous identifier" in page
    assert "Un compte existe déjà" not in page
    assert "Un compte existe déjà" in step1(client, user.document).content.decode()


# --- Issue 9, item 5: mail caps -----------------------------------------------------------------


def test_three_resets_per_identifier_per_hour_then_silence(client):
    user = UserFactory()
    for _ in range(6):
        response = ask_reset(client, user.identifiant)
        assert response.status_code == 200
        assert "vous recevrez un lien" in response.content.decode()
    assert len(mail.outbox) == 3


def test_five_account_mails_per_recipient_per_hour(client):
    for _ in range(7):
        step1(client, DocumentSejourFactory())
        response = step2(client, "cible@exemple.fr")
        assert response.url == "/compte/creation/enregistree/"
    assert len(mail.outbox) == 5
    assert Inscription.objects.count() == 5


def test_three_creation_mails_per_document_per_hour(client):
    document = DocumentSejourFactory()
    for n in range(5):
        step1(client, document)
        step2(client, f"adresse{n}@exemple.fr")
    assert len(mail.outbox) == 3


# --- Issue 9, item 6: current password guesses ---------------------------------------------


def test_wrong_current_passwords_lock_and_end_the_session(client):
    user = UserFactory()
    client.force_login(user)
    data = {"current_password": "faux", "password": NEW, "password_confirmation": NEW}
    for _ in range(4):
        response = client.post("/compte/mot-de-passe/changer/", data, REMOTE_ADDR="203.0.113.7")
        assert response.status_code == 400
        assert "Le mot de passe actuel est incorrect." in response.content.decode()
    response = client.post("/compte/mot-de-passe/changer/", data, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
    assert "bloquée pendant 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
    # The identifier is locked from that address, as after five wrong logins.
    assert login(client, user.identifiant, PASSWORD).status_code == 429


# --- Issue 9, item 7: tokens out of URLs ----------------------------------------------------


@pytest.mark.parametrize("parcours", ["reinitialisation", "creation", "email"])
def test_e_mailed_tokens_leave_the_url_at_once(client, parcours):
    if parcours == "reinitialisation":
        ask_reset(client, UserFactory().identifiant)
    elif parcours == "creation":
        step1(client, DocumentSejourFactory())
        step2(client)
    else:
        client.force_login(UserFactory())
        client.post(
            "/compte/profil/",
            {
                "action": "email",
                "mail-email": "nouveau@exemple.fr",
                "mail-email_confirmation": "nouveau@exemple.fr",
            },
        )
    link = link_in(mail.outbox[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    page = open_link(client, link)
    assert token not in page
    assert client.get(page).status_code in (200, 302)


# --- Issue 9, item 8: reset timing oracle -------------------------------------------------------


def test_reset_page_does_the_same_work_for_known_and_unknown_identifiers(client):
    user = UserFactory()
    queries = {}
    with mock.patch("accounts.tasks.reinitialisation_demander.delay") as delay:
        for identifiant in (user.identifiant, "0000000000"):
            with CaptureQueriesContext(connection) as captured:
                response = ask_reset(client, identifiant)
            assert response.status_code == 200
            queries[identifiant] = [q["sql"] for q in captured]
    assert delay.call_count == 2
    # Only an opaque key travels with the task (Celery logs its arguments).
    assert all(user.identifiant not in str(call) for call in delay.call_args_list)
    assert len(queries[user.identifiant]) == len(queries["0000000000"])
    assert not any("accounts_user" in sql for sql in queries[user.identifiant])
    assert not mail.outbox
