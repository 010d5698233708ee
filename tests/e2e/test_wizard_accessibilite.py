"""axe-core (every impact, from minor to critical) on every page of the filing wizard, for each
of the three motifs, as first shown and with their errors; then step 1 completed with the
keyboard only.

The axe checks run in a context that bypasses the CSP (`axe_page`, see test_accessibilite); the
keyboard journey runs with the CSP enforced (`page`). Each test walks one motif's journey and
audits every state it shows; the failure message lists every page with violations."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from demandes.regles import seizieme_anniversaire
from tests.accounts.factories import PASSWORD
from tests.demandes.factories import DemandeFactory, prefecture_du_nord
from tests.e2e import wizard
from tests.e2e.conftest import ALL_IMPACTS, AxeAudit, browser_errors
from tests.e2e.journeys import login
from tests.e2e.wizard import click, enregistrer, expect_error_summary, expect_step, h1

PIECES = "/espace-personnel/titre-de-sejour/pieces/{}/"


@pytest.fixture(autouse=True)
def nord():
    return prefecture_du_nord()


@pytest.fixture
def axe_audit():
    """No violation of any impact on the wizard's pages (the site-wide default only fails on
    serious and critical ones)."""
    return AxeAudit(impacts=ALL_IMPACTS)


def audit_before_the_wizard(page: Page, base: str, user, audit, *, errors: bool) -> None:
    """Pour qui → situation → preamble, audited on the way (with their errors if asked)."""
    wizard.open_pour_qui(page, base, user)
    audit.check(page, "pour qui")
    if errors:
        click(page, "Je continue")
        expect_error_summary(page)
        audit.check(page, "pour qui, envoi vide")
    wizard.pour_qui(page)
    audit.check(page, "situation actuelle")
    if errors:
        click(page, "Je commence")
        expect_error_summary(page)
        audit.check(page, "situation actuelle, envoi vide")
    wizard.situation_renouvellement(page)
    audit.check(page, "préambule")


def expect_focused_summary(page: Page) -> None:
    summary = page.locator("#error-summary")
    expect(summary, "no error summary (#error-summary) lists the errors shown").to_be_visible(
        timeout=2_000
    )
    expect(summary, "the error summary does not take the focus").to_be_focused(timeout=2_000)


def audit_empty_step(page: Page, audit, findings, label: str) -> None:
    """The step as first shown, then submitted as it is: its errors, announced by the focused
    error summary as on every other form of the site."""
    audit.check(page, label)
    enregistrer(page)
    expect(page.locator(".fr-error-text").first).to_be_visible()
    findings.check(f"{label}, envoi vide", lambda: expect_focused_summary(page))
    audit.check(page, f"{label}, envoi vide")


def assert_clean(audit, findings) -> None:
    """axe violations and functional findings in one message."""
    audit.failures.extend(findings.problems)
    audit.assert_clean()


def audit_justificatifs_errors(page: Page, audit, motif: str) -> None:
    """Missing documents, a refused upload, an unknown e-photo code."""
    audit.check(page, f"{motif}: justificatifs")
    enregistrer(page)
    expect(page.locator("#error-summary")).to_contain_text("Des documents obligatoires manquent")
    audit.check(page, f"{motif}: justificatifs, documents manquants")

    wizard.upload(page, "domicile", wizard.fake_pdf())
    field = page.locator("#id_fichier_domicile")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_fichier_domicile-messages .fr-error-text")).to_be_visible()
    audit.check(page, f"{motif}: justificatifs, fichier refusé")

    page.locator("#id_ephoto-code").fill("ABC")
    wizard.piece(page, "ephoto").get_by_role("button", name="Confirmer le numéro ephoto").click()
    page.wait_for_load_state()
    expect(page.locator("#id_ephoto-code")).to_have_attribute("aria-invalid", "true")
    audit.check(page, f"{motif}: justificatifs, numéro ephoto refusé")


def test_etudiant_wizard_pages(axe_page, live_server, axe_audit):
    page, base, audit = axe_page, live_server.url, axe_audit
    findings = wizard.Findings()
    user = wizard.etudiant()
    wizard.ephoto()
    audit_before_the_wizard(page, base, user, audit, errors=True)
    page.goto(base + PIECES.format("etudiant"))
    expect(h1(page)).to_be_visible()
    audit.check(page, "étudiant: liste des pièces")
    page.go_back()
    wizard.commencer(page, "Je commence")

    expect_step(page, 1, "Informations personnelles")
    page.locator("#id_email").fill("")
    audit_empty_step(page, audit, findings, "étudiant: étape 1")
    page.locator("#id_email").fill("amina@exemple.fr")
    wizard.personnel(page)
    enregistrer(page)

    expect_step(page, 2, "Motif de séjour")
    audit_empty_step(page, audit, findings, "étudiant: étape 2")
    wizard.motif_etudiant(page)
    audit.check(page, "étudiant: étape 2, année N-1 dépliée")
    enregistrer(page)

    expect_step(page, 3, "Ressources")
    audit_empty_step(page, audit, findings, "étudiant: étape 3")
    page.select_option("#id_ressources-0-origine", "boursier")
    page.locator("#id_ressources-0-montant").fill("300")
    click(page, "Ajouter une ressource")
    page.select_option("#id_ressources-1-origine", "salarie")
    page.locator("#id_ressources-1-montant").fill("-5")
    enregistrer(page)
    expect(page.locator("#id_ressources-1-montant")).to_have_attribute("aria-invalid", "true")
    findings.check("étudiant: étape 3, montant négatif", lambda: expect_focused_summary(page))
    audit.check(page, "étudiant: étape 3, deux lignes, montant négatif")
    page.locator("#id_ressources-1-montant").fill("200")
    page.locator("#id_raison").fill("Je suis logée par ma famille.")
    enregistrer(page)
    modal = wizard.modal(page, "Ressources")
    findings.check("modale Ressources", lambda: wizard.expect_modal_open(page, modal))
    audit.check(page, "étudiant: étape 3, modale Ressources")
    wizard.follow_modal_link(page, "Enregistrer et poursuivre")

    expect_step(page, 4, "Justificatifs")
    audit_justificatifs_errors(page, audit, "étudiant")
    wizard.confirmer_ephoto(page)
    enregistrer(page)

    expect_step(page, 5, "Récapitulatif")
    audit.check(page, "étudiant: récapitulatif")
    click(page, "Valider et transmettre ma demande")
    expect(page.locator("#error-summary")).to_contain_text("Validez")
    audit.check(page, "étudiant: récapitulatif, parties non validées")
    wizard.valider_parties(page, 4)
    audit.check(page, "étudiant: récapitulatif, parties validées")
    click(page, "Valider et transmettre ma demande")
    wizard.expect_confirmation(page)
    audit.check(page, "étudiant: confirmation")
    assert_clean(audit, findings)


def test_bpi_wizard_pages(axe_page, live_server, axe_audit):
    page, base, audit = axe_page, live_server.url, axe_audit
    findings = wizard.Findings()
    user = wizard.bpi()
    wizard.ephoto()
    audit_before_the_wizard(page, base, user, audit, errors=False)
    page.goto(base + PIECES.format("bpi"))
    audit.check(page, "bpi: liste des pièces")
    page.go_back()
    wizard.commencer(page, "Je continue")

    expect_step(page, 1, "Informations personnelles")
    audit_empty_step(page, audit, findings, "bpi: étape 1")
    wizard.personnel(page, situation="marie", en_couple="oui", conjoint="francaise")
    enregistrer(page)

    expect_step(page, 2, "Motif de séjour")
    audit_empty_step(page, audit, findings, "bpi: étape 2")

    # « Abandonner la demande » asks for a confirmation first.
    click(page, "Abandonner la demande")
    expect(h1(page)).to_have_text("Abandonner la demande ?")
    audit.check(page, "bpi: abandon, confirmation")
    page.get_by_role("main").get_by_role("link", name="Non, reprendre ma demande").click()

    expect_step(page, 2, "Motif de séjour")
    wizard.radio(page, "enfants_a_charge", "non")
    wizard.attestations(page, "protection_subsidiaire", "polygamie", "sanctions")
    enregistrer(page)

    expect_step(page, 3, "Justificatifs")
    # A French spouse: the spouse's nationality document is asked for.
    expect(wizard.piece(page, "nationalite_conjoint")).to_be_visible()
    audit_justificatifs_errors(page, audit, "bpi")
    wizard.confirmer_ephoto(page)
    wizard.upload_ok(page, "domicile")
    audit.check(page, "bpi: justificatifs, complets")
    enregistrer(page)

    expect_step(page, 4, "Récapitulatif")
    audit.check(page, "bpi: récapitulatif")
    wizard.valider_parties(page, 3)
    click(page, "Déposer la demande")
    wizard.expect_confirmation(page)
    audit.check(page, "bpi: confirmation")
    assert_clean(audit, findings)


def test_ase_wizard_pages(axe_page, live_server, axe_audit):
    page, base, audit = axe_page, live_server.url, axe_audit
    findings = wizard.Findings()
    user = wizard.ase()
    wizard.ephoto()
    naissance = user.document.date_naissance
    audit_before_the_wizard(page, base, user, audit, errors=False)
    page.goto(base + PIECES.format("vpf_ase"))
    audit.check(page, "ase: liste des pièces")
    page.go_back()
    wizard.commencer(page, "Je continue")

    expect_step(page, 1, "Informations personnelles")
    audit_empty_step(page, audit, findings, "ase: étape 1")
    wizard.personnel(page)
    enregistrer(page)

    expect_step(page, 2, "Motif de séjour")
    audit_empty_step(page, audit, findings, "ase: étape 2")
    wizard.motif_ase(page, seizieme_anniversaire(naissance) + datetime.timedelta(days=30))
    enregistrer(page)
    modal = wizard.modal(page, "Demandeur non éligible")
    findings.check("modale Demandeur non éligible", lambda: wizard.expect_modal_open(page, modal))
    audit.check(page, "ase: étape 2, modale Demandeur non éligible")
    wizard.follow_modal_link(page, "Modifier ma saisie")
    expect_step(page, 2, "Motif de séjour")
    wizard.motif_ase(page, naissance.replace(year=naissance.year + 14))
    enregistrer(page)

    expect_step(page, 3, "Justificatifs")
    audit_justificatifs_errors(page, audit, "ase")
    wizard.confirmer_ephoto(page)
    for code in ("domicile", "decision_placement", "activite_professionnelle", "liens_famille"):
        wizard.upload_ok(page, code)
    enregistrer(page)

    expect_step(page, 4, "Dépôt de la demande")
    audit.check(page, "ase: dépôt de la demande")
    click(page, "Déposer la demande")
    wizard.expect_confirmation(page)
    audit.check(page, "ase: confirmation")
    assert_clean(audit, findings)


# --- Keyboard ------------------------------------------------------------------------------


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {id: el.id, tag: el.tagName.toLowerCase(), type: el.type || '',
                    value: el.value || '', text: (el.textContent || '').trim()};
        }"""
    )


