"""A complement in Chromium (CSP enforced): the agent asks for two documents (service call), the
applicant opens the complement, sees the due date, replaces one document and maintains the
other with a reason, sends; the agent finds « Complément reçu » in the queue and both versions
on the request page."""

import re

from django.utils import timezone
from playwright.sync_api import expect

from instruction.models import Complement, StatutComplement
from tests.e2e.conftest import axe_check, browser_errors
from tests.e2e.journeys import login
from tests.e2e.test_back_office_accessibilite import se_connecter
from tests.e2e.wizard import click, h1, main
from tests.instruction.complement_outils import complement_en_attente
from tests.instruction.etats import roles_recreer
from tests.justificatifs import echantillons


def test_the_applicant_answers_a_complement_and_the_agent_sees_both_versions(
    axe_page, live_server, browser
):
    page, base = axe_page, live_server.url
    roles_recreer()
    complement, instructeur = complement_en_attente()
    usager = complement.demande.usager
    passeport, domicile = complement.elements.order_by("pk")

    login(page, base, usager.identifiant)
    page.goto(f"{base}/espace-personnel/complements/{complement.pk}/")
    expect(h1(page)).to_have_text("Demande de complément")
    complement.refresh_from_db()
    assert complement.accuse_le is not None
    echeance = timezone.localtime(complement.echeance).strftime("%d/%m/%Y")
    expect(main(page)).to_contain_text(f"Vous avez jusqu'au {echeance} pour répondre")
    expect(main(page)).to_contain_text("Les documents mentionnés ci-dessous ne sont pas lisibles :")
    axe_check(page, "demande de complément")

    # Sent with nothing answered: the errors beside each question, announced at the top.
    click(page, "Valider et envoyer")
    expect(page.locator("#error-summary")).to_contain_text(
        "Choisissez de maintenir ou de mettre à jour ce document."
    )
    axe_check(page, "demande de complément en erreur")

    bloc_domicile = page.locator(f"#element-{domicile.pk}")
    bloc_domicile.get_by_text("Mettre à jour le Document").click()
    bloc_domicile.locator(f"#id_fichier_{domicile.pk}").set_input_files(
        files=[{"name": "6657.png", "mimeType": "image/png", "buffer": echantillons.png()}]
    )
    click(page, "Joindre le document : Justificatif de domicile")
    expect(page.locator(f"#element-{domicile.pk} .anef-nouveau-fichier")).to_contain_text(
        "6657.png"
    )

    bloc_passeport = page.locator(f"#element-{passeport.pk}")
    bloc_passeport.get_by_text("Maintenir le Document").click()
    bloc_passeport.get_by_label("Veuillez préciser les raisons du maintien du document").fill(
        "La copie comporte 2 pages"
    )
    main(page).get_by_label("Message à l'agent").fill("Voici ma facture récente.")
    click(page, "Valider et envoyer")
    expect(
        page.get_by_text("Votre réponse a bien été envoyée à l'agent instructeur.")
    ).to_be_visible()
    expect(main(page)).to_contain_text("Vous avez répondu le")
    assert Complement.objects.get(pk=complement.pk).statut == StatutComplement.REPONDU
    assert not browser_errors(page)

    agent_page = browser.new_page()
    se_connecter(agent_page, base, instructeur)
    agent_page.goto(f"{base}/back-office/demandes/demande/?agent=tous")
    expect(agent_page.locator("#result_list")).to_contain_text("Complément reçu")
    agent_page.goto(f"{base}/back-office/demandes/demande/{complement.demande.pk}/change/")
    ligne = agent_page.locator(
        "tr", has=agent_page.get_by_role("cell", name="Justificatif de domicile", exact=True)
    )
    expect(ligne.locator(".anef-anciens")).to_contain_text("facture.png")
    expect(ligne.locator(".anef-nouveaux")).to_contain_text("6657.png")
    expect(agent_page.get_by_role("main")).to_contain_text("La copie comporte 2 pages")
    expect(agent_page.get_by_role("main")).to_contain_text("Voici ma facture récente.")
    expect(agent_page.get_by_role("main")).to_contain_text(re.compile("Mettre à jour le Document"))
    agent_page.close()
