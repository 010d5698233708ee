"""« Vérifier une attestation » in Chromium: upload a generated PDF, then a tampered code."""

import pytest
from playwright.sync_api import expect

from attestations import selectors
from attestations.models import Attestation
from demandes import suites
from tests.attestations.outils import demande_deposee
from tests.e2e.conftest import axe_violations, format_violations

URL = "/attestations/verifier/"


@pytest.fixture
def attestation_pdf(tmp_path):
    demande = demande_deposee()
    attestation = Attestation.objects.get(pk=suites.documents_du_depot_generer(demande=demande)[0])
    chemin = tmp_path / "CONFIRMATION_DEPOT.pdf"
    chemin.write_bytes(selectors.contenu(attestation))
    return attestation, chemin


def test_uploading_a_generated_pdf_shows_what_it_certifies(live_server, page, attestation_pdf):
    attestation, chemin = attestation_pdf
    page.goto(live_server.url + URL)
    page.locator("input[type=file]").set_input_files(str(chemin))
    page.get_by_role("button", name="Vérifier").click()
    resultat = page.locator("#verification-resultat")
    expect(resultat).to_contain_text("Attestation authentique")
    expect(page.locator("#verification-champs")).to_contain_text(attestation.demande.numero)


def test_a_tampered_code_is_refused_in_the_browser(live_server, page, attestation_pdf):
    attestation, _chemin = attestation_pdf
    texte = attestation.donnees["deuxddoc"].replace("DUPONT", "DUPONS", 1)
    page.goto(live_server.url + URL)
    page.locator("textarea").fill(texte)
    page.get_by_role("button", name="Vérifier").click()
    resultat = page.locator("#verification-resultat")
    expect(resultat).not_to_contain_text("Attestation authentique")
    expect(resultat).to_be_visible()


def test_verification_page_is_accessible(live_server, axe_page, attestation_pdf):
    _attestation, chemin = attestation_pdf
    axe_page.goto(live_server.url + URL)
    assert not (v := axe_violations(axe_page)), format_violations(v, "verification page")
    axe_page.locator("input[type=file]").set_input_files(str(chemin))
    axe_page.get_by_role("button", name="Vérifier").click()
    expect(axe_page.locator("#verification-resultat")).to_be_visible()
    assert not (v := axe_violations(axe_page)), format_violations(v, "verification result")
