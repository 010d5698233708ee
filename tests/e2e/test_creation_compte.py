"""Account creation in Chromium, from a registry document to Mon compte."""

import datetime

from django.core import mail
from playwright.sync_api import expect

from accounts.models import StatutCompte, User
from accounts.passwords import RULES, unmet_rules
from accounts.views.inscription import NO_MATCH
from tests.accounts.factories import PASSWORD, DocumentSejourFactory
from tests.e2e.conftest import browser_errors
from tests.e2e.journeys import (
    EMAIL,
    creation_step,
    email_step,
    fill_creation,
    link_from_outbox,
    login,
    password_step,
)

WEAK_PASSWORD = "abcdef"


def d(value: datetime.date) -> str:
    return value.strftime("%d/%m/%Y")


def test_titre_holder_creates_account_then_sees_title_in_mon_compte(page, live_server):
    base = live_server.url
    document = DocumentSejourFactory()
    assert document.numero_etranger and not User.objects.exists()

    creation_step(page, base, document)
    expect(page.get_by_role("heading", level=1)).to_have_text("Saisissez votre adresse email")

    email_step(page, base)
    expect(page.get_by_role("main")).to_contain_text(
        "Demande de création de compte bien enregistrée"
    )
    expect(page.get_by_role("main")).to_contain_text(
        "Votre identifiant de connexion sera votre N° Etranger"
    )
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [EMAIL]

    page.goto(link_from_outbox(base))
    expect(page.get_by_role("heading", level=1)).to_have_text("Créez votre mot de passe")

    # A weak password: every unmet rule is named, the typed value is kept.
    missing = unmet_rules(WEAK_PASSWORD)
    assert len(missing) >= 3
    password_step(page, WEAK_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Créez votre mot de passe")
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    field_error = page.locator("#id_password").locator(
        "xpath=ancestor::div[contains(@class, 'fr-input-group')]"
    )
    for rule in missing:
        expect(summary).to_contain_text(rule)
        expect(field_error).to_contain_text(rule)
    met = [str(label) for _code, label, check in RULES if check(WEAK_PASSWORD)]
    for rule in met:
        expect(summary).not_to_contain_text(rule)
    expect(page.locator("#id_password")).to_have_value(WEAK_PASSWORD)
    expect(page.locator("#id_password")).to_have_attribute("aria-invalid", "true")
    assert not User.objects.exists()

    password_step(page, PASSWORD)
    expect(page).to_have_url(f"{base}/compte/creation/terminee/")
    expect(page.get_by_role("main")).to_contain_text("Votre compte a bien été créé")
    expect(page.get_by_role("main")).to_contain_text(
        "Votre identifiant de connexion est votre N° Etranger"
    )
    user = User.objects.get()
    assert user.identifiant == document.numero_etranger
    assert user.statut == StatutCompte.ACTIF

    login(page, base, document.numero_etranger)
    expect(page.get_by_role("heading", level=1)).to_have_text("Bienvenue Amina DUPONT")
    statut = page.locator("#statut-actuel")
    expect(statut).to_contain_text(document.motif)
    expect(statut).to_contain_text(document.mention)
    expect(statut).to_contain_text(d(document.date_debut_validite))
    expect(statut).to_contain_text(d(document.date_fin_validite))
    historique = page.locator("#historique-titres tbody tr")
    expect(historique).to_have_count(1)
    expect(historique.locator("td")).to_have_text(
        [
            d(document.date_debut_validite),
            d(document.date_fin_validite),
            document.get_nature_display(),
            document.motif,
            "En cours de validité",
        ]
    )
    expect(page.locator("#bouton-compte")).to_have_text("Amina DUPONT")
    assert not browser_errors(page)


def test_wrong_dates_give_one_generic_message_and_keep_the_number(page, live_server):
    base = live_server.url
    document = DocumentSejourFactory()
    page.goto(f"{base}/compte/creation/")

    fill_creation(
        page,
        document.numero,
        document.date_debut_validite + datetime.timedelta(days=1),
        document.date_fin_validite,
    )

    expect(page).to_have_url(f"{base}/compte/creation/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Première visite ? Créez votre compte."
    )
    # One generic message, naming neither the number nor a date: no field is flagged.
    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary.locator("li")).to_have_count(1)
    expect(summary.locator("li")).to_have_text(str(NO_MATCH))
    expect(page.locator("main [aria-invalid='true']")).to_have_count(0)
    expect(page.locator("main .fr-fieldset--error")).to_have_count(0)
    expect(page.get_by_label("N° de votre visa ou de votre titre de séjour")).to_have_value(
        document.numero
    )
    assert not mail.outbox
    assert not User.objects.exists()
