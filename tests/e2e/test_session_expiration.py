"""RGAA 13.1 / WCAG 2.2.1 in Chromium: with a 12-second idle timeout and a warning 9 seconds
before, the dialog opens by itself with the focus on « Rester connecté », Escape answers it,
and the session outlives its first deadline."""

import datetime
import time

from playwright.sync_api import expect

from tests.accounts.factories import UserFactory
from tests.e2e.conftest import axe_check, browser_errors
from tests.e2e.journeys import login

IDLE = 12
WARNING = 9


def test_the_expiry_warning_opens_and_rester_connecte_extends_the_session(
    axe_page, live_server, settings
):
    settings.SESSION_IDLE_TIMEOUT = datetime.timedelta(seconds=IDLE)
    settings.SESSION_EXPIRY_WARNING = datetime.timedelta(seconds=WARNING)
    page = axe_page
    base = live_server.url
    user = UserFactory()
    login(page, base, user.identifiant)
    connecte_a = time.monotonic()

    dialogue = page.get_by_role("dialog", name="Votre session va expirer")
    expect(dialogue).to_be_visible()
    bouton = dialogue.get_by_role("button", name="Rester connecté")
    expect(bouton).to_be_focused()
    expect(dialogue).to_contain_text("Sans action de votre part, vous serez déconnecté(e)")
    axe_check(page, "session expiry warning")

    page.keyboard.press("Escape")
    expect(dialogue).to_be_hidden()
    # Past the first deadline: only the extension keeps the user signed in.
    page.wait_for_timeout(max(0, (connecte_a + IDLE + 1 - time.monotonic()) * 1000))
    page.reload()
    expect(page).to_have_url(f"{base}/espace-personnel/mon-compte/")

    # The warning comes back for the new deadline; the button extends it again.
    expect(dialogue).to_be_visible()
    prolonge_a = time.monotonic()
    bouton.click()
    expect(dialogue).to_be_hidden()
    page.wait_for_timeout(max(0, (prolonge_a + WARNING - time.monotonic()) * 1000))
    page.goto(f"{base}/compte/profil/")
    expect(page).to_have_url(f"{base}/compte/profil/")
    assert browser_errors(page) == []


def test_agents_get_the_same_warning_in_the_back_office(axe_page, live_server, settings):
    from tests.e2e.test_back_office_accessibilite import agent_et_demande, se_connecter

    settings.SESSION_IDLE_TIMEOUT = datetime.timedelta(seconds=IDLE)
    settings.SESSION_EXPIRY_WARNING = datetime.timedelta(seconds=WARNING)
    page, base = axe_page, live_server.url
    agent, _demande = agent_et_demande()
    se_connecter(page, base, agent)
    connecte_a = time.monotonic()

    dialogue = page.get_by_role("dialog", name="Votre session va expirer")
    expect(dialogue).to_be_visible()
    bouton = dialogue.get_by_role("button", name="Rester connecté")
    expect(bouton).to_be_focused()
    axe_check(page, "back-office session expiry warning")
    bouton.click()
    expect(page).to_have_url(f"{base}/back-office/")
    expect(dialogue).to_be_hidden()
    page.wait_for_timeout(max(0, (connecte_a + IDLE + 1 - time.monotonic()) * 1000))
    page.reload()
    expect(page).to_have_url(f"{base}/back-office/")
    assert browser_errors(page) == []
