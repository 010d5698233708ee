"""Choosing a file on the Justificatifs step uploads it at once, without leaving the page; with
JavaScript off, a file chosen then « Enregistrer et poursuivre » is stored, not lost."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from demandes.models import Demande
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory
from tests.e2e import wizard
from tests.e2e.conftest import _new_page, browser_errors
from tests.e2e.journeys import login


def _brouillon_aux_justificatifs() -> Demande:
    demande = DemandeFactory()
    client = Client()
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    client.post(parcours.url(demande, "motif"), parcours.MOTIF_ETUDIANT)
    client.post(parcours.url(demande, "ressources"), parcours.ressources(("salarie", 900)))
    return demande


def test_choosing_a_file_uploads_it_with_a_progress_bar_and_no_page_load(page, live_server):
    demande = _brouillon_aux_justificatifs()
    login(page, live_server.url, demande.usager.identifiant)
    page.goto(live_server.url + parcours.url(demande, "justificatifs"))
    page.evaluate("window.pageInchangee = true")
    progression = page.locator("#id_fichier_domicile-progression")
    expect(progression).to_be_hidden()
    expect(page.get_by_label("Envoi du fichier en cours").first).to_be_attached()

    wizard.upload(page, "domicile", wizard.png("facture.png"))

    lien = wizard.piece(page, "domicile").get_by_role("link", name="facture.png")
    expect(lien).to_be_visible()
    expect(lien).to_be_focused()
    assert page.evaluate("window.pageInchangee") is True  # no navigation: the item was swapped
    assert demande.fichiers.get().nom == "facture.png"

    # A refused file comes back with its reason beside the field, still without a page load.
    wizard.upload(page, "domicile", wizard.fake_pdf())
    expect(page.locator("#id_fichier_domicile")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_fichier_domicile-messages")).to_contain_text("Format non accepté")
    assert page.evaluate("window.pageInchangee") is True
    assert demande.fichiers.count() == 1
    assert not browser_errors(page)


@pytest.fixture
def page_sans_js(browser):
    page = _new_page(browser, java_script_enabled=False)
    yield page
    page.context.close()


def test_without_javascript_a_chosen_file_goes_with_save_and_continue(page_sans_js, live_server):
    page = page_sans_js
    demande = _brouillon_aux_justificatifs()
    login(page, live_server.url, demande.usager.identifiant)
    page.goto(live_server.url + parcours.url(demande, "justificatifs"))
    wizard.piece(page, "domicile").locator("input[type=file]").set_input_files(
        wizard.png("facture.png")
    )
    wizard.enregistrer(page)
    # Other documents are still missing, but the chosen one was stored and is listed.
    expect(page.locator("#error-summary")).to_contain_text("Des documents obligatoires manquent")
    expect(wizard.piece(page, "domicile").get_by_role("link", name="facture.png")).to_be_visible()
    assert demande.fichiers.get().nom == "facture.png"


def test_enter_in_the_ephoto_field_confirms_the_code_and_deletes_nothing(page, live_server):
    """The page is one form: Enter must press its hidden default button (confirm the e-photo),
    not the first delete button of the page."""
    demande = _brouillon_aux_justificatifs()
    login(page, live_server.url, demande.usager.identifiant)
    page.goto(live_server.url + parcours.url(demande, "justificatifs"))
    wizard.upload_ok(page, "titre_sejour")
    page.locator("#id_ephoto-code").fill("ABC")
    page.locator("#id_ephoto-code").press("Enter")
    expect(page.locator("#id_ephoto-code")).to_have_attribute("aria-invalid", "true")
    assert demande.fichiers.count() == 1
