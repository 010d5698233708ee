"""Helpers of the agents' services tests (test_services*.py): the history of a request,
decisions proposed through the service, a request moved to « titre disponible », the documents
of a complement."""

import datetime
import io
from decimal import Decimal

from django.utils import timezone

from demandes.models import HistoriqueEtat
from instruction import services
from instruction.models import (
    Decision,
    MotifComplement,
    TypeCarte,
)
from tests.justificatifs.echantillons import pdf


def historique(demande) -> list[HistoriqueEtat]:
    return list(HistoriqueEtat.objects.filter(demande=demande).order_by("le", "pk"))


def derniere_ligne(demande) -> HistoriqueEtat:
    return historique(demande)[-1]


def favorable(demande, par, **kwargs) -> Decision:
    debut = timezone.localdate()
    valeurs = {
        "type_carte": TypeCarte.PLURIANNUELLE,
        "date_debut": debut,
        "date_fin": debut + datetime.timedelta(days=4 * 365),
        "mention": "Étudiant",
        "montant_taxe": Decimal("225"),
        **kwargs,
    }
    return services.decision_proposer(demande=demande, sens="favorable", par=par, **valeurs)


def defavorable(demande, par, **kwargs) -> Decision:
    valeurs = {"motifs_refus": "Ressources insuffisantes.", "document_refus": io.BytesIO(pdf())}
    return services.decision_proposer(
        demande=demande, sens="defavorable", par=par, **{**valeurs, **kwargs}
    )


def jusqu_a_titre_disponible(demande, instructeur, valideur):
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    favorable(demande, instructeur)
    services.decision_signer(demande=demande, par=valideur)
    services.titre_lancer_fabrication(demande=demande, par=instructeur)
    services.titre_disponible(demande=demande, par=instructeur)


ELEMENTS = [
    {
        "piece": "passeport",
        "libelle": "Passeport",
        "motif": MotifComplement.NON_LISIBLE,
        "observation": " La page d'identité est floue. ",
    },
    {
        "piece": "justificatif_domicile",
        "libelle": "Justificatif de domicile",
        "motif": MotifComplement.MANQUANT,
        "observation": "Aucun justificatif de moins de 6 mois.",
    },
]
