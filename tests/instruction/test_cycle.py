import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.selectors import statut_actuel
from attestations.models import TypeAttestation
from demandes.models import EtatDemande, HistoriqueEtat
from instruction import services
from instruction.models import TypeCarte
from notifications.models import Notification, TypeNotification
from tests.demandes.factories import DemandeFactory
from tests.instruction.factories import agent

pytestmark = pytest.mark.django_db


def test_a_favourable_request_goes_from_deposit_to_the_card_in_hand(
    django_capture_on_commit_callbacks,
):
    demande = DemandeFactory(deposee=True)
    instructeur = agent("instructeur", prefecture=demande.prefecture)
    valideur = agent("valideur", prefecture=demande.prefecture)
    aujourdhui = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        services.demande_prendre_en_charge(demande=demande, par=instructeur)
        services.decision_proposer(
            demande=demande,
            sens="favorable",
            type_carte=TypeCarte.PLURIANNUELLE,
            date_debut=aujourdhui,
            date_fin=aujourdhui + datetime.timedelta(days=4 * 365),
            mention="Étudiant",
            montant_taxe=Decimal("225"),
            par=instructeur,
        )
        services.decision_signer(demande=demande, par=valideur)
        services.titre_lancer_fabrication(demande=demande, par=instructeur)
        services.titre_disponible(demande=demande, par=instructeur)
        services.titre_remettre(
            demande=demande,
            numero_titre="TS123456789",
            numero_timbre="1234567890123456",
            montant_timbre=Decimal("225"),
            par=instructeur,
        )
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.TITRE_REMIS
    assert list(HistoriqueEtat.objects.filter(demande=demande).values_list("vers", flat=True)) == [
        "en_instruction",
        "decision_proposee",
        "decision_favorable",
        "titre_en_fabrication",
        "titre_disponible",
        "titre_remis",
    ]
    assert demande.attestations.filter(type=TypeAttestation.DECISION_FAVORABLE).exists()
    assert set(Notification.objects.filter(demande=demande).values_list("type", flat=True)) == {
        TypeNotification.DECISION,
        TypeNotification.TITRE_DISPONIBLE,
    }
    assert statut_actuel(demande.usager).numero == "TS123456789"


def test_the_proposer_cannot_sign():
    demande = DemandeFactory(deposee=True)
    instructeur = agent("instructeur", prefecture=demande.prefecture)
    instructeur.groups.add(agent("valideur", prefecture=demande.prefecture).groups.get())
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    services.decision_proposer(
        demande=demande,
        sens="favorable",
        type_carte=TypeCarte.TEMPORAIRE,
        date_debut=timezone.localdate(),
        date_fin=timezone.localdate(),
        montant_taxe=Decimal("75"),
        par=instructeur,
    )
    with pytest.raises(services.TransitionRefusee, match="autre agent"):
        services.decision_signer(demande=demande, par=instructeur)
