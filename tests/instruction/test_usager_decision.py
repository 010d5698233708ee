"""The applicant's side of a decision: the refusal document through an owner-only view, the
ADF, ADP and confirmation de dépôt on Mon compte, the decision's notification, and the card
handed over becoming the current title."""

import datetime
import html as html_lib
import io
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from attestations.models import TypeAttestation
from demandes import suites
from demandes.etats import EtatDemande
from instruction import services
from notifications.models import Notification, TypeNotification
from tests.accounts.factories import UserFactory
from tests.back_office import connecter_agent
from tests.demandes.factories import DemandeFactory
from tests.instruction.factories import agent
from tests.instruction.parcours_usager import PDF_REFUS, favorable_signee, refusee

pytestmark = pytest.mark.django_db

MON_COMPTE = "/espace-personnel/mon-compte/"


def url_refus(demande) -> str:
    return f"/espace-personnel/demandes/{demande.pk}/decision/document/"


def texte(response) -> str:
    assert response.status_code == 200
    return " ".join(html_lib.unescape(response.content.decode()).split())


def sans_balises(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


# --- The refusal document ------------------------------------------------------------------


def test_the_applicant_downloads_the_signed_refusal(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demande = refusee()
    client.force_login(demande.usager)
    response = client.get(url_refus(demande))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="decision-{demande.numero}.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content) == PDF_REFUS


def test_the_refusal_is_nobody_elses(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demande = refusee()
    assert client.get(url_refus(demande)).status_code == 302  # anonymous: login page

    client.force_login(UserFactory())
    assert client.get(url_refus(demande)).status_code == 404

    # Agents read it in the back office, not through the applicant's page.
    connecter_agent(client, agent("valideur", prefecture=demande.prefecture))
    assert client.get(url_refus(demande)).status_code == 404


@pytest.mark.parametrize(
    "etat",
    [EtatDemande.DEPOSEE, EtatDemande.DECISION_FAVORABLE, EtatDemande.DECISION_DEFAVORABLE],
)
def test_no_document_unless_a_refusal_was_signed_with_it(client, etat):
    # A refused state without a signed refusal row (built by the factory) has nothing either.
    demande = DemandeFactory(deposee=True, etat=etat)
    client.force_login(demande.usager)
    assert client.get(url_refus(demande)).status_code == 404


def test_a_proposed_refusal_is_not_offered_before_it_is_signed(client):
    demande = DemandeFactory(deposee=True)
    instructeur = agent("instructeur", prefecture=demande.prefecture)
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    services.decision_proposer(
        demande=demande,
        sens="defavorable",
        motifs_refus="Ressources insuffisantes.",
        document_refus=io.BytesIO(PDF_REFUS),
        par=instructeur,
    )
    client.force_login(demande.usager)
    assert client.get(url_refus(demande)).status_code == 404
    assert url_refus(demande) not in texte(client.get(MON_COMPTE))


def test_mon_compte_and_the_decision_notice_offer_the_refusal(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demande = refusee()
    client.force_login(demande.usager)
    page = texte(client.get(MON_COMPTE))
    lien = f'href="{url_refus(demande)}"'
    assert lien in page
    assert f"Télécharger le document de décision de la demande n° {demande.numero}" in page
    assert "Décision statuée étape en cours" in sans_balises(page)

    notification = Notification.objects.get(demande=demande, type=TypeNotification.DECISION)
    response = client.get(f"/espace-personnel/notifications/{notification.pk}/")
    detail = texte(response)
    assert lien in detail
    assert f"votre demande n° {demande.numero} a été traitée" in detail
    # Paragraphs and the signature's line breaks are kept.
    corps = response.content.decode()
    assert corps.count("<p>") >= 2 and "Cordialement,<br>L&#x27;agent Instructeur" in corps


# --- ADF, ADP and the confirmation de dépôt on Mon compte ----------------------------------


def test_mon_compte_lists_the_confirmation_the_adp_and_the_adf(
    client, django_capture_on_commit_callbacks
):
    demande = DemandeFactory(deposee=True)
    with django_capture_on_commit_callbacks(execute=True):
        suites.documents_du_depot_generer(demande=demande)
        instructeur = agent("instructeur", prefecture=demande.prefecture)
        services.demande_prendre_en_charge(demande=demande, par=instructeur)
        aujourdhui = timezone.localdate()
        services.adp_delivrer(
            demande=demande,
            debut=aujourdhui,
            fin=aujourdhui + datetime.timedelta(days=90),
            par=instructeur,
        )
    client.force_login(demande.usager)
    page = texte(client.get(MON_COMPTE))
    n = demande.numero
    assert f"Télécharger l'attestation de dépôt n° {n}" in page
    assert f"Télécharger l'attestation de prolongation d'instruction de la demande n° {n}" in page
    assert "Instruction en cours étape en cours" in sans_balises(page)

    with django_capture_on_commit_callbacks(execute=True):
        favorable_signee(demande)
    page = texte(client.get(MON_COMPTE))
    assert f"Télécharger l'attestation de dépôt n° {n}" in page
    assert f"Télécharger l'attestation de décision favorable de la demande n° {n}" in page
    adf = demande.attestations.get(type=TypeAttestation.DECISION_FAVORABLE)
    assert f"/attestations/{adf.pk}/" in page
    assert url_refus(demande) not in page


# --- Notifications of the instruction -------------------------------------------------------


def test_every_instruction_notice_opens_with_its_paragraphs(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        demande, instructeur = favorable_signee()
        services.titre_lancer_fabrication(demande=demande, par=instructeur)
        services.titre_disponible(demande=demande, par=instructeur)
        autre = DemandeFactory(
            deposee=True, usager=demande.usager, motif="bpi", prefecture=demande.prefecture
        )
        services.demande_prendre_en_charge(demande=autre, par=instructeur)
        aujourdhui = timezone.localdate()
        services.adp_delivrer(
            demande=autre,
            debut=aujourdhui,
            fin=aujourdhui + datetime.timedelta(days=90),
            par=instructeur,
        )
        services.complement_demander(
            demande=autre,
            elements=[
                {
                    "piece": "passeport",
                    "libelle": "Passeport",
                    "motif": "non_lisible",
                    "observation": "Page illisible.",
                }
            ],
            par=instructeur,
        )
        services.demande_cloturer(demande=autre, motif="Pièces non fournies.", par=instructeur)
    client.force_login(demande.usager)
    notifications = Notification.objects.filter(usager=demande.usager)
    assert set(notifications.values_list("type", flat=True)) == {
        TypeNotification.DECISION,
        TypeNotification.TITRE_DISPONIBLE,
        TypeNotification.DEMANDE_COMPLEMENT,
        TypeNotification.CLOTURE,
        TypeNotification.PROLONGATION_INSTRUCTION,
    }
    liste = texte(client.get("/espace-personnel/notifications/"))
    for notification in notifications:
        assert notification.get_type_display() in liste
        response = client.get(f"/espace-personnel/notifications/{notification.pk}/")
        detail = texte(response)
        assert notification.titre in detail
        premier_paragraphe = notification.message.split("\n\n")[0]
        assert " ".join(premier_paragraphe.split()) in detail
        assert "<p>" in response.content.decode() and "<br>" in response.content.decode()
    for type_ in TypeNotification.values:
        assert client.get(f"/espace-personnel/notifications/?type={type_}").status_code == 200
    cloture = texte(
        client.get(f"/espace-personnel/notifications/{notifications.get(type='cloture').pk}/")
    )
    assert "Motif : Pièces non fournies." in cloture
    # The favourable decision's notice offers its ADF, the ADP's notice the ADP.
    decision = notifications.get(type=TypeNotification.DECISION)
    adf = demande.attestations.get(type=TypeAttestation.DECISION_FAVORABLE)
    assert f"/attestations/{adf.pk}/" in texte(
        client.get(f"/espace-personnel/notifications/{decision.pk}/")
    )
    prolongation = notifications.get(type=TypeNotification.PROLONGATION_INSTRUCTION)
    adp = autre.attestations.get(type=TypeAttestation.PROLONGATION)
    assert f"/attestations/{adp.pk}/" in texte(
        client.get(f"/espace-personnel/notifications/{prolongation.pk}/")
    )


# --- The card handed over ------------------------------------------------------------------


def lignes_historique(page: str) -> list[str]:
    tableau = page.split('id="historique-titres"', 1)[1].split("</table>")[0]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", ligne).split())
        for ligne in re.findall(r"<tr>(.*?)</tr>", tableau)[1:]
    ]


def test_the_card_handed_over_becomes_the_current_title(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demande, instructeur = favorable_signee()
        services.titre_lancer_fabrication(demande=demande, par=instructeur)
    adf = demande.attestations.get(type=TypeAttestation.DECISION_FAVORABLE)
    client.force_login(demande.usager)
    page = texte(client.get(MON_COMPTE))
    lignes = lignes_historique(page)
    assert len(lignes) == 2
    assert lignes[0].endswith("En cours de validité")
    assert lignes[1] == (
        f"{adf.valide_du:%d/%m/%Y} {adf.valide_au:%d/%m/%Y} Titre de séjour "
        f"{demande.type_demande} Titre en fabrication (demande n° {demande.numero})"
    )
    ancien = demande.usager.document

    with django_capture_on_commit_callbacks(execute=True):
        services.titre_disponible(demande=demande, par=instructeur)
        remise = services.titre_remettre(
            demande=demande,
            numero_titre="TS0000000042",
            numero_timbre="1234567890123456",
            montant_timbre=Decimal("225"),
            par=instructeur,
        )
    page = texte(client.get(MON_COMPTE))
    statut = page.split('id="statut-actuel"', 1)[1].split("</section>")[0]
    assert "carte de séjour pluriannuelle" in statut
    assert f"{remise.titre.date_debut_validite:%d/%m/%Y}" in statut
    assert f"{remise.titre.date_fin_validite:%d/%m/%Y}" in statut
    assert f"{ancien.date_fin_validite:%d/%m/%Y}" not in statut
    lignes = lignes_historique(page)
    assert len(lignes) == 2
    assert lignes[0] == (
        f"{adf.valide_du:%d/%m/%Y} {adf.valide_au:%d/%m/%Y} Titre de séjour "
        f"{demande.type_demande} En cours de validité"
    )
    assert lignes[1].startswith(f"{ancien.date_debut_validite:%d/%m/%Y}")
    # The request is finished: it moves to the previous ones, at its fourth stage.
    precedentes = page.split('id="titre-demandes-precedentes"', 1)[1]
    assert demande.numero in precedentes
    assert "Titre de séjour disponible étape en cours" in sans_balises(precedentes)
    assert "Étape 4 sur 4" in precedentes
