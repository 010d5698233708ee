"""What each action does when posted, continued: decisions (proposal, signature, send-back),
closure and the card's delivery."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import DocumentSejour
from accounts.selectors import statut_actuel
from attestations.models import Attestation, TypeAttestation
from instruction.models import (
    Decision,
    Remise,
    StatutDecision,
    TypeCarte,
)
from notifications.models import Notification, TypeNotification
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
from tests.instruction.factories import agent
from tests.justificatifs import echantillons

pytestmark = pytest.mark.django_db


# --- Proposer une décision --------------------------------------------------------------------


def favorable(debut, fin, **autres):
    return {
        "sens": "favorable",
        "type_carte": TypeCarte.PLURIANNUELLE,
        **date_post("date_debut", debut),
        **date_post("date_fin", fin),
        "mention": "Étudiant",
        "montant_taxe": "225,00",
        "autorise_travail": "on",
        **autres,
    }


def test_a_favourable_proposal_records_the_card(client):
    demande = demande_en(E.EN_INSTRUCTION)
    instructeur = connecte(client, "instructeur", demande)
    form = client.get(url(demande, "proposer_decision")).context["form"]
    assert form.initial["autorise_travail"] is True
    assert "(à titre accessoire)" in form.fields["autorise_travail"].label
    assert form.initial["mention"] == demande.document_actuel.mention
    debut = timezone.localdate() + datetime.timedelta(days=1)
    fin = debut + datetime.timedelta(days=4 * 365)
    response = client.post(url(demande, "proposer_decision"), favorable(debut, fin))
    reussit(client, response, demande, "un valideur doit la signer")
    decision = Decision.objects.get(demande=demande)
    assert (decision.type_carte, decision.date_debut, decision.date_fin) == (
        TypeCarte.PLURIANNUELLE,
        debut,
        fin,
    )
    assert decision.montant_taxe == Decimal("225") and decision.autorise_travail
    assert (decision.statut, decision.proposee_par) == (StatutDecision.PROPOSEE, instructeur)
    demande.refresh_from_db()
    assert demande.etat == E.DECISION_PROPOSEE
    assert dernier_historique(demande).par == instructeur


def test_a_favourable_proposal_without_its_card_is_answered_beside_the_fields(client):
    demande = demande_en(E.EN_INSTRUCTION)
    connecte(client, "instructeur", demande)
    response = client.post(
        url(demande, "proposer_decision"),
        {"sens": "favorable", "mention": "Mention tapée", "montant_taxe": "deux cents"},
    )
    assert response.status_code == 400
    erreurs = response.context["form"].errors
    assert erreurs["type_carte"] == ["Choisissez le type de titre."]
    assert erreurs["date_debut"] == ["Saisissez la date de début de validité du titre."]
    assert erreurs["montant_taxe"] == ["Saisissez un montant en euros, par exemple 225 ou 225,00."]
    assert 'value="Mention tapée"' in texte(response)
    assert not Decision.objects.exists()
    sans_sens = client.post(url(demande, "proposer_decision"), {})
    assert "Choisissez le sens de la décision." in texte(sans_sens)


def test_an_unfavourable_proposal_stores_the_signed_refusal(client):
    demande = demande_en(E.EN_INSTRUCTION)
    connecte(client, "instructeur", demande)
    contenu = echantillons.pdf()
    response = client.post(
        url(demande, "proposer_decision"),
        {
            "sens": "defavorable",
            "motifs_refus": "Ressources insuffisantes.",
            "document_refus": SimpleUploadedFile("refus.pdf", contenu, "application/pdf"),
        },
    )
    reussit(client, response, demande, "un valideur doit la signer")
    decision = Decision.objects.get(demande=demande)
    assert decision.motifs_refus == "Ressources insuffisantes."
    with decision.document_refus.open("rb") as stocke:
        assert stocke.read() == contenu


@pytest.mark.parametrize(
    ("nom", "contenu", "message"),
    [
        ("refus.png", echantillons.png(), "La décision de refus doit être un fichier PDF."),
        ("refus.pdf", b"pas un pdf", "Format non accepté"),
        ("refus.pdf", echantillons.pdf_javascript(), "contenu actif"),
    ],
)
def test_a_refusal_that_is_not_a_clean_pdf_is_refused(client, nom, contenu, message):
    demande = demande_en(E.EN_INSTRUCTION)
    connecte(client, "instructeur", demande)
    response = client.post(
        url(demande, "proposer_decision"),
        {
            "sens": "defavorable",
            "motifs_refus": "Motifs gardés",
            "document_refus": SimpleUploadedFile(nom, contenu),
        },
    )
    assert response.status_code == 400
    assert message in response.context["form"].errors["document_refus"][0]
    assert "Motifs gardés" in texte(response)
    assert not Decision.objects.exists()


def test_a_clean_refusal_without_reasons_is_asked_again_and_not_stored(client):
    demande = demande_en(E.EN_INSTRUCTION)
    connecte(client, "instructeur", demande)
    response = client.post(
        url(demande, "proposer_decision"),
        {
            "sens": "defavorable",
            "motifs_refus": "",
            "document_refus": SimpleUploadedFile("refus.pdf", echantillons.pdf()),
        },
    )
    assert response.status_code == 400
    assert response.context["form"].errors["motifs_refus"] == ["Indiquez les motifs du refus."]
    assert "joignez-le à nouveau" in texte(response)
    assert not Decision.objects.exists()


# --- Signer, renvoyer -------------------------------------------------------------------------


def test_a_valideur_signs_a_favourable_decision_and_the_adf_is_issued(client):
    demande = demande_en(E.DECISION_PROPOSEE)
    valideur = connecte(client, "valideur", demande)
    page = texte(client.get(url(demande, "signer")))
    assert "carte de séjour pluriannuelle" in page and "225" in page
    reussit(client, client.post(url(demande, "signer")), demande, "La décision est signée")
    demande.refresh_from_db()
    assert (demande.etat, demande.decision) == (E.DECISION_FAVORABLE, "favorable")
    decision = Decision.objects.get(demande=demande)
    assert (decision.statut, decision.signee_par) == (StatutDecision.SIGNEE, valideur)
    adf = Attestation.objects.get(demande=demande, type=TypeAttestation.DECISION_FAVORABLE)
    assert adf.cree_par == valideur
    assert Notification.objects.get(demande=demande).type == TypeNotification.DECISION
    assert dernier_historique(demande).par == valideur


def test_a_signed_refusal_is_told_to_the_applicant_without_an_adf(client):
    demande = demande_en(E.EN_INSTRUCTION)
    connecte(client, "instructeur", demande)
    client.post(
        url(demande, "proposer_decision"),
        {
            "sens": "defavorable",
            "motifs_refus": "Ressources insuffisantes.",
            "document_refus": SimpleUploadedFile("refus.pdf", echantillons.pdf()),
        },
    )
    valideur = connecte(client, "valideur", demande)
    assert "Ressources insuffisantes." in texte(client.get(url(demande, "signer")))
    reussit(client, client.post(url(demande, "signer")), demande, "La décision est signée")
    demande.refresh_from_db()
    assert (demande.etat, demande.decision) == (E.DECISION_DEFAVORABLE, "defavorable")
    assert dernier_historique(demande).par == valideur
    assert not Attestation.objects.filter(type=TypeAttestation.DECISION_FAVORABLE).exists()
    notification = Notification.objects.get(demande=demande)
    assert notification.type == TypeNotification.DECISION
    assert "Le document relatif à la décision prise" in notification.message


def test_the_proposer_cannot_sign_even_with_both_roles(client):
    demande = demande_en(E.EN_INSTRUCTION)
    les_deux = connecte(client, "instructeur", demande)
    les_deux.groups.add(agent("valideur", prefecture=demande.prefecture).groups.get())
    debut = timezone.localdate()
    client.post(url(demande, "proposer_decision"), favorable(debut, debut))
    page = texte(client.get(url(demande, "signer")))
    assert "Une décision est signée par un autre agent que celui qui l'a proposée." in page
    response = client.post(url(demande, "signer"))
    assert response.status_code == 400
    assert "Une décision est signée par un autre agent que celui qui l'a proposée." in texte(
        response
    )
    demande.refresh_from_db()
    assert demande.etat == E.DECISION_PROPOSEE


def test_a_valideur_sends_a_proposal_back_with_a_comment(client):
    demande = demande_en(E.DECISION_PROPOSEE)
    valideur = connecte(client, "valideur", demande)
    vide = client.post(url(demande, "renvoyer"), {"commentaire": "  "})
    assert vide.status_code == 400
    assert vide.context["form"].errors["commentaire"] == [
        "Écrivez un commentaire pour l'instructeur."
    ]
    response = client.post(url(demande, "renvoyer"), {"commentaire": "Vérifier la mention."})
    reussit(client, response, demande, "renvoyée à l'instructeur")
    decision = Decision.objects.get(demande=demande)
    assert (decision.statut, decision.commentaire_renvoi) == (
        StatutDecision.RENVOYEE,
        "Vérifier la mention.",
    )
    historique = dernier_historique(demande)
    assert (historique.par, historique.motif) == (valideur, "Vérifier la mention.")
    demande.refresh_from_db()
    assert demande.etat == E.EN_INSTRUCTION


# --- Clôturer ---------------------------------------------------------------------------------


def test_closing_needs_a_reason_told_to_the_applicant(client):
    demande = demande_en(E.EN_INSTRUCTION)
    instructeur = connecte(client, "instructeur", demande)
    vide = client.post(url(demande, "cloturer"), {"motif": ""})
    assert vide.context["form"].errors["motif"] == ["Indiquez le motif de la clôture."]
    response = client.post(url(demande, "cloturer"), {"motif": "Passeport jamais fourni."})
    reussit(client, response, demande, "La demande est clôturée")
    demande.refresh_from_db()
    assert demande.etat == E.CLOTUREE
    assert dernier_historique(demande).par == instructeur
    notification = Notification.objects.get(demande=demande)
    assert notification.type == TypeNotification.CLOTURE
    assert "Motif : Passeport jamais fourni." in notification.message


# --- The card ---------------------------------------------------------------------------------


def test_the_card_goes_to_fabrication_then_available_with_the_notice(client):
    demande = demande_en(E.DECISION_FAVORABLE)
    instructeur = connecte(client, "instructeur", demande)
    reussit(client, client.post(url(demande, "lancer_fabrication")), demande, "en fabrication")
    demande.refresh_from_db()
    assert demande.etat == E.TITRE_EN_FABRICATION
    reussit(client, client.post(url(demande, "titre_disponible")), demande, "disponible")
    demande.refresh_from_db()
    assert demande.etat == E.TITRE_DISPONIBLE
    assert dernier_historique(demande).par == instructeur
    notification = Notification.objects.get(demande=demande, type=TypeNotification.TITRE_DISPONIBLE)
    assert "timbre fiscal électronique de 225 €" in notification.message


@pytest.mark.parametrize(
    "timbre",
    [
        "123456789012345",
        "12345678901234567",
        "AB12345678901234",
        "1234-5678-9012-3456",
        "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦",
    ],
)
def test_anything_but_a_16_digit_electronic_stamp_is_refused(client, timbre):
    demande = demande_en(E.TITRE_DISPONIBLE)
    connecte(client, "instructeur", demande)
    response = client.post(
        url(demande, "remettre_titre"),
        {"numero_titre": "TS123456789", "numero_timbre": timbre, "montant_timbre": "225"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors["numero_timbre"] == [
        "Le numéro du timbre fiscal électronique comporte 16 chiffres."
    ]
    page = texte(response)
    assert 'value="TS123456789"' in page
    # Beside the field, and announced with it.
    assert 'aria-invalid="true" aria-describedby="id_numero_timbre-desc-error"' in page
    assert '<div id="id_numero_timbre-desc-error">' in page
    assert not Remise.objects.exists()


def test_handing_the_card_over_enters_it_in_the_registry(client):
    demande = demande_en(E.TITRE_DISPONIBLE)
    instructeur = connecte(client, "instructeur", demande)
    form = client.get(url(demande, "remettre_titre")).context["form"]
    assert form.initial["montant_timbre"] == Decimal("225")
    response = client.post(
        url(demande, "remettre_titre"),
        {
            "numero_titre": "ts 123 456 789",
            "numero_timbre": "1234 5678 9012 3456",
            "montant_timbre": "225",
        },
    )
    reussit(client, response, demande, "Le titre est remis")
    remise = Remise.objects.get(demande=demande)
    assert (remise.numero_timbre, remise.montant_timbre, remise.remis_par) == (
        "1234567890123456",
        Decimal("225"),
        instructeur,
    )
    titre = DocumentSejour.objects.get(numero="TS123456789")
    assert remise.titre == titre and titre.numero_etranger == demande.usager.numero_etranger
    assert titre.type_titre == "carte de séjour pluriannuelle"
    assert statut_actuel(demande.usager) == titre
    demande.refresh_from_db()
    assert demande.etat == E.TITRE_REMIS
    assert dernier_historique(demande).par == instructeur


def test_a_stamp_already_used_is_refused_with_the_typed_data_kept(client):
    premiere = demande_en(E.TITRE_DISPONIBLE)
    seconde = demande_en(E.TITRE_DISPONIBLE)
    connecte(client, "instructeur", premiere)
    donnees = {"numero_timbre": "1234567890123456", "montant_timbre": "225"}
    client.post(url(premiere, "remettre_titre"), {**donnees, "numero_titre": "TS1"})
    response = client.post(url(seconde, "remettre_titre"), {**donnees, "numero_titre": "TS2"})
    assert response.status_code == 400
    page = texte(response)
    assert "Ce timbre fiscal a déjà été utilisé." in page and 'value="TS2"' in page
    assert Remise.objects.count() == 1
    seconde.refresh_from_db()
    assert seconde.etat == E.TITRE_DISPONIBLE
