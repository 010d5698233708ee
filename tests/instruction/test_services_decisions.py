"""The agents' services, continued: decisions (proposal, send-back, four-eyes signature),
closure, the card's delivery, internal notes, the notices and the check constraints."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import DocumentSejour
from accounts.selectors import documents_du_titulaire, statut_actuel
from attestations.models import Attestation, TypeAttestation
from demandes.models import Demande, EtatDemande, SensDecision
from demandes.transitions import TransitionRefusee
from instruction import avis, services
from instruction.models import (
    Decision,
    NoteInterne,
    Remise,
    StatutComplement,
    StatutDecision,
    TypeCarte,
)
from notifications.models import Notification, TypeNotification
from tests.demandes.factories import DemandeFactory
from tests.instruction.factories import agent
from tests.instruction.services_outils import (
    ELEMENTS,
    defavorable,
    derniere_ligne,
    favorable,
    historique,
    jusqu_a_titre_disponible,
)
from tests.justificatifs.echantillons import pdf

pytestmark = pytest.mark.django_db


# Décision


def test_proposing_a_favourable_decision(demande, instructeur):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    decision = favorable(demande, instructeur)

    assert decision.statut == StatutDecision.PROPOSEE
    assert decision.proposee_par == instructeur
    assert decision.type_carte == TypeCarte.PLURIANNUELLE
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DECISION_PROPOSEE
    assert demande.decision == "" and demande.decision_le is None
    assert derniere_ligne(demande).donnees == {"sens": "favorable"}


def test_proposing_an_unfavourable_decision_keeps_the_signed_pdf(demande, instructeur):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    decision = defavorable(demande, instructeur)

    assert decision.motifs_refus == "Ressources insuffisantes."
    with decision.document_refus.open("rb") as fichier:
        assert fichier.read() == pdf()
    import hashlib

    assert decision.document_refus_sha256 == hashlib.sha256(pdf()).hexdigest()


@pytest.mark.parametrize(
    ("sens", "valeurs", "message"),
    [
        ("favorable", {"type_carte": ""}, "type de titre"),
        ("favorable", {"type_carte": "carte_inconnue"}, "type de titre"),
        ("favorable", {"date_debut": None}, "dates de validité"),
        (
            "favorable",
            {"date_fin": datetime.date(2000, 1, 1), "date_debut": datetime.date(2001, 1, 1)},
            "doit suivre son début",
        ),
        ("favorable", {"montant_taxe": None}, "montant des taxes"),
        ("favorable", {"montant_taxe": Decimal("-1")}, "montant des taxes"),
        ("defavorable", {"motifs_refus": " "}, "motifs du refus"),
        ("defavorable", {"document_refus": None}, "décision signée"),
        ("peut-etre", {}, "sens de la décision"),
    ],
)
def test_an_incomplete_proposal_is_refused(demande, instructeur, sens, valeurs, message):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    proposer = {"favorable": favorable, "defavorable": defavorable}.get(sens)
    with pytest.raises(services.InstructionError, match=message):
        if proposer:
            proposer(demande, instructeur, **valeurs)
        else:
            services.decision_proposer(demande=demande, sens=sens, par=instructeur)
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.EN_INSTRUCTION
    assert not Decision.objects.exists()


def test_a_valideur_sends_a_proposal_back_with_a_comment(demande, instructeur, valideur):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    favorable(demande, instructeur)

    decision = services.decision_renvoyer(
        demande=demande, commentaire=" Vérifier la mention. ", par=valideur
    )

    assert decision.statut == StatutDecision.RENVOYEE
    assert decision.commentaire_renvoi == "Vérifier la mention."
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.EN_INSTRUCTION
    ligne = derniere_ligne(demande)
    assert (ligne.transition, ligne.par, ligne.motif) == (
        "renvoyer_proposition",
        valideur,
        "Vérifier la mention.",
    )
    # A new proposal may follow the one sent back.
    assert favorable(demande, instructeur).statut == StatutDecision.PROPOSEE


def test_sending_back_without_a_comment_is_refused(demande, instructeur, valideur):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    decision = favorable(demande, instructeur)
    with pytest.raises(TransitionRefusee, match="motif"):
        services.decision_renvoyer(demande=demande, commentaire="", par=valideur)
    decision.refresh_from_db()
    assert decision.statut == StatutDecision.PROPOSEE


def test_signing_a_favourable_decision_issues_the_adf_and_tells_the_applicant(
    demande, instructeur, valideur, django_capture_on_commit_callbacks
):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    proposee = favorable(demande, instructeur)
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decision_signer(demande=demande, par=valideur)

    assert decision.pk == proposee.pk
    assert decision.statut == StatutDecision.SIGNEE and decision.signee_par == valideur
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DECISION_FAVORABLE
    assert demande.decision == SensDecision.FAVORABLE
    assert demande.decision_le == decision.signee_le
    adf = Attestation.objects.get(demande=demande, type=TypeAttestation.DECISION_FAVORABLE)
    assert adf.valide_au == proposee.date_fin or adf.valide_au is not None
    ligne = derniere_ligne(demande)
    assert ligne.transition == "signer_favorable"
    assert ligne.donnees == {"decision": decision.pk, "sens": "favorable"}
    notification = Notification.objects.get(demande=demande)
    assert notification.type == TypeNotification.DECISION
    assert "a été acceptée" in notification.message


def test_signing_an_unfavourable_decision(
    demande, instructeur, valideur, django_capture_on_commit_callbacks
):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    defavorable(demande, instructeur)
    with django_capture_on_commit_callbacks(execute=True):
        services.decision_signer(demande=demande, par=valideur)

    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DECISION_DEFAVORABLE
    assert demande.decision == SensDecision.DEFAVORABLE
    assert not Attestation.objects.filter(type=TypeAttestation.DECISION_FAVORABLE).exists()
    assert derniere_ligne(demande).transition == "signer_defavorable"
    notification = Notification.objects.get(demande=demande)
    assert "Le document relatif à la décision" in notification.message


def test_four_eyes_the_proposer_cannot_sign_even_with_both_roles(demande, instructeur):
    instructeur.groups.add(agent("valideur", prefecture=demande.prefecture).groups.get())
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    decision = favorable(demande, instructeur)
    with pytest.raises(TransitionRefusee, match="autre agent"):
        services.decision_signer(demande=demande, par=instructeur)
    decision.refresh_from_db()
    demande.refresh_from_db()
    assert decision.statut == StatutDecision.PROPOSEE
    assert demande.etat == EtatDemande.DECISION_PROPOSEE


def test_signing_without_a_proposal_is_refused():
    demande = DemandeFactory(deposee=True, etat=EtatDemande.DECISION_PROPOSEE)
    par = agent("valideur", prefecture=demande.prefecture)
    with pytest.raises(services.InstructionError, match="Aucune décision"):
        services.decision_signer(demande=demande, par=par)


def test_signing_a_proposal_sent_back_meanwhile_says_the_state(demande, instructeur, valideur):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    favorable(demande, instructeur)
    services.decision_renvoyer(demande=demande, commentaire="Revoir.", par=valideur)
    autre = agent("valideur", prefecture=demande.prefecture)
    with pytest.raises(TransitionRefusee, match="« En instruction »"):
        services.decision_signer(demande=demande, par=autre)


def test_an_instructeur_cannot_sign(demande, instructeur):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    favorable(demande, instructeur)
    autre = agent("instructeur", prefecture=demande.prefecture)
    with pytest.raises(TransitionRefusee, match="rôle"):
        services.decision_signer(demande=demande, par=autre)


# Clôture


def test_closing_an_incomplete_request_expires_its_complement(
    demande, instructeur, django_capture_on_commit_callbacks
):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    complement = services.complement_demander(demande=demande, elements=ELEMENTS, par=instructeur)
    with django_capture_on_commit_callbacks(execute=True):
        services.demande_cloturer(
            demande=demande, motif="Pièces non fournies dans le délai.", par=instructeur
        )

    demande.refresh_from_db()
    complement.refresh_from_db()
    assert demande.etat == EtatDemande.CLOTUREE
    assert complement.statut == StatutComplement.EXPIRE
    ligne = derniere_ligne(demande)
    assert (ligne.transition, ligne.motif) == ("cloturer", "Pièces non fournies dans le délai.")
    notification = Notification.objects.get(demande=demande, type=TypeNotification.CLOTURE)
    assert "Motif : Pièces non fournies dans le délai." in notification.message


def test_the_service_closes_a_request_whose_delay_ran_out(demande, instructeur):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    services.complement_demander(demande=demande, elements=ELEMENTS, par=instructeur)
    services.demande_cloturer(demande=demande, motif="Délai de 30 jours expiré.", par=None)
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.CLOTUREE
    assert derniere_ligne(demande).par is None


def test_closing_without_a_reason_is_refused(demande, instructeur):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    with pytest.raises(TransitionRefusee, match="motif"):
        services.demande_cloturer(demande=demande, motif=" ", par=instructeur)


# Titre


def test_the_card_available_tells_the_applicant_where_and_how_much(
    demande, instructeur, valideur, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        jusqu_a_titre_disponible(demande, instructeur, valideur)

    demande.refresh_from_db()
    assert demande.etat == EtatDemande.TITRE_DISPONIBLE
    assert [ligne.transition for ligne in historique(demande)][-2:] == [
        "lancer_fabrication",
        "titre_disponible",
    ]
    notification = Notification.objects.get(demande=demande, type=TypeNotification.TITRE_DISPONIBLE)
    assert "disponible à la Préfecture du Nord" in notification.message
    assert "timbre fiscal électronique de 225 €" in notification.message


def test_handing_the_card_over_enters_it_in_the_registry(demande, instructeur, valideur):
    jusqu_a_titre_disponible(demande, instructeur, valideur)
    ancien = statut_actuel(demande.usager)

    remise = services.titre_remettre(
        demande=demande,
        numero_titre=" ts123456789 ",
        numero_timbre="1234 5678 9012 3456",
        montant_timbre=Decimal("225"),
        par=instructeur,
    )

    demande.refresh_from_db()
    assert demande.etat == EtatDemande.TITRE_REMIS
    assert remise.numero_timbre == "1234567890123456"
    titre = remise.titre
    assert titre.numero == "TS123456789"
    assert titre.type_titre == "carte de séjour pluriannuelle"
    assert titre.mention == "Étudiant"
    assert titre.numero_etranger == demande.usager.numero_etranger
    assert titre.nom_naissance == ancien.nom_naissance
    assert statut_actuel(demande.usager) == titre
    assert set(documents_du_titulaire(demande.usager)) == {ancien, titre}
    ligne = derniere_ligne(demande)
    assert ligne.transition == "remettre_titre"
    assert ligne.donnees == {"numero_titre": "TS123456789", "montant_timbre": "225"}


@pytest.mark.parametrize(
    ("timbre", "titre", "message"),
    [
        ("123456789012345", "TS1", "16 chiffres"),
        ("12345678901234567", "TS1", "16 chiffres"),
        ("12345678901234AB", "TS1", "16 chiffres"),
        ("", "TS1", "16 chiffres"),
        ("1234567890123456", " ", "numéro du titre"),
    ],
)
def test_a_wrong_stamp_or_card_number_is_refused(
    demande, instructeur, valideur, timbre, titre, message
):
    jusqu_a_titre_disponible(demande, instructeur, valideur)
    with pytest.raises(services.InstructionError, match=message):
        services.titre_remettre(
            demande=demande,
            numero_titre=titre,
            numero_timbre=timbre,
            montant_timbre=Decimal("225"),
            par=instructeur,
        )
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.TITRE_DISPONIBLE
    assert not Remise.objects.exists()


def test_a_stamp_is_used_once_and_a_card_number_once(instructeur, valideur, demande):
    jusqu_a_titre_disponible(demande, instructeur, valideur)
    services.titre_remettre(
        demande=demande,
        numero_titre="TS1",
        numero_timbre="1111222233334444",
        montant_timbre=Decimal("225"),
        par=instructeur,
    )
    autre = DemandeFactory(deposee=True)
    jusqu_a_titre_disponible(autre, instructeur, valideur)
    for titre, timbre, message in [
        ("TS2", "1111222233334444", "déjà été utilisé"),
        ("TS1", "5555666677778888", "existe déjà"),
    ]:
        with pytest.raises(services.InstructionError, match=message):
            services.titre_remettre(
                demande=autre,
                numero_titre=titre,
                numero_timbre=timbre,
                montant_timbre=Decimal("225"),
                par=instructeur,
            )
    autre.refresh_from_db()
    assert autre.etat == EtatDemande.TITRE_DISPONIBLE
    assert DocumentSejour.objects.filter(numero__startswith="TS").count() == 1


# Notes


def test_an_internal_note(demande, instructeur):
    note = services.note_ajouter(demande=demande, texte=" À vérifier ", par=instructeur)
    assert (note.texte, note.auteur) == ("À vérifier", instructeur)
    with pytest.raises(services.InstructionError, match="vide"):
        services.note_ajouter(demande=demande, texte="  ", par=instructeur)
    assert NoteInterne.objects.count() == 1


# What the applicant is told


def test_a_notice_is_created_once_per_key(demande, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            avis.programmer(demande, avis.Transition.DELIVRER_ADP, cle="adp:1")
    assert Notification.objects.filter(cle="adp:1").count() == 1


def test_no_notice_before_commit_nor_after_a_rollback(
    demande, instructeur, django_capture_on_commit_callbacks
):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    with django_capture_on_commit_callbacks(execute=True) as rappels:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                services.complement_demander(demande=demande, elements=ELEMENTS, par=instructeur)
                assert not Notification.objects.exists()
                raise RuntimeError("annulé")
    assert rappels == []
    assert not Notification.objects.exists()
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.EN_INSTRUCTION


def test_a_notice_is_written_in_french_whatever_the_agents_language(
    demande, instructeur, django_capture_on_commit_callbacks
):
    from django.utils import translation

    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.complement_demander(demande=demande, elements=ELEMENTS, par=instructeur)
    assert Notification.objects.get().titre == "Demande de complément"


# Check constraints


def test_decision_fields_follow_the_state_in_the_database():
    decidee = DemandeFactory(deposee=True, etat=EtatDemande.DECISION_FAVORABLE)
    with pytest.raises(IntegrityError), transaction.atomic():
        Demande.objects.filter(pk=decidee.pk).update(decision="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Demande.objects.filter(pk=decidee.pk).update(decision=SensDecision.DEFAVORABLE)
    en_cours = DemandeFactory(deposee=True, etat=EtatDemande.EN_INSTRUCTION)
    with pytest.raises(IntegrityError), transaction.atomic():
        Demande.objects.filter(pk=en_cours.pk).update(
            decision=SensDecision.FAVORABLE, decision_le=timezone.now()
        )


def test_four_eyes_in_the_database(demande, instructeur, valideur):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    favorable(demande, instructeur)
    decision = services.decision_signer(demande=demande, par=valideur)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(signee_par=F("proposee_par"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(signee_par=None)


def test_only_one_active_decision_per_request(demande, instructeur):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    decision = favorable(demande, instructeur)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(
            demande=demande,
            sens=decision.sens,
            type_carte=decision.type_carte,
            date_debut=decision.date_debut,
            date_fin=decision.date_fin,
            montant_taxe=decision.montant_taxe,
            proposee_par=instructeur,
            proposee_le=timezone.now(),
        )


@pytest.mark.parametrize("timbre", ["123", "12345678901234AB", "1234 5678 9012 3"])
def test_the_stamp_is_16_digits_in_the_database(demande, instructeur, valideur, timbre):
    jusqu_a_titre_disponible(demande, instructeur, valideur)
    remise = services.titre_remettre(
        demande=demande,
        numero_titre="TS9",
        numero_timbre="9999888877776666",
        montant_timbre=Decimal("225"),
        par=instructeur,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Remise.objects.filter(pk=remise.pk).update(numero_timbre=timbre)
