import datetime
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail

from accounts.models import User
from tests.accounts.factories import PASSWORD, DocumentSejourFactory, UserFactory
from tests.conftest import link_in

ROOT = Path(__file__).resolve().parent.parent

CANARIES = {
    "nom": "ZORGLUBCANARI",
    "prenom": "Eulalie-Canari",
    "numero_etranger": "9988776655",
    "email": "canari.zz@exemple.fr",
    "naissance": "14/03/1987",
}


def production_env(**extra) -> dict:
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "anef.settings.base",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "DATABASE_URL": "postgres://postgres:postgres@127.0.0.1:5432/postgres",
        "ALLOWED_HOSTS": "anef.interieur.gouv.fr",
    }
    env.update(extra)
    return env


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_secret_key():
    env = production_env()
    del env["SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_cookies_and_transport_are_secure():
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT,"
        " s.SECURE_HSTS_SECONDS, s.DEBUG)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1].split() == [
        "True",
        "True",
        "True",
        "31536000",
        "False",
    ]


@pytest.mark.django_db
def test_pages_carry_csp_with_nonce_and_security_headers(client):
    response = client.get("/compte/connexion/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self' 'nonce-" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_forms_require_csrf():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post("/compte/connexion/", {"identifiant": "x", "password": "y"})
    assert response.status_code == 403
    assert "Formulaire expiré" in response.content.decode()


@pytest.mark.django_db
def test_no_personal_data_in_any_log_line(client, caplog):
    caplog.set_level(logging.DEBUG)
    document = DocumentSejourFactory(
        nom_naissance=CANARIES["nom"],
        prenoms=CANARIES["prenom"],
        numero_etranger=CANARIES["numero_etranger"],
        date_naissance=datetime.date(1987, 3, 14),
    )
    data = {
        "numero": document.numero,
        "date_debut_day": document.date_debut_validite.day,
        "date_debut_month": document.date_debut_validite.month,
        "date_debut_year": document.date_debut_validite.year,
        "date_fin_day": document.date_fin_validite.day,
        "date_fin_month": document.date_fin_validite.month,
        "date_fin_year": document.date_fin_validite.year,
    }
    client.post("/compte/creation/", {**data, "numero": CANARIES["numero_etranger"]})
    client.post("/compte/creation/", data)
    client.post(
        "/compte/creation/email/",
        {"email": CANARIES["email"], "email_confirmation": CANARIES["email"] + "x"},
    )
    client.post(
        "/compte/creation/email/",
        {"email": CANARIES["email"], "email_confirmation": CANARIES["email"]},
    )
    link = client.get(link_in(mail.outbox[0]).removeprefix("http://testserver")).url
    client.post(link, {"password": PASSWORD, "password_confirmation": PASSWORD})
    assert User.objects.filter(numero_etranger=CANARIES["numero_etranger"]).exists()
    for _ in range(6):
        client.post(
            "/compte/connexion/",
            {"identifiant": CANARIES["numero_etranger"], "password": "faux"},
        )
    client.post("/compte/mot-de-passe-oublie/", {"identifiant": CANARIES["numero_etranger"]})
    client.post("/compte/mot-de-passe-oublie/", {"identifiant": CANARIES["email"]})
    other = UserFactory()
    client.post("/compte/connexion/", {"identifiant": other.identifiant, "password": PASSWORD})
    client.get("/espace-personnel/mon-compte/")
    client.get("/page-qui-n-existe-pas/")

    assert caplog.records, "the journey should have logged something"
    text = "\n".join(r.getMessage() + " " + repr(r.args) for r in caplog.records)
    for kind, value in CANARIES.items():
        assert value.lower() not in text.lower(), f"{kind} found in logs"
    assert "1987-03-14" not in text
    assert other.identifiant not in text
