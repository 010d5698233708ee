"""Keyboard only, from login to deposit (RGAA 12.x, issue 16): Tab, Shift+Tab, arrows, Space
and Enter, never the mouse. On each page an empty submit first: the focus must land on the
error summary. After the round trips (e-photo, recap parts) the focus lands on the result."""

import re

from playwright.sync_api import Page, expect

from demandes.models import Demande, EtatDemande
from tests.accounts.factories import PASSWORD
from tests.demandes.factories import prefecture_du_nord
from tests.e2e import wizard
from tests.e2e.conftest import browser_errors
from tests.e2e.wizard import ENREGISTRER, EPHOTO_TYPED, VALIDER_PARTIE, expect_step, png

A_PLUS = 200  # Tab presses allowed to reach a control (the header, breadcrumb, summary links)


def focused(page: Page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            return {id: el.id, tag: el.tagName.toLowerCase(), type: el.type || '',
                    name: el.name || '', value: el.value || '', checked: !!el.checked,
                    text: (el.textContent || '').replace(/\\s+/g, ' ').trim(),
                    focusMark: el.hasAttribute('data-anef-focus')};
        }"""
    )


def tab_until(page: Page, test, what: str) -> dict:
    for _ in range(A_PLUS):
        page.keyboard.press("Tab")
        current = focused(page)
        if test(current):
            return current
    raise AssertionError(f"Tab ×{A_PLUS} never reached {what}")


def saisir(page: Page, field_id: str, texte: str) -> None:
    tab_until(page, lambda f: f["id"] == field_id, f"#{field_id}")
    page.keyboard.press("Control+A")
    page.keyboard.type(texte)
    expect(page.locator(f"#{field_id}")).to_have_value(texte)


def choisir(page: Page, field_id: str, valeur: str) -> None:
    """A closed select: the arrows change its value."""
    tab_until(page, lambda f: f["id"] == field_id, f"#{field_id}")
    for _ in range(60):
        if focused(page)["value"] == valeur:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"#{field_id} never took {valeur}")


def cocher(page: Page, name: str, valeur: str) -> None:
    """A radio group: Tab enters it, Space checks, the arrows move and check."""
    tab_until(page, lambda f: f["type"] == "radio" and f["name"] == name, f"radios {name}")
    for _ in range(10):
        courant = focused(page)
        if courant["value"] == valeur:
            if not courant["checked"]:
                page.keyboard.press("Space")
            expect(page.locator(f"input[name='{name}'][value='{valeur}']")).to_be_checked()
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"radio {name}={valeur} not reached")


def bouton(page: Page, libelle: str) -> None:
    """Tab to the button (or link) whose text starts with `libelle`, press Enter."""
    tab_until(
        page,
        lambda f: f["tag"] in ("button", "a") and f["text"].startswith(libelle),
        f"« {libelle} »",
    )
    entree(page)


def entree(page: Page) -> None:
    """Enter, which here always sends a form or follows a link: wait for the new page."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def focus_sur_le_resume(page: Page) -> None:
    expect(page.locator("#error-summary")).to_be_visible()
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    # Its first link leads to a control that takes the focus.
    lien = page.locator("#error-summary a").first
    if lien.count():
        cible = lien.get_attribute("href")[1:]
        tab_until(page, lambda f: f["tag"] == "a", "the summary's first link")
        page.keyboard.press("Enter")  # an in-page link: no navigation
        page.wait_for_function(f"document.activeElement.id === {cible!r}")


def focus_sur_le_resultat(page: Page) -> None:
    page.wait_for_function("document.activeElement.hasAttribute('data-anef-focus')")


