"""Issue 11's journey in Chromium, from a complement request to the decision: the agent asks for
two documents; the applicant receives the e-mail, follows its link (signing in on the way),
sees the due date, replaces one document, maintains the other with a reason and sends; the agent
sees « Complément reçu » and both versions, resumes the instruction and proposes a favourable
decision, which a valideur signs; the applicant receives the decision e-mail with the ADF
attached and downloads the ADF from the notification. axe-core (serious and critical) on the
applicant's pages. The agents' sessions carry a verified second factor
(tests.back_office.connecter_agent), handed to the browser."""

import datetime
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from attestations.models import Attestation, TypeAttestation
from demandes.models import EtatDemande
from instruction import services
from instruction.models import Complement, StatutComplement
from notifications.models import Notification, TypeNotification
from tests.accounts.factories import PASSWORD
from tests.conftest import link_in
from tests.demandes.factories import DemandeFactory
from tests.e2e.conftest import _new_page, browser_errors
from tests.e2e.test_actions_accessibilite import ouvrir_session
from tests.e2e.test_instruction_parcours import action, valider
from tests.e2e.wizard import click, h1, main
from tests.instruction.complement_outils import ELEMENTS, fichier_depose
from tests.instruction.etats import roles_recreer
from tests.instruction.factories import agent
from tests.justificatifs import echantillons

pytestmark = pytest.mark.django_db(transaction=True)


def courriels_de(usager, sujet: str) -> list:
    return [m for m in mail.outbox if m.to == [usager.email] and m.subject.startswith(sujet)]


