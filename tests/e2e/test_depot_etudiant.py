"""A student renews their titre de séjour in Chromium (CSP enforced), from Mon compte to the
confirmation: every step of the wizard, the live resources total and its warning modal, an
upload, the e-photo and the four validations of the recap. A screenshot of each step is saved
as /tmp/wizard_*.png."""

from django.core import mail
from playwright.sync_api import expect

from demandes.models import Demande, EtatDemande
from tests.demandes.factories import prefecture_du_nord
from tests.e2e import wizard
from tests.e2e.conftest import browser_errors
from tests.e2e.wizard import click, enregistrer, expect_step, h1, main, shot

OBSERVATION = "Mon nom d'usage s'écrit DUPONT-MARTIN."


def test_student_files_a_renewal_from_mon_compte_to_confirmation(page, live_server):
    base = live_server.url
    prefecture_du_nord()
    user = wizard.etudiant()
    wizard.ephoto()
    findings = wizard.Findings()

    wizard.open_pour_qui(page, base, user)
    expect(h1(page)).to_have_text("Demander un titre de séjour")
    shot(page, "01_pour_qui")
    wizard.pour_qui(page)
    expect(page.locator("#situation-actuelle")).to_contain_text("Etudiant")
    shot(page, "02_situation")
    wizard.situation_renouvellement(page)
    expect(h1(page)).to_have_text("Je demande un titre de séjour pour étudier")
    expect(main(page)).to_contain_text("Déposez votre demande en 6 étapes")
    shot(page, "03_preambule")
    wizard.commencer(page, "Je commence")
    demande = Demande.objects.get(usager=user)
    assert demande.motif == "etudiant" and demande.renouvellement

    # Step 1 — Informations personnelles.
    expect_step(page, 1, "Informations personnelles", 6)
    expect(page.locator("#etat-civil")).to_contain_text("DUPONT")
    wizard.personnel(page)
    shot(page, "04_personnel")
    enregistrer(page)

    # Step 2 — Motif de séjour: both academic years.
    expect_step(page, 2, "Motif de séjour", 6)
    wizard.motif_etudiant(page)
    shot(page, "05_motif")
    enregistrer(page)

    # Step 3 — Ressources: two lines, 500 € in all, the total follows what is typed.
    expect_step(page, 3, "Ressources", 6)
    total = page.locator("#total-ressources")
    page.select_option("#id_ressources-0-origine", "boursier")
    page.locator("#id_ressources-0-montant").fill("300")
    expect(total).to_have_text("300")
    expect(page.locator("#bloc-raison")).to_be_visible()
    click(page, "Ajouter une ressource")
    expect(page.locator(".anef-ressource")).to_have_count(2)
    expect(page.locator("#id_ressources-0-montant")).to_have_value("300")
    page.select_option("#id_ressources-1-origine", "salarie")
    page.locator("#id_ressources-1-montant").fill("200")
    expect(total).to_have_text("500")
    page.locator("#id_ressources-1-montant").fill("400")
    expect(total).to_have_text("700")
    expect(page.locator("#bloc-raison")).to_be_hidden()
    page.locator("#id_ressources-1-montant").fill("200")
    expect(total).to_have_text("500")
    expect(page.locator("#bloc-raison")).to_be_visible()

    # Under 615 € without a reason: the error shows beside the field, nothing is saved.
    enregistrer(page)
    findings.check("ressources, raison manquante", lambda: wizard.expect_error_summary(page))
    raison = page.locator("#id_raison")
    expect(raison).to_have_attribute("aria-invalid", "true")
    expect(wizard.field_group(page, "id_raison")).to_contain_text(
        "Vous n'avez pas atteint le montant minimum"
    )
    expect(page.locator("#id_ressources-1-montant")).to_have_value("200")
    shot(page, "06_ressources_erreur")
    demande.refresh_from_db()
    assert "ressources" not in demande.saisie

    # With a reason: saved, then the warning modal.
    raison.fill("Je suis logée par ma famille.")
    enregistrer(page)
    modal = wizard.modal(page, "Ressources")
    expect(modal).to_contain_text("615€/mois")
    findings.check("modale Ressources", lambda: wizard.expect_modal_open(page, modal))
    shot(page, "07_ressources_modal")
    demande.refresh_from_db()
    assert demande.saisie["ressources"]["total"] == "500"
    wizard.follow_modal_link(page, "Enregistrer et poursuivre")

    # Step 4 — Justificatifs: a file, the e-photo.
    expect_step(page, 4, "Justificatifs", 6)
    wizard.upload_ok(page, "domicile", wizard.png("facture-edf.png"))
    expect(wizard.piece(page, "domicile")).to_contain_text("PNG")
    wizard.confirmer_ephoto(page)
    shot(page, "08_justificatifs")
    enregistrer(page)

    # Step 5 — Récapitulatif: the four parts, one by one, then the observation and the deposit.
    expect_step(page, 5, "Récapitulatif", 6)
    expect(page.locator("#depot-indisponible")).to_be_visible()
    wizard.valider_parties(page, 4)
    expect(page.locator("#depot-indisponible")).to_have_count(0)
    expect(page.locator("#partie-3")).to_contain_text("Je suis logée par ma famille.")
    page.locator("#id_observations").fill(OBSERVATION)
    shot(page, "09_recapitulatif")
    click(page, "Valider et transmettre ma demande")

    # Confirmation.
    expect_step(page, 6, "Confirmation", 6)
    numero = wizard.expect_confirmation(page)
    expect(main(page)).to_contain_text("Préfecture du Nord")
    shot(page, "10_confirmation")
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DEPOSEE
    assert demande.numero == numero
    assert demande.observations == OBSERVATION
    assert demande.prefecture.code == "59"
    assert any(user.email in m.to for m in mail.outbox)

    wizard.expect_mon_compte_lists(page, base, numero)
    shot(page, "11_mon_compte")
    assert not browser_errors(page)
    findings.assert_none()
