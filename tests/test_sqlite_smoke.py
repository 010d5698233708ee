"""Smoke journey on the embedded default (SQLite, locmem cache, Celery eager):
`ANEF_TEST_DB=sqlite pytest -p no:xdist -m sqlite`. The main run excludes it (-m "not sqlite")."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.db import connection

from accounts.models import StatutCompte, User
from tests.accounts.factories import PASSWORD, DocumentSejourFactory
from tests.conftest import link_in

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]


def date_fields(prefix: str, value) -> dict:
    return {
        f"{prefix}_day": str(value.day),
        f"{prefix}_month": str(value.month),
        f"{prefix}_year": str(value.year),
    }


def test_account_creation_journey_on_sqlite(client):
    assert connection.vendor == "sqlite"
    document = DocumentSejourFactory()

    response = client.post(
        "/compte/creation/",
        {
            "numero": document.numero,
            **date_fields("date_debut", document.date_debut_validite),
            **date_fields("date_fin", document.date_fin_validite),
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/compte/creation/email/"

    response = client.post(
        "/compte/creation/email/",
        {"email": "amina@exemple.fr", "email_confirmation": "amina@exemple.fr"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/compte/creation/enregistree/"
    response = client.get("/compte/creation/enregistree/")
    assert "Demande de création de compte bien enregistrée" in response.content.decode()

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amina@exemple.fr"]
    response = client.get(urlsplit(link_in(mail.outbox[0])).path)
    assert response.status_code == 302  # the token moves into the session
    link = response["Location"]
    response = client.get(link)
    assert response.status_code == 200
    assert "Créez votre mot de passe" in response.content.decode()

    response = client.post(link, {"password": PASSWORD, "password_confirmation": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/compte/creation/terminee/"
    assert "Votre compte a bien été créé" in client.get(response["Location"]).content.decode()

    user = User.objects.get()
    assert user.identifiant == document.numero_etranger
    assert user.statut == StatutCompte.ACTIF

    response = client.post(
        "/compte/connexion/", {"identifiant": document.numero_etranger, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/espace-personnel/mon-compte/"

    response = client.get("/espace-personnel/mon-compte/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mon statut actuel" in html
    assert document.motif in html
    assert document.date_debut_validite.strftime("%d/%m/%Y") in html
    assert document.date_fin_validite.strftime("%d/%m/%Y") in html
    assert response.context["statut"] == document
    (ligne,) = response.context["historique"]
    assert (ligne.debut, ligne.fin, ligne.statut) == (
        document.date_debut_validite,
        document.date_fin_validite,
        "En cours de validité",
    )
