"""Draft lifecycle in Chromium (CSP enforced): abandoning a draft that holds a confirmed e-photo,
and trying to file the same renewal again while the first one is pending."""

from django.test import Client
from playwright.sync_api import expect

from demandes import services
from demandes.models import Demande
from justificatifs.models import EPhoto
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory, prefecture_du_nord
from tests.e2e import wizard
from tests.e2e.conftest import axe_check, browser_errors
from tests.e2e.journeys import login
from tests.e2e.wizard import click, expect_step, h1, main


def _brouillon_jusqu_aux_justificatifs(user) -> Demande:
    """A draft whose first three steps are saved (through the test client, to keep the journey
    on what it tests)."""
    demande = services.brouillon_creer(
        usager=user,
        motif_code="etudiant",
        renouvellement=True,
        document=user.document,
        par=user,
    )
    client = Client()
    client.force_login(user)
    for etape, donnees in [
        ("personnel", parcours.PERSONNEL),
        ("motif", parcours.MOTIF_ETUDIANT),
        ("ressources", parcours.ressources(("boursier", 700))),
    ]:
        assert client.post(parcours.url(demande, etape), donnees).status_code == 302
    return demande


def test_abandoning_a_draft_with_a_confirmed_ephoto_frees_the_code(page, live_server):
    base = live_server.url
    prefecture_du_nord()
    user = wizard.etudiant()
    wizard.ephoto()
    demande = _brouillon_jusqu_aux_justificatifs(user)

    login(page, base, user.identifiant)
    page.goto(base + parcours.url(demande, "justificatifs"))
    expect_step(page, 4, "Justificatifs", 6)
    wizard.confirmer_ephoto(page)
    assert EPhoto.objects.get(code=wizard.EPHOTO_CODE).demande_id == demande.pk

    page.goto(f"{base}/espace-personnel/mon-compte/")
    main(page).get_by_role("link", name="Abandonner la demande").click()
    expect(h1(page)).to_have_text("Abandonner la demande ?")
    click(page, "Oui, abandonner la demande")

    expect(page).to_have_url(f"{base}/espace-personnel/mon-compte/")
    expect(
        page.get_by_text("Votre demande a été abandonnée et ses documents supprimés.")
    ).to_be_visible()
    expect(page.locator("#aucune-demande")).to_be_visible()
    assert not Demande.objects.filter(pk=demande.pk).exists()
    ephoto = EPhoto.objects.get(code=wizard.EPHOTO_CODE)
    assert ephoto.demande_id is None and ephoto.reservee_le is None
    assert not browser_errors(page)


def test_the_same_renewal_cannot_be_filed_twice(axe_page, live_server):
    page = axe_page
    base = live_server.url
    deposee = DemandeFactory(deposee=True)
    user = deposee.usager

    wizard.open_pour_qui(page, base, user)
    wizard.pour_qui(page)
    wizard.tick(page, page.get_by_label("Je sollicite le renouvellement de ce titre"))
    click(page, "Je commence")

    alerte = page.locator("#demande-en-cours")
    expect(alerte).to_contain_text(f"Vous avez déjà déposé la demande n° {deposee.numero}")
    axe_check(page, "situation : demande déjà en cours")
    alerte.get_by_role("link", name=f"Voir ma demande n° {deposee.numero}").click()

    expect(page).to_have_url(f"{base}/espace-personnel/demandes/{deposee.pk}/confirmation/")
    expect(page.locator("#numero-demande")).to_have_text(deposee.numero)
    assert Demande.objects.filter(usager=user).count() == 1
