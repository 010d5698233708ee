"""The filing wizard as a newcomer meets it (issue 8), in a browser: answers that update the
page as they are given (with the CSP enforced), the same pages without JavaScript, the header
menu at 375 px, and axe-core with no violation of any impact at 1280 and 375 px."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.accounts.factories import PASSWORD
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory, prefecture_du_nord
from tests.e2e import wizard
from tests.e2e.conftest import ALL_IMPACTS, AxeAudit, browser_errors
from tests.e2e.journeys import login
from tests.e2e.wizard import click, enregistrer, expect_step

LARGEURS = (1280, 375)


@pytest.fixture(autouse=True)
def nord():
    return prefecture_du_nord()


def etape(base: str, demande, code: str) -> str:
    return base + parcours.url(demande, code)


def brouillon_etudiant_au_recapitulatif():
    return DemandeFactory(
        saisie={
            "personnel": {**parcours.PERSONNEL},
            "motif": {**parcours.MOTIF_ETUDIANT},
            "ressources": {
                "ressources": [{"origine": "boursier", "montant": "700"}],
                "total": "700",
                "heberge_gratuit": False,
                "raison": "",
            },
            "justificatifs": {"complet": True},
        }
    )


def brouillon_bpi_a_l_etape_2():
    return DemandeFactory(bpi=True, saisie={"personnel": {**parcours.PERSONNEL}})


def test_refugie_updates_the_attestation_wording_live(page, live_server):
    base = live_server.url
    demande = brouillon_bpi_a_l_etape_2()
    login(page, base, demande.usager.identifiant, PASSWORD)
    page.goto(etape(base, demande, "motif"))
    subsidiaire = page.locator("#id_att_protection_subsidiaire_non_marie")
    refugie = page.locator("#id_att_refugie_non_marie")
    expect(subsidiaire).to_be_visible()
    expect(refugie).to_be_hidden()

    wizard.radio(page, "protection", "refugie")
    expect(refugie).to_be_visible()
    expect(subsidiaire).to_be_hidden()
    expect(
        page.get_by_text("Bénéficier du statut de réfugié et ne pas être marié.")
    ).to_be_visible()

    # A failed submit (« enfants à charge » unanswered) keeps the choice and the ticked boxes.
    wizard.attestations(page, "refugie_non_marie", "sanctions")
    enregistrer(page)
    expect(page.locator("#error-summary")).to_be_visible()
    expect(refugie).to_be_visible()
    expect(refugie).to_be_checked()
    wizard.radio(page, "enfants_a_charge", "non")
    enregistrer(page)
    expect_step(page, 3, "Justificatifs")
    assert not browser_errors(page)


def test_the_couple_question_follows_the_family_situation(page, live_server):
    base = live_server.url
    demande = DemandeFactory(bpi=True)
    login(page, base, demande.usager.identifiant, PASSWORD)
    page.goto(etape(base, demande, "personnel"))
    page.select_option("#id_situation_familiale", "marie")
    expect(page.locator("#id_en_couple_0")).to_be_checked()
    expect(page.locator("#id_conjoint_nationalite_0")).to_be_visible()
    page.select_option("#id_situation_familiale", "pacse")
    expect(page.locator("#id_en_couple_0")).to_be_checked()
    # The answer stays editable; a contradiction is pointed out by the server.
    wizard.radio(page, "en_couple", "non")
    expect(page.locator("#id_conjoint_nationalite_0")).to_be_hidden()
    # The address search is offered with JavaScript.
    expect(page.locator("#id_adresse_recherche")).to_be_visible()
    assert not browser_errors(page)


@pytest.fixture
def page_sans_js(browser: Browser) -> Page:
    context = browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = context.new_page()
    yield page
    context.close()


def test_steps_work_without_javascript(page_sans_js, live_server):
    page, base = page_sans_js, live_server.url
    demande = DemandeFactory(bpi=True)
    login(page, base, demande.usager.identifiant, PASSWORD)
    page.goto(etape(base, demande, "personnel"))
    # The search needs the script: without it only the address fields are shown.
    expect(page.locator("#id_adresse_recherche")).to_be_hidden()
    wizard.personnel(page)
    enregistrer(page)

    expect_step(page, 2, "Motif de séjour")
    # Both wordings are shown; only the one of the protection chosen is required.
    wizard.radio(page, "protection", "refugie")
    wizard.radio(page, "enfants_a_charge", "non")
    wizard.attestations(page, "refugie_non_marie", "sanctions")
    enregistrer(page)
    expect_step(page, 3, "Justificatifs")
    demande.refresh_from_db()
    assert demande.saisie["motif"]["protection"] == "refugie"


def test_the_recap_works_without_javascript(page_sans_js, live_server):
    page, base = page_sans_js, live_server.url
    demande = brouillon_etudiant_au_recapitulatif()
    login(page, base, demande.usager.identifiant, PASSWORD)
    page.goto(etape(base, demande, "recapitulatif"))
    partie = page.locator("#partie-1")
    expect(partie.get_by_text("Rue de la Monnaie")).to_be_visible()
    partie.get_by_role("button", name=wizard.VALIDER_PARTIE).click()
    page.wait_for_load_state()
    expect(partie.locator(".fr-badge")).to_have_text("validée")
    # « Modifier ma saisie » leads to the step, then back to the récapitulatif.
    page.locator("#partie-2").get_by_role("link", name="Modifier ma saisie").first.click()
    expect_step(page, 2, "Motif de séjour")
    enregistrer(page)
    expect_step(page, 5, "Récapitulatif")


def test_header_language_row_is_not_clipped_at_375_px(page, live_server):
    base = live_server.url
    demande = DemandeFactory(bpi=True)
    page.set_viewport_size({"width": 375, "height": 800})
    login(page, base, demande.usager.identifiant, PASSWORD)
    page.goto(base + "/espace-personnel/mon-compte/")
    page.locator("#button-menu-mobile").click()
    langue = page.locator("#menu-mobile .fr-translate__btn")
    expect(langue).to_be_visible()
    boite = langue.bounding_box()
    assert boite["x"] >= 0 and boite["x"] + boite["width"] <= 375, boite
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    langue.click()
    english = page.locator("#menu-mobile").get_by_role("button", name="EN - English")
    expect(english).to_be_visible()
    english.click()
    page.wait_for_load_state()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_pages_touched_have_no_axe_violation_at_1280_and_375_px(axe_page, live_server):
    page, base = axe_page, live_server.url
    audit = AxeAudit(impacts=ALL_IMPACTS)
    demande = DemandeFactory(
        saisie={
            "personnel": {**parcours.PERSONNEL},
            "motif": {**parcours.MOTIF_ETUDIANT},
        }
    )
    bpi = brouillon_bpi_a_l_etape_2()
    ase = DemandeFactory(ase=True, saisie={"personnel": {**parcours.PERSONNEL}})
    recap = brouillon_etudiant_au_recapitulatif()
    for user_demande, codes in (
        (recap, ("recapitulatif",)),
        (demande, ("personnel", "motif", "ressources")),
        (bpi, ("motif",)),
        (ase, ("personnel", "motif")),
    ):
        page.context.clear_cookies()
        login(page, base, user_demande.usager.identifiant, PASSWORD)
        for largeur in LARGEURS:
            page.set_viewport_size({"width": largeur, "height": 900})
            for code in codes:
                page.goto(etape(base, user_demande, code))
                audit.check(page, f"{user_demande.motif} {code} à {largeur} px")
                if code == "recapitulatif":
                    click(page, "Valider et transmettre ma demande")  # parts not validated
                else:
                    enregistrer(page)
                audit.check(page, f"{user_demande.motif} {code}, erreurs, à {largeur} px")
            page.goto(base + "/espace-personnel/mon-compte/")
            audit.check(page, f"{user_demande.motif} mon compte à {largeur} px")

    # Before the wizard, and the account creation page (its validity-date legends).
    page.context.clear_cookies()
    nouveau = wizard.etudiant()
    for largeur in LARGEURS:
        page.set_viewport_size({"width": largeur, "height": 900})
        page.goto(base + "/compte/creation/")
        click(page, "Créer un compte")
        audit.check(page, f"création de compte, erreurs, à {largeur} px")
    login(page, base, nouveau.identifiant, PASSWORD)
    page.goto(base + "/espace-personnel/titre-de-sejour/")
    click(page, "Je continue")
    audit.check(page, "pour qui, erreurs")
    wizard.pour_qui(page)
    for largeur in LARGEURS:
        page.set_viewport_size({"width": largeur, "height": 900})
        for adresse, nom in (("", "pour qui"), ("situation/", "situation actuelle")):
            page.goto(f"{base}/espace-personnel/titre-de-sejour/{adresse}")
            audit.check(page, f"{nom} à {largeur} px")
    audit.assert_clean()
