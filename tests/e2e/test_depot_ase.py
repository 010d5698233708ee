"""A young adult placed with the ASE renews their « Vie privée et familiale » title in Chromium
(CSP enforced): a placement after their 16th birthday is refused by the « Demandeur non
éligible » modal, the corrected date goes through, every required document is joined, and the
« Dépôt de la demande » step deposits it."""

import datetime

from playwright.sync_api import expect

from demandes.models import Demande, EtatDemande
from demandes.regles import seizieme_anniversaire
from tests.demandes.factories import prefecture_du_nord
from tests.e2e import wizard
from tests.e2e.conftest import browser_errors
from tests.e2e.wizard import enregistrer, expect_step, h1, main

REQUIRED_FILES = ("domicile", "decision_placement", "activite_professionnelle", "liens_famille")


def test_ase_holder_corrects_a_late_placement_then_deposits(page, live_server):
    base = live_server.url
    prefecture_du_nord()
    user = wizard.ase()
    wizard.ephoto()
    findings = wizard.Findings()
    naissance = user.document.date_naissance

    wizard.open_pour_qui(page, base, user)
    wizard.pour_qui(page)
    wizard.situation_renouvellement(page)
    expect(h1(page)).to_have_text("Demander un titre de séjour")
    expect(main(page)).to_contain_text("Aide Sociale à l'Enfance")
    wizard.commencer(page, "Je continue")
    demande = Demande.objects.get(usager=user)
    assert demande.motif == "vpf_ase"

    expect_step(page, 1, "Informations personnelles", 5)
    wizard.personnel(page)
    enregistrer(page)

    # Step 2 with a placement the day after the 16th birthday: the blocking modal.
    expect_step(page, 2, "Motif de séjour", 5)
    # An adult: the attestations of the « majeur » case only.
    expect(page.locator("#id_att_polygamie")).to_be_attached()
    expect(page.locator("#id_att_sanctions")).to_be_attached()
    expect(page.locator("#id_att_besoin_travailler")).to_have_count(0)
    trop_tard = seizieme_anniversaire(naissance) + datetime.timedelta(days=1)
    wizard.motif_ase(page, trop_tard)
    enregistrer(page)
    modal = wizard.modal(page, "Demandeur non éligible")
    expect(modal).to_contain_text("au plus tard à l'âge de 16 ans")
    findings.check("modale Demandeur non éligible", lambda: wizard.expect_modal_open(page, modal))
    demande.refresh_from_db()
    assert "motif" not in demande.saisie

    wizard.follow_modal_link(page, "Modifier ma saisie")
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect_step(page, 2, "Motif de séjour", 5)

    # The date of placement before 16, the adult's attestations.
    a_15_ans = naissance.replace(year=naissance.year + 15)
    wizard.motif_ase(page, a_15_ans)
    enregistrer(page)

    # Justificatifs: the e-photo and every required file.
    expect_step(page, 3, "Justificatifs", 5)
    for code in ("ephoto", *REQUIRED_FILES):
        expect(wizard.piece(page, code).get_by_role("heading")).to_contain_text("(obligatoire)")
    wizard.confirmer_ephoto(page)
    for code in REQUIRED_FILES:
        wizard.upload_ok(page, code)
    assert demande.fichiers.count() == len(REQUIRED_FILES)
    enregistrer(page)

    # « Dépôt de la demande »: no accordion, the deposit button at once.
    expect_step(page, 4, "Dépôt de la demande", 5)
    expect(page.locator(".fr-accordion")).to_have_count(0)
    expect(main(page)).to_contain_text("Je confirme le dépôt définitif de ma demande.")
    wizard.click(page, "Déposer la demande")

    expect_step(page, 5, "Confirmation", 5)
    numero = wizard.expect_confirmation(page)
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DEPOSEE and demande.numero == numero
    assert demande.saisie["motif"]["date_prise_en_charge"] == a_15_ans.isoformat()
    assert not browser_errors(page)
    findings.assert_none()