def test_login_to_deposit_with_the_keyboard_only(page, live_server):
    base = live_server.url
    prefecture_du_nord()
    user = wizard.etudiant()
    wizard.ephoto()

    page.goto(f"{base}/compte/connexion/")
    bouton(page, "S'identifier")
    focus_sur_le_resume(page)
    saisir(page, "id_identifiant", user.identifiant)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    entree(page)
    expect(page).to_have_url(f"{base}/espace-personnel/mon-compte/")

    bouton(page, "Je demande ou renouvelle un titre de séjour")
    expect(page).to_have_url(f"{base}/espace-personnel/titre-de-sejour/")
    bouton(page, "Je continue")
    focus_sur_le_resume(page)
    cocher(page, "pour_qui", "moi")
    cocher(page, "situation", "titre")
    bouton(page, "Je continue")

    bouton(page, "Je commence")
    focus_sur_le_resume(page)
    cocher(page, "demande", "renouvellement")
    bouton(page, "Je commence")
    expect(page).to_have_url(re.compile(r"/titre-de-sejour/votre-demarche/(#.*)?$"))
    bouton(page, "Je commence")
    demande = Demande.objects.get(usager=user)

    # Step 1.
    expect_step(page, 1, "Informations personnelles", 6)
    bouton(page, ENREGISTRER)
    focus_sur_le_resume(page)
    choisir(page, "id_situation_familiale", "celibataire")
    cocher(page, "en_couple", "non")
    cocher(page, "enfants_en_france", "non")
    saisir(page, "id_numero_voie", "18")
    saisir(page, "id_voie", "Rue de la Monnaie")
    saisir(page, "id_code_postal", "59000")
    saisir(page, "id_ville", "Lille")
    saisir(page, "id_telephone", "06 12 34 56 78")
    bouton(page, ENREGISTRER)

    # Step 2.
    expect_step(page, 2, "Motif de séjour", 6)
    bouton(page, ENREGISTRER)
    focus_sur_le_resume(page)
    cocher(page, "n1_etudiant_en_france", "oui")
    for prefix, niveau in (("n1", "l2"), ("n", "l3")):
        choisir(page, f"id_{prefix}_type_etablissement", "universite")
        saisir(page, f"id_{prefix}_nom_etablissement", "Université de Lille")
        choisir(page, f"id_{prefix}_cycle", "licence")
        choisir(page, f"id_{prefix}_niveau", niveau)
        saisir(page, f"id_{prefix}_diplome", "Licence de chimie")
        choisir(page, f"id_{prefix}_discipline", "chimie")
        if prefix == "n1":
            cocher(page, "n1_resultat", "validee")
    cocher(page, "n_mobilite_ue", "non")
    bouton(page, ENREGISTRER)

    # Step 3: Enter in the amount saves the step (the hidden default button).
    expect_step(page, 3, "Ressources", 6)
    bouton(page, ENREGISTRER)
    focus_sur_le_resume(page)
    choisir(page, "id_ressources-0-origine", "boursier")
    saisir(page, "id_ressources-0-montant", "700")
    entree(page)

    # Step 4: the file chooser opens with Space; the e-photo is confirmed with Enter.
    expect_step(page, 4, "Justificatifs", 6)
    bouton(page, ENREGISTRER)
    focus_sur_le_resume(page)
    tab_until(page, lambda f: f["id"] == "id_fichier_domicile", "the file input")
    with page.expect_file_chooser() as choix:
        page.keyboard.press("Space")
    with page.expect_response(lambda r: r.request.headers.get("x-anef-fragment") == "domicile"):
        choix.value.set_files(png("facture.png"))
    expect(wizard.piece(page, "domicile")).to_contain_text("facture.png")
    saisir(page, "id_ephoto-code", EPHOTO_TYPED)
    entree(page)
    focus_sur_le_resultat(page)
    expect(page.locator("[data-anef-focus]")).to_contain_text("numéro ephoto est enregistré")
    bouton(page, ENREGISTRER)

    # Step 5: deposit refused before the parts are validated, then each part with Enter.
    expect_step(page, 5, "Récapitulatif", 6)
    bouton(page, "Valider et transmettre ma demande")
    expect(page.locator("#error-summary")).to_be_visible()
    page.wait_for_function("document.activeElement.id === 'error-summary'")
    for numero in range(1, 5):
        bouton(page, VALIDER_PARTIE)
        focus_sur_le_resultat(page)
        expect(page.locator("[data-anef-focus]")).to_contain_text(
            f"La partie {numero} du récapitulatif est validée."
        )
    bouton(page, "Valider et transmettre ma demande")

    expect_step(page, 6, "Confirmation", 6)
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DEPOSEE
    assert not browser_errors(page)
