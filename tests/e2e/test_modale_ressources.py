"""The under-615 € modal (RGAA 7.1, 6.1, issue 16): its message is its description, the page
behind it is inert, and Escape does what « Revenir à l'étape des ressources » does."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.accounts.factories import PASSWORD
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory, prefecture_du_nord
from tests.e2e import wizard
from tests.e2e.journeys import login

pytestmark = pytest.mark.django_db(transaction=True)


def test_escape_closes_the_modal_like_revenir_and_the_background_is_inert(page, live_server):
    prefecture_du_nord()
    base = live_server.url
    demande = DemandeFactory()
    client = Client()
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    client.post(parcours.url(demande, "motif"), parcours.MOTIF_ETUDIANT)
    login(page, base, demande.usager.identifiant, PASSWORD)
    url = f"{base}{parcours.url(demande, 'ressources')}"
    page.goto(url)
    page.select_option("#id_ressources-0-origine", "boursier")
    page.locator("#id_ressources-0-montant").fill("300")
    page.locator("#id_raison").fill("Je suis logée par ma famille.")
    wizard.enregistrer(page)

    dialog = wizard.modal(page, "Ressources")
    wizard.expect_modal_open(page, dialog)
    expect(dialog).to_have_accessible_description(
        "Vos ressources doivent au moins être égales à 615€/mois. Vous n'avez pas atteint le "
        "montant minimum de ressources nécessaires. L'instruction de votre demande est "
        "susceptible d'en tenir compte."
    )
    assert page.evaluate("document.querySelector('header').inert")
    assert page.evaluate("document.querySelector('footer').inert")
    # Tab never leaves the dialog.
    for _ in range(4):
        page.keyboard.press("Tab")
        assert dialog.evaluate("d => d.contains(document.activeElement)")

    with page.expect_navigation():
        page.keyboard.press("Escape")
    expect(page.locator(wizard.MODAL)).to_have_count(0)
    wizard.expect_step(page, 3, "Ressources", 6)
