"""« Je me désiste de ma demande » in Chromium (CSP enforced): from Mon compte, through the
confirmation page, to the request classée sans suite among the previous ones."""

from playwright.sync_api import expect

from demandes.etats import EtatDemande
from demandes.models import HistoriqueEtat
from tests.demandes.factories import DemandeFactory
from tests.e2e.conftest import browser_errors
from tests.e2e.journeys import login
from tests.e2e.wizard import click, h1, main


def test_the_applicant_withdraws_a_request_under_instruction(page, live_server):
    base = live_server.url
    demande = DemandeFactory(deposee=True, etat=EtatDemande.EN_INSTRUCTION)
    login(page, base, demande.usager.identifiant)

    courante = page.locator(f"#demande-{demande.pk} ol.anef-suivi li[aria-current=step]")
    expect(courante).to_contain_text("Instruction en cours")
    main(page).get_by_role("link", name=f"Je me désiste de ma demande n° {demande.numero}").click()
    expect(h1(page)).to_have_text(f"Vous désister de la demande n° {demande.numero} ?")
    expect(main(page)).to_contain_text("Elle ne pourra pas être reprise.")
    click(page, "Oui, je me désiste de ma demande")

    expect(page).to_have_url(f"{base}/espace-personnel/mon-compte/")
    expect(
        page.get_by_text(
            f"Votre désistement est enregistré : la demande n° {demande.numero} est classée "
            "sans suite."
        )
    ).to_be_visible()
    bloc = page.locator(f"#demande-{demande.pk}")
    expect(page.locator("#aucune-demande")).to_be_visible()
    expect(bloc).to_contain_text("Classée sans suite")
    expect(bloc).to_contain_text("elle a été classée sans suite et ne sera pas instruite")
    expect(bloc.locator("ol.anef-suivi")).to_have_count(0)
    expect(bloc.get_by_role("link", name="Je me désiste de ma demande")).to_have_count(0)
    historique = HistoriqueEtat.objects.get(demande=demande)
    assert historique.vers == EtatDemande.CLASSEE_SANS_SUITE
    assert historique.par_id == demande.usager.pk
    assert not browser_errors(page)
