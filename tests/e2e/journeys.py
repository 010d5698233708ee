"""Steps of the account-creation journey, shared by the e2e tests."""

import datetime
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import Page, expect

from tests.accounts.factories import PASSWORD
from tests.conftest import link_in

EMAIL = "amina.dupont@exemple.fr"


def fill_date(page: Page, prefix: str, value: datetime.date) -> None:
    page.select_option(f"#id_{prefix}_day", str(value.day))
    page.select_option(f"#id_{prefix}_month", str(value.month))
    page.select_option(f"#id_{prefix}_year", str(value.year))


def fill_creation(page: Page, numero: str, debut: datetime.date, fin: datetime.date) -> None:
    page.get_by_label("N° de votre visa ou de votre titre de séjour").fill(numero)
    debut_group = page.get_by_role("group", name="Date de début de validité")
    debut_group.get_by_label("Jour").select_option(str(debut.day))
    debut_group.get_by_label("Mois").select_option(str(debut.month))
    debut_group.get_by_label("Année").select_option(str(debut.year))
    fill_date(page, "date_fin", fin)
    page.get_by_role("button", name="Créer un compte").click()


def creation_step(page: Page, base_url: str, document) -> None:
    """Step 1 with the registry document's number and dates: lands on the e-mail page."""
    page.goto(f"{base_url}/compte/creation/")
    fill_creation(page, document.numero, document.date_debut_validite, document.date_fin_validite)
    expect(page).to_have_url(f"{base_url}/compte/creation/email/")


def email_step(page: Page, base_url: str, email: str = EMAIL) -> None:
    # The required marker " *" is aria-hidden: the accessible names are the bare labels.
    page.get_by_role("textbox", name="Adresse email", exact=True).fill(email)
    page.get_by_role("textbox", name="Confirmation de l'adresse email", exact=True).fill(email)
    page.get_by_role("button", name="Valider").click()
    expect(page).to_have_url(f"{base_url}/compte/creation/enregistree/")


def link_from_outbox(base_url: str) -> str:
    """The link of the last e-mail sent, pointed at the live server instead of SITE_URL."""
    assert mail.outbox, "no e-mail was sent"
    link = urlsplit(link_in(mail.outbox[-1]))
    return base_url + link.path


def password_step(page: Page, password: str = PASSWORD) -> None:
    page.locator("#id_password").fill(password)
    page.locator("#id_password_confirmation").fill(password)
    page.get_by_role("button", name="Créer le mot de passe").click()


def login(page: Page, base_url: str, identifiant: str, password: str = PASSWORD) -> None:
    page.goto(f"{base_url}/compte/connexion/")
    page.get_by_label("Identifiant").fill(identifiant)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="S'identifier").click()
    expect(page).to_have_url(f"{base_url}/espace-personnel/mon-compte/")
