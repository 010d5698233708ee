"""French is the reference language; English is offered through the header's FR/EN switch and
its catalogue (locale/en/LC_MESSAGES/django.po) must be complete."""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

pytestmark = pytest.mark.django_db

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")

PUBLIC_PAGES = [
    "/",
    "/demarches/",
    "/contact/",
    "/plan-du-site/",
    "/mentions-legales/",
    "/accessibilite/",
    "/compte/connexion/",
    "/compte/creation/",
    "/compte/mot-de-passe-oublie/",
    "/compte/compte-existant/",
]


def parse_po(path: Path) -> list[dict]:
    """A minimal .po reader: each entry's flags, msgctxt, msgid, msgid_plural and msgstr(s)."""
    entries: list[dict] = []
    entry: dict = {}
    key = None

    def flush():
        nonlocal entry, key
        if "msgid" in entry:
            entries.append(entry)
        entry, key = {}, None

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
        elif line.startswith("#,"):
            if "msgid" in entry:
                flush()
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
        elif line.startswith("#"):
            if "msgid" in entry:
                flush()
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        else:
            name, _space, value = line.partition(" ")
            if name in ("msgctxt", "msgid") and "msgid" in entry:
                flush()
            key = name
            entry[key] = ast.literal_eval(value)
    flush()
    return entries


def test_default_page_is_french_even_if_the_browser_asks_for_english(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="fr"' in html
    assert "Se connecter" in html


def test_language_switch_shows_the_login_page_in_english(client):
    response = client.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/compte/connexion/"},
        HTTP_ACCEPT_LANGUAGE="fr",
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/compte/connexion/"
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Log in" in html
    assert "Forgotten your password?" in html
    assert "Se connecter" not in html
    assert "Mot de passe oublié ?" not in html


def test_switching_back_to_french(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="fr"' in html
    assert "Se connecter" in html


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_render_in_english(client, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Directorate-General for Foreign Nationals in France" in html
    for footer_link in ["Sitemap", "Legal notice", "Accessibility: fully compliant"]:
        assert footer_link in html
    assert "Mentions légales" not in html


def test_every_english_msgstr_is_filled_and_not_fuzzy():
    entries = parse_po(PO_PATH)
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == ""
    assert "fuzzy" not in header.get("flags", set())
    assert "Language: en" in header["msgstr"]
    assert len(messages) > 300
    problems = []
    for entry in messages:
        if "fuzzy" in entry.get("flags", set()):
            problems.append(("fuzzy", entry["msgid"]))
        strs = [v for k, v in entry.items() if k.startswith("msgstr")]
        if not strs or not all(s.strip() for s in strs):
            problems.append(("empty", entry["msgid"]))
    assert problems == []


def test_compiled_catalogue_matches_the_po_file():
    """The .mo must be recompiled (compilemessages) whenever the .po changes."""
    with MO_PATH.open("rb") as fp:
        compiled = gettext.GNUTranslations(fp)
    for entry in parse_po(PO_PATH)[1:]:
        if "msgid_plural" in entry:
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr[0]"]
            assert compiled.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr[1]"]
        else:
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


def test_django_catalogue_translates_key_labels():
    with translation.override("en"):
        assert translation.gettext("Se connecter") == "Log in"
        assert translation.gettext("Titre de séjour") == "Residence permit"
        assert translation.gettext("Préfecture".lower()) == "prefecture"
        assert (
            translation.ngettext(
                "Notifications (%(n)s non lue)", "Notifications (%(n)s non lues)", 3
            )
            % {"n": 3}
            == "Notifications (3 unread)"
        )
    with translation.override("fr"):
        assert translation.gettext("Se connecter") == "Se connecter"