def tab_to(page: Page, element_id: str, *, at_most: int = 3, key: str = "Tab") -> None:
    """Press Tab (or Shift+Tab) until the element has the focus; fail after `at_most` presses."""
    seen = []
    for _ in range(at_most):
        page.keyboard.press(key)
        current = focused(page)
        seen.append(current["id"] or current["tag"])
        if current["id"] == element_id:
            return
    pytest.fail(f"{key} ×{at_most} did not reach #{element_id}; the focus went {seen}")


def test_bpi_step_1_completed_with_the_keyboard_only(page, live_server):
    base = live_server.url
    demande = DemandeFactory(bpi=True)
    login(page, base, demande.usager.identifiant, PASSWORD)
    step_1 = f"{base}/espace-personnel/demandes/{demande.pk}/personnel/"
    page.goto(step_1)
    expect_step(page, 1, "Informations personnelles")

    # From the top of the page to the first field, past the header and the breadcrumb.
    tab_to(page, "id_nom_usage", at_most=40)
    tab_to(page, "id_situation_familiale")
    page.keyboard.press("ArrowDown")  # « — » → « Célibataire »
    expect(page.locator("#id_situation_familiale")).to_have_value("celibataire")

    # Radios: Space checks the focused one, the arrows move and check.
    tab_to(page, "id_en_couple_0")
    page.keyboard.press("Space")
    expect(page.locator("#id_en_couple_0")).to_be_checked()
    expect(page.locator("#id_conjoint_nationalite_0")).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_en_couple_1")).to_be_checked()
    expect(page.locator("#id_conjoint_nationalite_0")).to_be_hidden()
    tab_to(page, "id_enfants_en_france_0")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_enfants_en_france_1")).to_be_checked()
    # Back and forth: Shift+Tab returns to the checked radio of the previous group.
    tab_to(page, "id_en_couple_1", key="Shift+Tab")
    tab_to(page, "id_enfants_en_france_1")

    # The address, typed field by field (the search field is skipped).
    for field_id, text in (
        ("id_numero_voie", "18"),
        ("id_voie", "Rue de la Monnaie"),
        ("id_code_postal", "59000"),
        ("id_ville", "Lille"),
        ("id_code_insee", "59350"),
        ("id_telephone", "06 12 34 56 78"),
    ):
        tab_to(page, field_id)
        page.keyboard.press("Control+A")
        page.keyboard.type(text)
        expect(page.locator(f"#{field_id}")).to_have_value(text)

    # The buttons come in the order they are shown (RGAA 12.8): « Revenir à l'étape
    # précédente » first, « Enregistrer et poursuivre » last.
    boutons = []
    for _ in range(8):
        page.keyboard.press("Tab")
        if focused(page)["tag"] == "button":
            boutons.append(focused(page)["value"])
        if len(boutons) == 4:
            break
    assert boutons == ["precedent", "abandonner", "quitter", "enregistrer"], boutons
    assert re.match(r"Enregistrer et poursuivre", focused(page)["text"]), focused(page)
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{base}/espace-personnel/demandes/{demande.pk}/motif/")
    expect_step(page, 2, "Motif de séjour")
    demande.refresh_from_db()
    saisie = demande.saisie["personnel"]
    assert (saisie["situation_familiale"], saisie["en_couple"], saisie["ville"]) == (
        "celibataire",
        "non",
        "Lille",
    )
    assert not browser_errors(page)
