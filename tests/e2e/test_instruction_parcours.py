"""The life of a request after its deposit, in Chromium, through the real pages only: an
instructeur without a second factor logs in and enrols TOTP, finds the request in the queue,
opens its documents, takes it, issues an ADP and proposes a favourable decision; a valideur
(confirmed device, real code step) signs it; the applicant sees « Décision statuée », downloads
the ADF, whose 2D-DOC the public page verifies; the card goes fabrication → disponible → remis
against an electronic fiscal stamp; Mon compte shows the new title. axe-core (serious and
critical) on every back-office page visited."""

import datetime
import re
from pathlib import Path

import pytest
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page, expect

from attestations.models import Attestation, TypeAttestation
from demandes.models import EtatDemande
from instruction.models import Remise
from tests.accounts.factories import PASSWORD
from tests.attestations.outils import datamatrix_de_la_page
from tests.demandes.factories import DemandeFactory
from tests.e2e.conftest import _new_page, browser_errors
from tests.e2e.journeys import login
from tests.e2e.test_back_office_accessibilite import activer_second_facteur
from tests.instruction.etats import roles_recreer
from tests.instruction.factories import agent
from tests.instruction.test_page_demande import fichier_de
from tests.justificatifs import echantillons

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path("/tmp")
TIMBRE = "1234 5678 9012 3456"
NUMERO_TITRE = "ZX9876543"


def shot(page: Page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"instruction_{name}.png"), full_page=True)


def mot_de_passe(page: Page, base: str, user) -> None:
    page.goto(f"{base}/back-office/login/")
    page.locator("#id_username").fill(user.identifiant)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button").last.click()


def code_du_telephone(user) -> str:
    """What the authenticator application shows now for the user's confirmed device."""
    device = TOTPDevice.objects.get(user=user, confirmed=True)
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def image_affichee(page: Page, locator) -> None:
    """The <img> loaded and decoded (a broken image has no natural width)."""
    expect(locator).to_be_visible()
    locator.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=locator.element_handle()
    )


