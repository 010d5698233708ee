"""Requests brought to a given state by the real services (decisions need their rows)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from demandes.models import EtatDemande
from instruction import services
from instruction.models import TypeCarte
from instruction.roles import ROLES, groupe_de
from tests.demandes.factories import DemandeFactory
from tests.instruction.factories import agent

E = EtatDemande
SUITE = [
    E.DEPOSEE,
    E.EN_INSTRUCTION,
    E.DECISION_PROPOSEE,
    E.DECISION_FAVORABLE,
    E.TITRE_EN_FABRICATION,
    E.TITRE_DISPONIBLE,
]


def proposer_favorable(demande, par, *, montant=Decimal("225")):
    aujourdhui = timezone.localdate()
    return services.decision_proposer(
        demande=demande,
        sens="favorable",
        type_carte=TypeCarte.PLURIANNUELLE,
        date_debut=aujourdhui,
        date_fin=aujourdhui + datetime.timedelta(days=4 * 365),
        mention="Étudiant",
        montant_taxe=montant,
        autorise_travail=True,
        par=par,
    )


def demande_en(etat, **kwargs):
    """A deposited request (Préfecture du Nord) moved to `etat` by the services."""
    if etat == E.COMPLEMENT_RECU:
        return DemandeFactory(deposee=True, etat=etat, **kwargs)
    demande = DemandeFactory(deposee=True, **kwargs)
    if etat == E.DEPOSEE:
        return demande
    instructeur = agent("instructeur", prefecture=demande.prefecture)
    valideur = agent("valideur", prefecture=demande.prefecture)
    etapes = {
        E.EN_INSTRUCTION: lambda: services.demande_prendre_en_charge(
            demande=demande, par=instructeur
        ),
        E.DECISION_PROPOSEE: lambda: proposer_favorable(demande, instructeur),
        E.DECISION_FAVORABLE: lambda: services.decision_signer(demande=demande, par=valideur),
        E.TITRE_EN_FABRICATION: lambda: services.titre_lancer_fabrication(
            demande=demande, par=instructeur
        ),
        E.TITRE_DISPONIBLE: lambda: services.titre_disponible(demande=demande, par=instructeur),
    }
    for suivant in SUITE[1 : SUITE.index(etat) + 1]:
        etapes[suivant]()
    demande.refresh_from_db()
    assert demande.etat == etat
    return demande


def roles_recreer():
    """The groups of the migration `instruction/0002_roles`, for a transactional test: it starts
    from a flushed database, where the permissions are recreated but not the groups."""
    for role in ROLES.values():
        groupe_de(role)
