"""Each agent's action of `instruction.services`: its effect, its history row, its own refusals,
what the applicant is told (after commit, once), and the check constraints behind them."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from accounts.models import StatutCompte
from attestations.models import Attestation, TypeAttestation
from demandes.models import Demande, EtatDemande, HistoriqueEtat
from demandes.transitions import TransitionRefusee
from instruction import services
from instruction.models import (
    Complement,
    NoteInterne,
    StatutComplement,
)
from notifications.models import Courriel, Notification, TypeNotification
from tests.accounts.factories import DocumentSejourFactory, PrefectureFactory, UserFactory
from tests.demandes.factories import DemandeFactory
from tests.instruction.factories import agent
from tests.instruction.services_outils import (
    ELEMENTS,
    derniere_ligne,
    historique,
)

pytestmark = pytest.mark.django_db


# Prendre en charge


def test_taking_a_request_assigns_it_and_records_the_transition(demande, instructeur):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)

    demande.refresh_from_db()
    assert demande.etat == EtatDemande.EN_INSTRUCTION
    assert demande.agent == instructeur
    ligne = derniere_ligne(demande)
    assert (ligne.transition, ligne.depuis, ligne.vers, ligne.par) == (
        "prendre_en_charge",
        "deposee",
        "en_instruction",
        instructeur,
    )


def test_taking_a_visa_only_request_activates_the_account(django_capture_on_commit_callbacks):
    visa = DocumentSejourFactory(visa=True)
    usager = UserFactory(
        document=visa,
        numero_etranger=None,
        identifiant="visa.seul@exemple.fr",
        email="visa.seul@exemple.fr",
        statut=StatutCompte.EN_ATTENTE_NUMERO,
    )
    demande = DemandeFactory(deposee=True, usager=usager)
    instructeur = agent("instructeur", prefecture=demande.prefecture)

    with django_capture_on_commit_callbacks(execute=True):
        services.demande_prendre_en_charge(demande=demande, par=instructeur)

    usager.refresh_from_db()
    assert usager.statut == StatutCompte.ACTIF
    assert len(usager.numero_etranger) == 10 and usager.numero_etranger.startswith("59")
    assert usager.identifiant == usager.numero_etranger
    assert usager.doit_changer_mot_de_passe
    courriel = Courriel.objects.get(destinataire="visa.seul@exemple.fr")
    assert courriel.modele == "compte_identifiant_provisoire"
    (message,) = mail.outbox
    assert message.to == ["visa.seul@exemple.fr"]
    assert f"Votre identifiant (N° étranger) : {usager.numero_etranger}" in message.body
    mot_de_passe = message.body.split("Votre mot de passe provisoire : ")[1].split()[0]
    assert usager.check_password(mot_de_passe)


def test_taking_a_request_of_an_active_account_sends_no_mail(
    demande, instructeur, django_capture_on_commit_callbacks
):
    numero = demande.usager.numero_etranger
    with django_capture_on_commit_callbacks(execute=True):
        services.demande_prendre_en_charge(demande=demande, par=instructeur)
    demande.usager.refresh_from_db()
    assert demande.usager.numero_etranger == numero
    assert not Courriel.objects.exists()
    assert mail.outbox == []


def test_a_visa_only_activation_rolls_back_with_a_refused_transition():
    visa = DocumentSejourFactory(visa=True)
    usager = UserFactory(
        document=visa,
        numero_etranger=None,
        identifiant="visa2@exemple.fr",
        email="visa2@exemple.fr",
        statut=StatutCompte.EN_ATTENTE_NUMERO,
    )
    demande = DemandeFactory(deposee=True, usager=usager)
    ailleurs = agent("instructeur", prefecture=PrefectureFactory(code="75"))
    with pytest.raises(TransitionRefusee):
        services.demande_prendre_en_charge(demande=demande, par=ailleurs)
    usager.refresh_from_db()
    assert usager.statut == StatutCompte.EN_ATTENTE_NUMERO
    assert usager.numero_etranger is None
    assert not Courriel.objects.exists()


def test_an_activation_rolled_back_with_its_transaction_sends_nothing(
    django_capture_on_commit_callbacks,
):
    visa = DocumentSejourFactory(visa=True)
    usager = UserFactory(
        document=visa,
        numero_etranger=None,
        identifiant="visa3@exemple.fr",
        email="visa3@exemple.fr",
        statut=StatutCompte.EN_ATTENTE_NUMERO,
    )
    demande = DemandeFactory(deposee=True, usager=usager)
    instructeur = agent("instructeur", prefecture=demande.prefecture)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.demande_prendre_en_charge(demande=demande, par=instructeur)
            raise RuntimeError("la suite a échoué")
    usager.refresh_from_db()
    demande.refresh_from_db()
    assert (usager.statut, usager.numero_etranger, usager.identifiant) == (
        StatutCompte.EN_ATTENTE_NUMERO,
        None,
        "visa3@exemple.fr",
    )
    assert demande.etat == EtatDemande.DEPOSEE
    assert not Courriel.objects.exists()
    assert mail.outbox == []


# Assigner


def test_assigning_gives_requests_to_another_agent_of_the_prefecture(demande, instructeur):
    autre = DemandeFactory(deposee=True, etat=EtatDemande.EN_INSTRUCTION, agent=instructeur)
    collegue = agent("instructeur", prefecture=demande.prefecture)

    n = services.demande_assigner(demandes=[demande, autre], agent=collegue, par=instructeur)

    assert n == 2
    assert set(Demande.objects.values_list("agent", flat=True)) == {collegue.pk}
    note = NoteInterne.objects.get(demande=demande)
    assert note.auteur == instructeur
    assert note.texte == (f"Demande confiée à {collegue.get_full_name()} ({collegue.identifiant}).")
    assert NoteInterne.objects.count() == 2
    assert not HistoriqueEtat.objects.exists()
    assert (
        services.demande_assigner(demandes=[demande, autre], agent=collegue, par=instructeur) == 0
    )
    assert NoteInterne.objects.count() == 2


def test_assigning_to_an_agent_of_another_prefecture_is_refused(demande, instructeur):
    ailleurs = agent("instructeur", prefecture=PrefectureFactory(code="75"))
    with pytest.raises(services.InstructionError, match="n'appartient pas à votre préfecture"):
        services.demande_assigner(demandes=[demande], agent=ailleurs, par=instructeur)
    demande.refresh_from_db()
    assert demande.agent is None


def test_assigning_another_prefectures_request_is_refused_and_nothing_changes(demande, instructeur):
    ailleurs = DemandeFactory(deposee=True, prefecture=PrefectureFactory(code="75"))
    collegue = agent("instructeur", prefecture=demande.prefecture)
    with pytest.raises(services.InstructionError, match="autre préfecture"):
        services.demande_assigner(demandes=[demande, ailleurs], agent=collegue, par=instructeur)
    assert not Demande.objects.filter(agent__isnull=False).exists()


def test_a_national_administrator_cannot_assign_to_an_applicant_or_a_foreign_agent(demande):
    admin = UserFactory(agent=True, is_superuser=True, prefecture=None)
    for cible in (
        demande.usager,
        agent("instructeur", prefecture=PrefectureFactory(code="75")),
    ):
        with pytest.raises(services.InstructionError):
            services.demande_assigner(demandes=[demande], agent=cible, par=admin)
    demande.refresh_from_db()
    assert demande.agent is None


# Complément


def test_asking_a_complement_creates_it_with_its_documents(
    demande, instructeur, django_capture_on_commit_callbacks
):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    with django_capture_on_commit_callbacks(execute=True):
        complement = services.complement_demander(
            demande=demande, elements=ELEMENTS, par=instructeur
        )

    demande.refresh_from_db()
    assert demande.etat == EtatDemande.COMPLEMENT_DEMANDE
    assert complement.statut == StatutComplement.EN_ATTENTE
    assert complement.demande_par == instructeur
    assert list(complement.elements.values_list("piece", "motif", "observation")) == [
        ("passeport", "non_lisible", "La page d'identité est floue."),
        ("justificatif_domicile", "manquant", "Aucun justificatif de moins de 6 mois."),
    ]
    ligne = derniere_ligne(demande)
    assert ligne.transition == "demander_complement"
    assert [e["piece"] for e in ligne.donnees["elements"]] == ["passeport", "justificatif_domicile"]
    notification = Notification.objects.get(demande=demande)
    assert notification.type == TypeNotification.DEMANDE_COMPLEMENT
    assert notification.titre == "Demande de complément"
    assert "un complément d'information est nécessaire" in notification.message
    assert notification.cle == f"complement:{complement.pk}"


@pytest.mark.parametrize(
    ("elements", "message"),
    [
        ([], "au moins un document"),
        ([{**ELEMENTS[0], "observation": "  "}], "observation"),
        ([{**ELEMENTS[0], "motif": "perdu"}], "manquant, non lisible ou non valide"),
        ([{**ELEMENTS[0], "piece": ""}], "document"),
        ([ELEMENTS[0], ELEMENTS[0]], "une seule fois"),
    ],
)
def test_a_complement_needs_documents_each_with_a_reason_and_an_observation(
    demande, instructeur, elements, message
):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    with pytest.raises(services.InstructionError, match=message):
        services.complement_demander(demande=demande, elements=elements, par=instructeur)
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.EN_INSTRUCTION
    assert not Complement.objects.exists()
    assert len(historique(demande)) == 1


def test_resuming_after_the_answer(instructeur):
    demande = DemandeFactory(deposee=True, etat=EtatDemande.COMPLEMENT_RECU)
    par = agent("instructeur", prefecture=demande.prefecture)
    services.instruction_reprendre(demande=demande, par=par)
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.EN_INSTRUCTION
    assert derniere_ligne(demande).transition == "reprendre_instruction"


# ADP


def test_an_adp_is_issued_without_changing_the_state(
    demande, instructeur, django_capture_on_commit_callbacks
):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    debut = timezone.localdate()
    fin = debut + datetime.timedelta(days=90)
    with django_capture_on_commit_callbacks(execute=True):
        adp = services.adp_delivrer(demande=demande, debut=debut, fin=fin, par=instructeur)

    assert adp.type == TypeAttestation.PROLONGATION
    assert (adp.valide_du, adp.valide_au) == (debut, fin)
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.EN_INSTRUCTION
    ligne = derniere_ligne(demande)
    assert (ligne.transition, ligne.depuis, ligne.vers) == (
        "delivrer_adp",
        "en_instruction",
        "en_instruction",
    )
    assert ligne.donnees == {"debut": debut.isoformat(), "fin": fin.isoformat()}
    notification = Notification.objects.get(demande=demande)
    assert notification.type == TypeNotification.PROLONGATION_INSTRUCTION
    assert demande.numero in notification.message


def test_an_adp_ending_before_it_starts_is_refused(demande, instructeur):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    debut = timezone.localdate()
    with pytest.raises(services.InstructionError, match="doit suivre son début"):
        services.adp_delivrer(
            demande=demande, debut=debut, fin=debut - datetime.timedelta(days=1), par=instructeur
        )
    assert not Attestation.objects.filter(type=TypeAttestation.PROLONGATION).exists()
    assert len(historique(demande)) == 1
