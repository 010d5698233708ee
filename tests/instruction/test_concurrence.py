"""Two agents taking the same transition at the same moment (real PostgreSQL, threads): the row
lock lets exactly one through; the other gets a displayable refusal and no history row."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.utils import timezone

from demandes.models import EtatDemande, HistoriqueEtat
from demandes.transitions import TransitionRefusee
from instruction import services
from instruction.models import Decision, StatutDecision, TypeCarte
from instruction.roles import ROLES
from tests.accounts.factories import UserFactory
from tests.demandes.factories import DemandeFactory


def _agent(role: str, prefecture):
    """As tests.instruction.factories.agent, but a transactional test's flush removed the
    groups the migration created: recreate them from instruction.roles."""
    groupe, _cree = Group.objects.get_or_create(name=ROLES[role].groupe)
    for permission in ROLES[role].permissions:
        app_label, codename = permission.split(".")
        groupe.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    user = UserFactory(agent=True, prefecture=prefecture)
    user.groups.add(groupe)
    return user


def _en_meme_temps(*actions):
    """Run each action in its own thread and connection, released together. Returns what each
    returned or raised, in order."""
    barriere = threading.Barrier(len(actions))
    resultats = [None] * len(actions)

    def lancer(rang, action):
        try:
            barriere.wait()
            resultats[rang] = action()
        except Exception as exc:
            resultats[rang] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(target=lancer, args=(rang, action)) for rang, action in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return resultats


def _un_gagnant(resultats):
    refus = [r for r in resultats if isinstance(r, Exception)]
    assert len(refus) == 1, resultats
    assert isinstance(refus[0], TransitionRefusee), refus[0]
    assert str(refus[0]).startswith("Action impossible : la demande est à l'état")
    return next(r for r in resultats if not isinstance(r, Exception))


@pytest.mark.django_db(transaction=True)
def test_two_agents_taking_the_same_request_one_wins():
    assert connection.vendor == "postgresql"
    demande = DemandeFactory(deposee=True)
    premier = _agent("instructeur", demande.prefecture)
    second = _agent("instructeur", demande.prefecture)

    resultats = _en_meme_temps(
        lambda: services.demande_prendre_en_charge(demande=demande, par=premier),
        lambda: services.demande_prendre_en_charge(demande=demande, par=second),
    )

    gagnant = _un_gagnant(resultats)
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.EN_INSTRUCTION
    assert demande.agent_id == gagnant.agent_id
    ligne = HistoriqueEtat.objects.get(demande=demande)
    assert ligne.par_id == gagnant.agent_id


@pytest.mark.django_db(transaction=True)
def test_two_valideurs_signing_at_once_one_signs():
    assert connection.vendor == "postgresql"
    demande = DemandeFactory(deposee=True)
    instructeur = _agent("instructeur", demande.prefecture)
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    services.decision_proposer(
        demande=demande,
        sens="favorable",
        type_carte=TypeCarte.TEMPORAIRE,
        date_debut=timezone.localdate(),
        date_fin=timezone.localdate() + datetime.timedelta(days=364),
        montant_taxe=Decimal("75"),
        par=instructeur,
    )
    valideurs = [_agent("valideur", demande.prefecture) for _ in range(2)]

    resultats = _en_meme_temps(
        *(lambda v=v: services.decision_signer(demande=demande, par=v) for v in valideurs)
    )

    signee = _un_gagnant(resultats)
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DECISION_FAVORABLE
    decision = Decision.objects.get(demande=demande)
    assert decision.statut == StatutDecision.SIGNEE
    assert decision.signee_par_id == signee.signee_par_id
    assert (
        HistoriqueEtat.objects.filter(demande=demande, transition="signer_favorable").count() == 1
    )
    assert demande.attestations.filter(type="decision_favorable").count() == 1


@pytest.mark.django_db(transaction=True)
def test_signing_and_sending_back_at_once_one_wins():
    demande = DemandeFactory(deposee=True)
    instructeur = _agent("instructeur", demande.prefecture)
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    services.decision_proposer(
        demande=demande,
        sens="favorable",
        type_carte=TypeCarte.TEMPORAIRE,
        date_debut=timezone.localdate(),
        date_fin=timezone.localdate() + datetime.timedelta(days=364),
        montant_taxe=Decimal("75"),
        par=instructeur,
    )
    signataire, relecteur = (_agent("valideur", demande.prefecture) for _ in range(2))

    resultats = _en_meme_temps(
        lambda: services.decision_signer(demande=demande, par=signataire),
        lambda: services.decision_renvoyer(
            demande=demande, commentaire="Revoir les dates.", par=relecteur
        ),
    )

    decision = _un_gagnant(resultats)
    demande.refresh_from_db()
    attendu = {
        StatutDecision.SIGNEE: EtatDemande.DECISION_FAVORABLE,
        StatutDecision.RENVOYEE: EtatDemande.EN_INSTRUCTION,
    }
    assert demande.etat == attendu[decision.statut]
    assert Decision.objects.get(demande=demande).statut == decision.statut
    assert HistoriqueEtat.objects.filter(demande=demande).count() == 3
