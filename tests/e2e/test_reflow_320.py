"""RGAA 10.11 (WCAG 1.4.10): at 320 px the récapitulatif, the confirmation and Mon compte
neither scroll sideways nor cut off a value, measured on the elements' boxes in Chromium."""

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from tests.attestations.outils import demande_deposee
from tests.demandes.factories import DemandeFactory, prefecture_du_nord
from tests.demandes.test_parcours import remplir_etudiant
from tests.e2e.conftest import ALL_IMPACTS, AxeAudit
from tests.e2e.journeys import login

pytestmark = pytest.mark.django_db(transaction=True)

LARGEUR = 320

# The page's width and, for every element that shows a value or an action, its own overflow:
# scrollWidth > clientWidth means text cut off inside a box that hides the overflow.
MESURE = """(largeur) => {
    const doc = document.documentElement;
    const problemes = [];
    if (doc.scrollWidth > doc.clientWidth) {
        problemes.push(`page: scrollWidth ${doc.scrollWidth} > clientWidth ${doc.clientWidth}`);
    }
    const selecteurs = "main dd, main dt, main td, main th, main .fr-btn, main a, main p, "
        + "main input, main label, main h1, main h2, main h3, main h4";
    for (const el of document.querySelectorAll(selecteurs)) {
        const boite = el.getBoundingClientRect();
        if (boite.width === 0 && boite.height === 0) continue;  // not shown
        // A data table may scroll inside its own keyboard-reachable region (WCAG 1.4.10's
        // exception): what matters is that the page does not.
        if (el.closest(".fr-table__container")) continue;
        const texte = (el.innerText || el.value || "").trim().slice(0, 40);
        if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).display !== "inline") {
            problemes.push(`${el.tagName} « ${texte} »: scrollWidth ${el.scrollWidth} > `
                + `clientWidth ${el.clientWidth}`);
        }
        if (boite.right > largeur + 1 || boite.left < -1) {
            problemes.push(`${el.tagName} « ${texte} »: box ${boite.left}–${boite.right}`);
        }
    }
    return problemes;
}"""


def mesurer(page: Page, ou: str) -> list[str]:
    return [f"{ou}: {p}" for p in page.evaluate(MESURE, LARGEUR)]


def mesurer_accordeons(page: Page, ou: str) -> list[str]:
    """The accordions of a group open one at a time: open and measure each in turn."""
    problemes = []
    for index, bouton in enumerate(page.locator(".fr-accordion__btn").all(), start=1):
        if bouton.get_attribute("aria-expanded") != "true":
            bouton.click()
        expect(bouton).to_have_attribute("aria-expanded", "true")
        page.wait_for_timeout(400)  # the collapse's transition
        problemes += mesurer(page, f"{ou}, partie {index}")
    return problemes


@pytest.fixture
def page_320(browser):
    context = browser.new_context(
        locale="fr-FR", viewport={"width": LARGEUR, "height": 640}, bypass_csp=True
    )
    page = context.new_page()
    yield page
    context.close()


def test_recap_confirmation_and_mon_compte_reflow_at_320px(page_320, live_server):
    prefecture_du_nord()
    page, base = page_320, live_server.url
    brouillon = DemandeFactory()
    remplir_etudiant(Client(), brouillon)
    deposee = demande_deposee(usager=brouillon.usager, numero="5901202611300000190", bpi=True)
    from demandes import suites

    suites.documents_du_depot_generer(demande=deposee)

    problemes = []
    audit = AxeAudit(ALL_IMPACTS)
    login(page, base, brouillon.usager.identifiant)
    problemes += mesurer(page, "mon compte")
    audit.check(page, "mon compte, 320 px")

    page.goto(f"{base}/espace-personnel/demandes/{brouillon.pk}/recapitulatif/")
    problemes += mesurer_accordeons(page, "récapitulatif")
    audit.check(page, "récapitulatif, 320 px")

    page.goto(f"{base}/espace-personnel/demandes/{deposee.pk}/confirmation/")
    expect(page.get_by_role("main")).to_contain_text(deposee.numero)
    problemes += mesurer(page, "confirmation")
    audit.check(page, "confirmation, 320 px")

    page.goto(f"{base}/espace-personnel/demandes/{brouillon.pk}/personnel/")
    problemes += mesurer(page, "étape 1")

    page.goto(f"{base}/attestations/verifier/")
    problemes += mesurer(page, "vérification")
    assert not problemes, "\n".join(problemes)
    audit.assert_clean()
