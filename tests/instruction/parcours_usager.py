"""Requests moved by the agents' real services to the points the applicant's pages show."""

import datetime
import io
from decimal import Decimal

from django.utils import timezone

from demandes.etats import EtatDemande
from instruction import services
from instruction.models import TypeCarte
from tests.demandes.factories import DemandeFactory
from tests.instruction.factories import agent

PDF_REFUS = b"%PDF-1.4\n% decision de refus signee\n%%EOF\n"


def agents(demande):
    return (
        agent("instructeur", prefecture=demande.prefecture),
        agent("valideur", prefecture=demande.prefecture),
    )


def refusee(demande=None, **kwargs):
    """A deposited request (or one under instruction) whose refusal was proposed with its
    signed PDF, then signed."""
    demande = demande or DemandeFactory(deposee=True, **kwargs)
    instructeur, valideur = agents(demande)
    demande.refresh_from_db()
    if demande.etat == EtatDemande.DEPOSEE:
        services.demande_prendre_en_charge(demande=demande, par=instructeur)
    services.decision_proposer(
        demande=demande,
        sens="defavorable",
        motifs_refus="Les ressources ne sont pas suffisantes.",
        document_refus=io.BytesIO(PDF_REFUS),
        par=instructeur,
    )
    services.decision_signer(demande=demande, par=valideur)
    demande.refresh_from_db()
    return demande


def favorable_signee(demande=None, **kwargs):
    """A deposited request with a signed favourable decision (its ADF issued)."""
    demande = demande or DemandeFactory(deposee=True, **kwargs)
    instructeur, valideur = agents(demande)
    aujourdhui = timezone.localdate()
    demande.refresh_from_db()
    if demande.etat == EtatDemande.DEPOSEE:
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
    demande.refresh_from_db()
    return demande, instructeur
