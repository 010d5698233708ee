"""What each action does when posted: rows, state, history row with the agent, notices,
attestations, files — and bad input answered beside the field with what was typed kept."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.models import StatutCompte
from attestations.models import Attestation, TypeAttestation
from demandes.models import HistoriqueEtat
from instruction.models import (
    Complement,
    ElementComplement,
)
from justificatifs.models import Fichier
from notifications.models import Notification, TypeNotification
from tests.accounts.factories import DocumentSejourFactory, UserFactory
from tests.demandes.factories import DemandeFactory
from tests.instruction.actions_outils import (
    E,
    connecte,
    date_post,
    dernier_historique,
    reussit,
    texte,
    url,
)
from tests.instruction.etats import demande_en

pytestmark = pytest.mark.django_db


# --- Prendre en charge ------------------------------------------------------------------------


def test_taking_a_request_puts_it_under_instruction_with_the_agent(client):
    demande = demande_en(E.DEPOSEE)
    instructeur = connecte(client, "instructeur", demande)
    response = client.post(url(demande, "prendre_en_charge"))
    reussit(client, response, demande, "La demande est prise en charge")
    demande.refresh_from_db()
    assert (demande.etat, demande.agent) == (E.EN_INSTRUCTION, instructeur)
    historique = dernier_historique(demande)
    assert (historique.transition, historique.par) == ("prendre_en_charge", instructeur)


def test_a_second_submit_gets_a_message_and_no_second_row(client):
    demande = demande_en(E.DEPOSEE)
    connecte(client, "instructeur", demande)
    assert client.post(url(demande, "prendre_en_charge")).status_code == 302
    second = client.post(url(demande, "prendre_en_charge"))
    assert second.status_code == 400
    assert "Action impossible : la demande est à l'état « En instruction »." in texte(second)
    assert (
        HistoriqueEtat.objects.filter(demande=demande, transition="prendre_en_charge").count() == 1
    )


def test_taking_a_visa_only_request_activates_the_account(client):
    visa = DocumentSejourFactory(visa=True)
    usager = UserFactory(
        document=visa,
        numero_etranger=None,
        identifiant="visa@exemple.fr",
        email="visa@exemple.fr",
        statut=StatutCompte.EN_ATTENTE_NUMERO,
    )
    demande = DemandeFactory(deposee=True, usager=usager, document_actuel=visa)
    connecte(client, "instructeur", demande)
    formulaire = texte(client.get(url(demande, "prendre_en_charge")))
    assert "son compte personnel est activé" in formulaire
    mail.outbox.clear()
    reussit(client, client.post(url(demande, "prendre_en_charge")), demande, "prise en charge")
    usager.refresh_from_db()
    assert usager.statut == StatutCompte.ACTIF and usager.doit_changer_mot_de_passe
    assert usager.numero_etranger.startswith("59") and len(usager.numero_etranger) == 10
    assert usager.identifiant == usager.numero_etranger
    (message,) = mail.outbox
    assert message.to == ["visa@exemple.fr"]
    assert f"Votre identifiant (N° étranger) : {usager.numero_etranger}" in message.body
    assert "Votre mot de passe provisoire : " in message.body
    provisoire = message.body.split("Votre mot de passe provisoire : ")[1].split()[0]
    assert usager.check_password(provisoire)


# --- Demander un complément -------------------------------------------------------------------


def fichier(demande, piece, nom):
    f = Fichier(
        demande=demande, piece=piece, nom=nom, taille=9, type_mime="image/png", sha256="0" * 64
    )
    f.fichier.save("", ContentFile(b"\x89PNG\r\n\x1a\nx"), save=True)
    return f


def test_the_complement_form_lists_the_documents_with_the_files_provided(client):
    demande = demande_en(E.EN_INSTRUCTION)
    passeport = fichier(demande, "titre_sejour", "passeport-recto.png")
    connecte(client, "instructeur", demande)
    page = texte(client.get(url(demande, "demander_complement")))
    assert (
        "Titre de séjour en cours de validité" in page
        and "Justificatif de domicile datant de moins de 6 mois" in page
    )
    assert f"/back-office/justificatifs/fichier/{passeport.pk}/telecharger/" in page
    assert "passeport-recto.png" in page and "Aucun document fourni." in page
    assert '<label for="id_titre_sejour-demander" class="fr-label">' in page
    assert "Autre document (absent de la liste)" in page


def test_a_complement_is_asked_per_document_with_its_reason_and_observation(client):
    demande = demande_en(E.EN_INSTRUCTION)
    fichier(demande, "titre_sejour", "titre.png")
    instructeur = connecte(client, "instructeur", demande)
    response = client.post(
        url(demande, "demander_complement"),
        {
            "titre_sejour-demander": "on",
            "titre_sejour-motif": "non_lisible",
            "titre_sejour-observation": "Veuillez fournir une copie lisible de votre passeport.",
            "domicile-demander": "on",
            "domicile-motif": "manquant",
            "domicile-observation": "Merci de joindre un justificatif à votre nom.",
            "autre-demander": "on",
            "autre-libelle": "Justificatif d'autorité parentale",
            "autre-observation": "Le jugement de délégation.",
        },
    )
    reussit(client, response, demande, "La demande de complément est envoyée")
    complement = Complement.objects.get(demande=demande)
    assert complement.demande_par == instructeur
    assert list(
        ElementComplement.objects.filter(complement=complement).values_list(
            "piece", "libelle", "motif"
        )
    ) == [
        ("titre_sejour", "Titre de séjour en cours de validité", "non_lisible"),
        ("domicile", "Justificatif de domicile datant de moins de 6 mois", "manquant"),
        ("autre", "Justificatif d'autorité parentale", "manquant"),
    ]
    demande.refresh_from_db()
    assert demande.etat == E.COMPLEMENT_DEMANDE
    assert dernier_historique(demande).par == instructeur
    notification = Notification.objects.get(demande=demande)
    assert notification.type == TypeNotification.DEMANDE_COMPLEMENT


def test_a_complement_with_bad_rows_is_answered_beside_each_and_keeps_the_text(client):
    demande = demande_en(E.EN_INSTRUCTION)
    connecte(client, "instructeur", demande)
    response = client.post(
        url(demande, "demander_complement"),
        {
            "titre_sejour-demander": "on",
            "titre_sejour-motif": "non_lisible",
            "titre_sejour-observation": "Une copie plus nette, s'il vous plaît.",
            "domicile-demander": "on",
            "domicile-observation": "Texte gardé",
            "autre-demander": "on",
        },
    )
    assert response.status_code == 400
    page = texte(response)
    assert "Aucun fichier n'a été fourni pour ce document : il est manquant." in page
    assert "Indiquez si le document est manquant, non lisible ou non valide." in page
    assert "Indiquez le nom du document demandé." in page
    assert "Écrivez une observation pour ce document." in page
    assert "Une copie plus nette, s'il vous plaît." in page and "Texte gardé" in page
    # The error summary names the document of each message.
    assert "Justificatif de domicile datant de moins de 6 mois — Le document est" in page
    assert not Complement.objects.exists()
    empty = client.post(url(demande, "demander_complement"), {})
    assert "Sélectionnez au moins un document à demander." in texte(empty)


def test_resuming_after_the_complement(client):
    demande = demande_en(E.COMPLEMENT_RECU)
    instructeur = connecte(client, "instructeur", demande)
    reussit(client, client.post(url(demande, "reprendre_instruction")), demande, "reprend")
    demande.refresh_from_db()
    assert demande.etat == E.EN_INSTRUCTION
    assert dernier_historique(demande).par == instructeur


# --- ADP --------------------------------------------------------------------------------------


def test_the_adp_form_proposes_three_months_after_the_current_title(client):
    demande = demande_en(E.EN_INSTRUCTION)
    fin_titre = demande.document_actuel.date_fin_validite
    connecte(client, "instructeur", demande)
    form = client.get(url(demande, "delivrer_adp")).context["form"]
    debut = fin_titre + datetime.timedelta(days=1)
    assert form.initial["debut"] == debut
    assert form.initial["fin"] == debut + relativedelta(months=3) - datetime.timedelta(days=1)


def test_an_adp_is_issued_once_for_its_period(client):
    demande = demande_en(E.EN_INSTRUCTION)
    instructeur = connecte(client, "instructeur", demande)
    debut = timezone.localdate()
    fin = debut + datetime.timedelta(days=90)
    donnees = {**date_post("debut", debut), **date_post("fin", fin)}
    reussit(client, client.post(url(demande, "delivrer_adp"), donnees), demande, "est délivrée")
    adp = Attestation.objects.get(demande=demande, type=TypeAttestation.PROLONGATION)
    assert (adp.valide_du, adp.valide_au, adp.cree_par) == (debut, fin, instructeur)
    assert dernier_historique(demande).transition == "delivrer_adp"
    assert Notification.objects.get(demande=demande).type == (
        TypeNotification.PROLONGATION_INSTRUCTION
    )
    demande.refresh_from_db()
    assert demande.etat == E.EN_INSTRUCTION
    second = client.post(url(demande, "delivrer_adp"), donnees)
    assert second.status_code == 400
    assert "Une attestation de prolongation pour cette période est déjà délivrée." in texte(second)
    assert Attestation.objects.filter(type=TypeAttestation.PROLONGATION).count() == 1


def test_an_adp_ending_before_it_starts_is_refused_beside_the_field(client):
    demande = demande_en(E.EN_INSTRUCTION)
    connecte(client, "instructeur", demande)
    debut = timezone.localdate()
    response = client.post(
        url(demande, "delivrer_adp"),
        {**date_post("debut", debut), **date_post("fin", debut - datetime.timedelta(days=1))},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["fin"] == ["La fin de validité doit suivre son début."]
    assert not Attestation.objects.filter(type=TypeAttestation.PROLONGATION).exists()
