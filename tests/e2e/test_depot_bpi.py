"""A married beneficiary of international protection (registry motif « BPS ») renews their
title in Chromium (CSP enforced): being married asks for the polygamy attestation, the recap
has three parts, « Déposer la demande » deposits it."""

from playwright.sync_api import expect

from demandes.models import Demande, EtatDemande
from tests.demandes.factories import prefecture_du_nord
from tests.e2e import wizard
from tests.e2e.conftest import browser_errors
from tests.e2e.wizard import enregistrer, expect_step, h1, main


def test_married_bpi_holder_renews_and_attests_no_polygamy(page, live_server):
    base = live_server.url
    prefecture_du_nord()
    user = wizard.bpi()
    wizard.ephoto()

    wizard.open_pour_qui(page, base, user)
    wizard.pour_qui(page)
    wizard.situation_renouvellement(page)
    expect(h1(page)).to_have_text("Demander un titre de séjour")
    expect(main(page)).to_contain_text("bénéficiaire de la protection subsidiaire")
    wizard.commencer(page, "Je continue")
    demande = Demande.objects.get(usager=user)
    assert demande.motif == "bpi"

    # Married: the spouse's nationality is asked once « Oui » is checked.
    expect_step(page, 1, "Informations personnelles", 5)
    conjoint = page.locator("#id_conjoint_nationalite_0")
    expect(conjoint).to_be_hidden()
    wizard.personnel(page, situation="marie", en_couple="oui", conjoint="autre")
    enregistrer(page)

    # Step 2: the protection comes from the registry; married → the married wording and the
    # polygamy attestation.
    expect_step(page, 2, "Motif de séjour", 5)
    expect(page.locator("input[name=protection][value=subsidiaire]")).to_be_checked()
    expect(page.locator("#id_att_protection_subsidiaire")).to_be_attached()
    expect(page.locator("#id_att_protection_subsidiaire_non_marie")).to_have_count(0)
    polygamie = page.locator("label[for=id_att_polygamie]")
    expect(polygamie).to_contain_text("Ne pas vivre en France en état de polygamie")
    wizard.radio(page, "enfants_a_charge", "non")
    wizard.attestations(page, "protection_subsidiaire", "polygamie", "sanctions")
    enregistrer(page)

    expect_step(page, 3, "Justificatifs", 5)
    wizard.confirmer_ephoto(page)
    wizard.upload_ok(page, "domicile")
    enregistrer(page)

    # Récapitulatif: three accordions, validated one by one.
    expect_step(page, 4, "Récapitulatif", 5)
    wizard.valider_parties(page, 3)
    expect(page.locator("#partie-1")).to_contain_text("Marié(e)")
    wizard.click(page, "Déposer la demande")

    expect_step(page, 5, "Confirmation", 5)
    numero = wizard.expect_confirmation(page)
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DEPOSEE and demande.numero == numero
    assert demande.saisie["motif"]["att_polygamie"] is True
    assert not browser_errors(page)
