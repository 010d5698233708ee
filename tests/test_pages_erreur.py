"""What a visitor sees when something goes wrong, and how `make run` serves (DEBUG off)."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings

from accounts.models import User
from tests.test_securite import ROOT, production_env


def _settings_of(module: str, **extra) -> list[str]:
    env = production_env(DJANGO_SETTINGS_MODULE=module, **extra)
    del env["SECRET_KEY"]  # dev.py has its own
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from django.conf import settings as s;print(s.DEBUG, s.ANEF_DEMO)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1].split()


def test_dev_settings_have_debug_off_unless_the_environment_turns_it_on():
    assert _settings_of("anef.settings.dev") == ["False", "True"]
    assert _settings_of("anef.settings.dev", DEBUG="true") == ["True", "True"]


def test_production_is_never_a_demo():
    env = production_env()
    code = "from django.conf import settings as s; print(s.ANEF_DEMO)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.strip().splitlines()[-1] == "False"


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.urls_erreur", DEBUG=False)
def test_a_view_that_fails_shows_the_dsfr_500_page(client):
    client.raise_request_exception = False
    response = client.get("/panne/")
    assert response.status_code == 500
    page = response.content.decode()
    assert 'class="fr-header"' in page and 'class="fr-footer"' in page
    assert "Erreur inattendue" in page and "Traceback" not in page


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.urls_erreur", DEBUG=False)
def test_an_unreachable_database_answers_503_with_a_dsfr_page_and_no_query(
    client, django_assert_num_queries
):
    client.raise_request_exception = False
    with django_assert_num_queries(0):
        response = client.get("/base-injoignable/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert 'class="fr-header"' in page and "Service momentanément indisponible" in page
    assert "ce que vous avez déjà enregistré est conservé" in page
    assert "Traceback" not in page and "127.0.0.1" not in page


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.urls_erreur", DEBUG=False)
def test_the_500_page_falls_back_to_plain_html_when_it_cannot_render(client, monkeypatch):
    def casse(*args, **kwargs):
        raise RuntimeError("base de données indisponible")

    monkeypatch.setattr("anef.views.render", casse)
    client.raise_request_exception = False
    response = client.get("/panne/")
    assert response.status_code == 500
    assert "Erreur inattendue" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_page_shows_the_dsfr_404_page(client):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    page = response.content.decode()
    assert 'class="fr-header"' in page and "Page non trouvée" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status", "titre"),
    [("/interdit/", 403, "Accès refusé"), ("/incorrecte/", 400, "Requête incorrecte")],
)
@override_settings(ROOT_URLCONF="tests.urls_erreur", DEBUG=False)
def test_refusals_show_dsfr_pages(client, url, status, titre):
    response = client.get(url)
    assert response.status_code == status
    page = response.content.decode()
    assert 'class="fr-header"' in page and titre in page


@pytest.mark.django_db
@override_settings(DEBUG=False, ANEF_DEMO=True)
def test_seed_demo_runs_in_a_demo_without_debug():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo_demandes", stdout=StringIO())
    assert User.objects.filter(identifiant="admin").exists()


def _port_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_make_run_serves_static_files_and_dsfr_pages_with_debug_off():
    """`make run`'s runserver, DEBUG off, no --insecure: WhiteNoise serves the static files."""
    port = _port_libre()
    env = production_env(
        DJANGO_SETTINGS_MODULE="anef.settings.dev",
        DATABASE_URL="postgres://postgres:postgres@127.0.0.1:5432/postgres",
    )
    del env["SECRET_KEY"], env["ALLOWED_HOSTS"]
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                status, css = _get(f"{base}/static/css/anef.css")
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("runserver did not start")
        assert status == 200 and css
        status, page = _get(f"{base}/cette-page-n-existe-pas/")
        assert status == 404
        assert 'class="fr-header"' in page and "Page non trouvée" in page
    finally:
        server.terminate()
        server.wait(timeout=10)
