"""The bell in Chromium: a DSFR disclosure opened from the keyboard, listing the latest
notifications, axe clean; opening one from it is the acknowledgement of receipt."""

from playwright.sync_api import expect

from notifications.models import Notification, TypeNotification
from tests.accounts.factories import UserFactory
from tests.e2e.conftest import axe_check
from tests.e2e.journeys import login


def test_the_bell_opens_from_the_keyboard(axe_page, live_server):
    page = axe_page
    base = live_server.url
    user = UserFactory()
    notification = Notification.objects.create(
        usager=user,
        type=TypeNotification.TITRE_DISPONIBLE,
        titre="Titre de séjour disponible",
        message="Votre titre de séjour est disponible.",
    )
    login(page, base, user.identifiant)

    cloche = page.locator("#cloche-notifications")
    expect(cloche).to_contain_text("1 non lue")
    expect(cloche).to_have_attribute("aria-expanded", "false")
    cloche.focus()
    page.keyboard.press("Enter")
    expect(cloche).to_have_attribute("aria-expanded", "true")
    menu = page.locator("#menu-notifications")
    expect(menu.get_by_role("link", name="Voir toutes mes notifications")).to_be_visible()
    axe_check(page, "cloche ouverte")

    page.keyboard.press("Tab")
    lien = menu.get_by_role("link").first
    expect(lien).to_be_focused()
    expect(lien).to_contain_text("Titre de séjour disponible")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{base}/espace-personnel/notifications/{notification.pk}/")
    notification.refresh_from_db()
    assert notification.lue_le is not None
    expect(page.locator("#cloche-notifications")).to_contain_text("0 non lue")