def action(page: Page, libelle: str, audit, nom: str) -> None:
    """From the request page: the action's button, then its form (audited)."""
    page.locator(".anef-actions").get_by_role("link", name=libelle, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    audit.check(page, nom)


def valider(page: Page, bouton: str, succes: str) -> None:
    page.locator("#content-main").get_by_role("button", name=bouton).click()
    expect(page.locator(".messagelist")).to_contain_text(succes)
    expect(page).to_have_url(re.compile(r"/change/"))


def etape_courante(page: Page):
    return page.locator("ol.anef-suivi li[aria-current=step]")


def test_une_demande_de_son_depot_a_la_remise_du_titre(
    browser, axe_page, page, live_server, axe_audit
):
    roles_recreer()
    base = live_server.url
    demande = DemandeFactory(deposee=True)
    usager = demande.usager
    fichier_de(demande, echantillons.png(), "image/png", "photo.png", "passeport")
    fichier_de(demande, echantillons.pdf(), "application/pdf", "releve.pdf", "domicile")
    instructeur = agent("instructeur", prefecture=demande.prefecture, nom="Martin", prenom="Léa")
    valideur = agent("valideur", prefecture=demande.prefecture, nom="Petit", prenom="Hugo")
    TOTPDevice.objects.create(user=valideur, name="application", confirmed=True)
    url_demande = f"{base}/back-office/demandes/demande/{demande.pk}/change/"

    # --- The instructeur: password, then TOTP enrolment (QR code, first code, backup codes).
    agent_page = axe_page
    mot_de_passe(agent_page, base, instructeur)
    activer_second_facteur(agent_page, base, instructeur, axe_audit, "instructeur")
    assert TOTPDevice.objects.filter(user=instructeur, confirmed=True).count() == 1

    # The queue shows « Mes demandes » first: the new request is among the unassigned ones.
    agent_page.goto(f"{base}/back-office/demandes/demande/")
    axe_audit.check(agent_page, "file « Mes demandes »")
    expect(agent_page.get_by_role("link", name=demande.numero)).to_have_count(0)
    agent_page.locator("#changelist-filter").get_by_role("link", name="Non assignées").click()
    expect(agent_page.locator("#result_list")).to_contain_text(demande.numero)
    axe_audit.check(agent_page, "file « Non assignées »")
    agent_page.locator("#result_list").get_by_role("link", name=demande.numero).click()
    expect(agent_page).to_have_url(re.compile(re.escape(url_demande)))
    axe_audit.check(agent_page, "page de la demande (déposée)")
    shot(agent_page, "demande")

    # Its documents: the image inline, the PDF as page images rendered by the server.
    vignette = agent_page.get_by_role("img", name="Ouvrir photo.png")
    image_affichee(agent_page, vignette)
    vignette.click()
    image_affichee(agent_page, agent_page.locator("#content-main img").first)
    axe_audit.check(agent_page, "visionneuse image")
    agent_page.goto(url_demande)
    agent_page.get_by_role("link", name="Ouvrir releve.pdf").click()
    page_pdf = agent_page.get_by_role("img", name="Page 1 sur 1")
    image_affichee(agent_page, page_pdf)
    axe_audit.check(agent_page, "visionneuse PDF")
    agent_page.goto(url_demande)

    action(agent_page, "Prendre en charge", axe_audit, "prendre en charge")
    valider(agent_page, "Prendre en charge la demande", "La demande est prise en charge")
    expect(agent_page.locator("#content-main")).to_contain_text("En instruction")
    axe_audit.check(agent_page, "page de la demande (en instruction)")

    # ADP: the proposed period (3 months after the current title) is kept.
    action(agent_page, "Délivrer une ADP", axe_audit, "délivrer une ADP")
    valider(agent_page, "Délivrer l'attestation", "L'attestation de prolongation")

    # A favourable proposal: the proposed start (the day after the current title) is kept.
    action(agent_page, "Proposer une décision", axe_audit, "proposer une décision")
    agent_page.get_by_label("Favorable", exact=True).check()
    agent_page.get_by_label("Type de titre").select_option(label="carte de séjour pluriannuelle")
    debut = demande.document_actuel.date_fin_validite + datetime.timedelta(days=1)
    fin = debut.replace(year=debut.year + 4) - datetime.timedelta(days=1)
    agent_page.select_option("#id_date_fin_day", str(fin.day))
    agent_page.select_option("#id_date_fin_month", str(fin.month))
    agent_page.select_option("#id_date_fin_year", str(fin.year))
    agent_page.get_by_label("Montant des taxes (€)").fill("225")
    valider(agent_page, "Proposer la décision", "La décision est proposée")
    expect(agent_page.locator("#content-main")).to_contain_text("Décision proposée")
    # Four eyes: the proposer is not offered the signature.
    expect(agent_page.locator(".anef-actions")).not_to_contain_text("Signer la décision")

    # --- The valideur: a confirmed device, the real code step, then the signature.
    valideur_page = _new_page(browser, bypass_csp=True)
    try:
        mot_de_passe(valideur_page, base, valideur)
        expect(valideur_page).to_have_url(
            f"{base}/back-office/second-facteur/?next=%2Fback-office%2F"
        )
        axe_audit.check(valideur_page, "code à usage unique (valideur)")
        valideur_page.get_by_label("Code à usage unique").fill(code_du_telephone(valideur))
        valideur_page.get_by_role("button", name="Valider").click()
        expect(valideur_page).to_have_url(f"{base}/back-office/")
        valideur_page.goto(f"{base}/back-office/demandes/demande/")
        axe_audit.check(valideur_page, "file (valideur)")
        valideur_page.locator("#result_list").get_by_role("link", name=demande.numero).click()
        expect(valideur_page).to_have_url(re.compile(re.escape(url_demande)))
        axe_audit.check(valideur_page, "page de la demande (valideur)")
        action(valideur_page, "Signer la décision", axe_audit, "signer")
        expect(valideur_page.locator("#content-main")).to_contain_text("Léa Martin")
        valider(valideur_page, "Signer la décision", "La décision est signée")
        expect(valideur_page.locator("#content-main")).to_contain_text("Décision favorable")
    finally:
        valideur_page.context.close()

    # --- The applicant: « Décision statuée », the ADF, verified on the public page.
    login(page, base, usager.identifiant)
    expect(etape_courante(page)).to_contain_text("Décision statuée")
    lien_adf = page.get_by_role(
        "link",
        name=f"Télécharger l'attestation de décision favorable de la demande n° {demande.numero}",
    )
    expect(
        page.get_by_role("link", name="Télécharger l'attestation de prolongation")
    ).to_be_visible()
    with page.expect_download() as telechargement:
        lien_adf.click()
    adf = Path(telechargement.value.path()).read_bytes()
    assert adf.startswith(b"%PDF")
    attestation = Attestation.objects.get(demande=demande, type=TypeAttestation.DECISION_FAVORABLE)
    code = datamatrix_de_la_page(adf)
    assert code == attestation.donnees["deuxddoc"]

    page.goto(f"{base}/attestations/verifier/")
    page.locator("textarea").fill(code)
    page.get_by_role("button", name="Vérifier").click()
    expect(page.locator("#verification-resultat")).to_contain_text("Attestation authentique")
    expect(page.locator("#verification-champs")).to_contain_text(demande.numero)
    page.goto(f"{base}/attestations/verifier/")
    page.locator("input[type=file]").set_input_files(telechargement.value.path())
    page.get_by_role("button", name="Vérifier").click()
    expect(page.locator("#verification-resultat")).to_contain_text("Attestation authentique")

    # --- The card: fabrication → disponible → remis against a 16-digit electronic stamp.
    agent_page.goto(url_demande)
    action(agent_page, "Titre en fabrication", axe_audit, "titre en fabrication")
    valider(agent_page, "Confirmer : le titre est en fabrication", "Le titre est en fabrication")
    action(agent_page, "Titre disponible", axe_audit, "titre disponible")
    valider(agent_page, "Confirmer : le titre est disponible", "Le titre est disponible")
    action(agent_page, "Titre remis", axe_audit, "remise du titre")
    agent_page.get_by_label("N° du titre remis").fill(NUMERO_TITRE)
    agent_page.get_by_label("N° du timbre fiscal électronique").fill("1234 5678")
    agent_page.locator("#content-main").get_by_role(
        "button", name="Enregistrer la remise du titre"
    ).click()
    expect(agent_page.locator("#error-summary")).to_be_focused()
    expect(agent_page.locator("#content-main")).to_contain_text(
        "Le numéro du timbre fiscal électronique comporte 16 chiffres."
    )
    axe_audit.check(agent_page, "remise du titre en erreur")
    agent_page.get_by_label("N° du timbre fiscal électronique").fill(TIMBRE)
    valider(agent_page, "Enregistrer la remise du titre", "Le titre est remis")
    expect(agent_page.locator("#content-main")).to_contain_text("Titre remis")
    axe_audit.check(agent_page, "page de la demande (titre remis)")
    shot(agent_page, "titre_remis")

    remise = Remise.objects.get(demande=demande)
    assert remise.numero_timbre == TIMBRE.replace(" ", "")
    assert remise.titre.numero == NUMERO_TITRE
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.TITRE_REMIS

    # --- Mon compte: the new card is the current status and a line of the history.
    page.goto(f"{base}/espace-personnel/mon-compte/")
    statut = page.locator("#statut-actuel")
    expect(statut).to_contain_text("carte de séjour pluriannuelle")
    expect(statut).to_contain_text(fin.strftime("%d/%m/%Y"))
    ligne = page.locator("#historique-titres tbody tr").filter(has_text=fin.strftime("%d/%m/%Y"))
    expect(ligne).to_have_count(1)
    statut_attendu = (
        "En cours de validité"
        if debut <= timezone.localdate()
        else f"Valable à partir du {debut:%d/%m/%Y}"
    )
    expect(ligne).to_contain_text(statut_attendu)
    expect(etape_courante(page)).to_contain_text("Titre de séjour disponible")
    shot(page, "mon_compte")
    assert not browser_errors(page), browser_errors(page)

    axe_audit.assert_clean()
