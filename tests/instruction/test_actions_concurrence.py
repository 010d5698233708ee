"""Two agents acting on one request at once: exactly one wins, the other is told why (real
PostgreSQL, threads, each with its own connection)."""

import html
import threading

import pytest
from django.db import connection
from django.test import Client

from demandes.models import EtatDemande, HistoriqueEtat
from instruction import services
from tests.back_office import connecter_agent
from tests.demandes.factories import DemandeFactory
from tests.instruction.etats import roles_recreer
from tests.instruction.factories import agent


@pytest.fixture
def roles():
    roles_recreer()


def en_meme_temps(*fonctions):
    """Run the functions in threads released together; return what each returned or raised."""
    barriere = threading.Barrier(len(fonctions))
    resultats = [None] * len(fonctions)

    def lancer(i, fonction):
        try:
            barriere.wait()
            resultats[i] = fonction()
        except Exception as exc:
            resultats[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=lancer, args=(i, f)) for i, f in enumerate(fonctions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return resultats


@pytest.mark.django_db(transaction=True)
def test_two_agents_taking_one_request_at_once_one_wins(roles):
    assert connection.vendor == "postgresql"
    demande = DemandeFactory(deposee=True)
    premier = agent("instructeur", prefecture=demande.prefecture)
    second = agent("instructeur", prefecture=demande.prefecture)
    resultats = en_meme_temps(
        lambda: services.demande_prendre_en_charge(demande=demande, par=premier),
        lambda: services.demande_prendre_en_charge(demande=demande, par=second),
    )
    refus = [r for r in resultats if isinstance(r, Exception)]
    assert len(refus) == 1 and isinstance(refus[0], services.TransitionRefusee)
    assert str(refus[0]) == "Action impossible : la demande est à l'état « En instruction »."
    demande.refresh_from_db()
    gagnant = premier if resultats[0] is not refus[0] else second
    assert (demande.etat, demande.agent) == (EtatDemande.EN_INSTRUCTION, gagnant)
    assert HistoriqueEtat.objects.filter(transition="prendre_en_charge").count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_agents_posting_one_action_at_once_the_loser_gets_a_message(roles):
    demande = DemandeFactory(deposee=True)
    clients = []
    for _i in range(2):
        client = Client()
        connecter_agent(client, agent("instructeur", prefecture=demande.prefecture))
        clients.append(client)
    adresse = f"/back-office/demandes/demande/{demande.pk}/prendre_en_charge/"
    reponses = en_meme_temps(*(lambda c=c: c.post(adresse) for c in clients))
    assert sorted(r.status_code for r in reponses) == [302, 400]
    perdant = next(r for r in reponses if r.status_code == 400)
    assert "Action impossible : la demande est à l'état « En instruction »." in html.unescape(
        perdant.content.decode()
    )
    assert HistoriqueEtat.objects.filter(transition="prendre_en_charge").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_signature_and_a_sending_back_at_once_one_wins(roles):
    from tests.instruction.etats import proposer_favorable

    demande = DemandeFactory(deposee=True)
    instructeur = agent("instructeur", prefecture=demande.prefecture)
    services.demande_prendre_en_charge(demande=demande, par=instructeur)
    proposer_favorable(demande, instructeur)
    signataire = agent("valideur", prefecture=demande.prefecture)
    renvoyeur = agent("valideur", prefecture=demande.prefecture)
    resultats = en_meme_temps(
        lambda: services.decision_signer(demande=demande, par=signataire),
        lambda: services.decision_renvoyer(demande=demande, commentaire="À revoir", par=renvoyeur),
    )
    refus = [r for r in resultats if isinstance(r, Exception)]
    assert len(refus) == 1, resultats
    assert isinstance(refus[0], (services.TransitionRefusee, services.InstructionError))
    demande.refresh_from_db()
    attendu = (
        EtatDemande.EN_INSTRUCTION if resultats[0] is refus[0] else EtatDemande.DECISION_FAVORABLE
    )
    assert demande.etat == attendu
    assert HistoriqueEtat.objects.filter(demande=demande, depuis="decision_proposee").count() == 1