def test_from_a_complement_request_to_the_decision_and_its_adf(
    axe_page, live_server, browser, axe_audit
):
    page, base = axe_page, live_server.url
    roles_recreer()
    demande = DemandeFactory(deposee=True)
    usager = demande.usager
    fichier_depose(demande, "passeport", "234.PNG")
    fichier_depose(demande, "justificatif_domicile", "facture.png")
    instructeur = agent("instructeur", prefecture=demande.prefecture, nom="Martin", prenom="Léa")
    valideur = agent("valideur", prefecture=demande.prefecture, nom="Petit", prenom="Hugo")
    url_demande = f"{base}/back-office/demandes/demande/{demande.pk}/change/"

    # --- The agent asks for two documents (the service behind the back-office form).
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    mail.outbox.clear()
    complement = services.complement_demander(demande=demande, elements=ELEMENTS, par=instructeur)
    passeport, domicile = complement.elements.order_by("pk")

    # --- The applicant receives the seed's complement e-mail and follows its link.
    (courriel,) = courriels_de(usager, "Demande de complément d'information")
    assert f"formulée sur votre demande n° {demande.numero}" in courriel.body
    assert "Le service instructeur" in courriel.body
    lien = base + urlsplit(link_in(courriel)).path
    page.goto(lien)
    expect(page).to_have_url(re.compile(r"/compte/connexion/\?next="))
    page.get_by_label("Identifiant").fill(usager.identifiant)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="S'identifier").click()
    expect(page).to_have_url(f"{base}/espace-personnel/complements/{complement.pk}/")
    expect(h1(page)).to_have_text("Demande de complément")
    complement.refresh_from_db()
    assert complement.accuse_le is not None  # the opening is the acknowledgement
    echeance = timezone.localtime(complement.echeance).strftime("%d/%m/%Y")
    expect(main(page)).to_contain_text(f"Vous avez jusqu'au {echeance} pour répondre")
    axe_audit.check(page, "demande de complément (usager)")

    page.goto(f"{base}/espace-personnel/notifications/")
    ligne = page.locator("tbody tr").filter(has_text="Demande de complément")
    expect(ligne).to_contain_text(f"lue — Lu le {timezone.localdate():%d/%m/%Y}")
    axe_audit.check(page, "mes notifications (complément lu)")
    ligne.get_by_role("link", name="Demande de complément").click()
    expect(page).to_have_url(f"{base}/espace-personnel/complements/{complement.pk}/")

    # Replace the proof of address, maintain the passport with a reason, send.
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
    axe_audit.check(page, "réponse au complément remplie")
    click(page, "Valider et envoyer")
    expect(
        page.get_by_text("Votre réponse a bien été envoyée à l'agent instructeur.")
    ).to_be_visible()
    axe_audit.check(page, "complément envoyé")
    assert Complement.objects.get(pk=complement.pk).statut == StatutComplement.REPONDU
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.COMPLEMENT_RECU

    # --- The agent: « Complément reçu » in the queue, both versions on the request page.
    agent_page = _new_page(browser, bypass_csp=True)
    try:
        ouvrir_session(agent_page, base, instructeur)
        agent_page.goto(f"{base}/back-office/demandes/demande/?agent=tous")
        expect(agent_page.locator("#result_list")).to_contain_text("Complément reçu")
        agent_page.goto(url_demande)
        ligne = agent_page.locator(
            "tr", has=agent_page.get_by_role("cell", name="Justificatif de domicile", exact=True)
        )
        expect(ligne.locator(".anef-anciens")).to_contain_text("facture.png")
        expect(ligne.locator(".anef-nouveaux")).to_contain_text("6657.png")
        expect(agent_page.get_by_role("main")).to_contain_text("La copie comporte 2 pages")
        expect(agent_page.get_by_role("main")).to_contain_text("Voici ma facture récente.")

        # Resumes the instruction, proposes a favourable decision.
        action(agent_page, "Reprendre l'instruction", axe_audit, "reprendre l'instruction")
        valider(agent_page, "Reprendre l'instruction", "L'instruction de la demande reprend.")
        expect(agent_page.locator("#content-main")).to_contain_text("En instruction")
        action(agent_page, "Proposer une décision", axe_audit, "proposer une décision")
        agent_page.get_by_label("Favorable", exact=True).check()
        agent_page.get_by_label("Type de titre").select_option(
            label="carte de séjour pluriannuelle"
        )
        debut = demande.document_actuel.date_fin_validite + datetime.timedelta(days=1)
        fin = debut.replace(year=debut.year + 4) - datetime.timedelta(days=1)
        agent_page.select_option("#id_date_fin_day", str(fin.day))
        agent_page.select_option("#id_date_fin_month", str(fin.month))
        agent_page.select_option("#id_date_fin_year", str(fin.year))
        agent_page.get_by_label("Montant des taxes (€)").fill("225")
        valider(agent_page, "Proposer la décision", "La décision est proposée")
    finally:
        agent_page.context.close()

    # --- A valideur signs it.
    mail.outbox.clear()
    valideur_page = _new_page(browser, bypass_csp=True)
    try:
        ouvrir_session(valideur_page, base, valideur)
        valideur_page.goto(url_demande)
        action(valideur_page, "Signer la décision", axe_audit, "signer")
        valider(valideur_page, "Signer la décision", "La décision est signée")
        expect(valideur_page.locator("#content-main")).to_contain_text("Décision favorable")
    finally:
        valideur_page.context.close()

    # --- The applicant gets the decision e-mail, the ADF attached ...
    adf = Attestation.objects.get(demande=demande, type=TypeAttestation.DECISION_FAVORABLE)
    (courriel,) = courriels_de(usager, "Décision relative à votre demande de titre de séjour")
    assert f"votre demande n° {demande.numero} a été traitée" in courriel.body
    assert "Le service instructeur" in courriel.body
    ((nom, contenu, type_mime),) = courriel.attachments
    assert nom == adf.nom_fichier and nom.startswith("ATTESTATION_DECISION_FAVORABLE_")
    assert type_mime == "application/pdf" and contenu.startswith(b"%PDF")

    # ... and downloads it from the notification, which its link opens.
    notification = Notification.objects.get(demande=demande, type=TypeNotification.DECISION)
    page.goto(base + urlsplit(link_in(courriel)).path)
    expect(page).to_have_url(f"{base}/espace-personnel/notifications/{notification.pk}/")
    expect(h1(page)).to_have_text("Notification de décision")
    expect(main(page)).to_contain_text(f"n° {demande.numero} a été acceptée")
    axe_audit.check(page, "notification de décision")
    with page.expect_download() as telechargement:
        main(page).locator("a.anef-document-joint").click()
    assert Path(telechargement.value.path()).read_bytes() == contenu
    notification.refresh_from_db()
    assert notification.lue_le is not None
    page.goto(f"{base}/espace-personnel/notifications/")
    axe_audit.check(page, "mes notifications (décision lue)")
    assert not browser_errors(page), browser_errors(page)
    axe_audit.assert_clean()
