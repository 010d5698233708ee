"""The actions' views, for every action: who reaches them (role, prefecture, state), CSRF."""

import html

import pytest
from django.test import Client

from demandes.models import EtatDemande, HistoriqueEtat
from instruction.admin.actions import ACTIONS
from tests.accounts.factories import PrefectureFactory
from tests.back_office import connecter_agent
from tests.instruction.etats import demande_en
from tests.instruction.factories import agent

pytestmark = pytest.mark.django_db

E = EtatDemande
# code -> (the state it is taken from, the role allowed, a role refused)
CAS = {
    "prendre_en_charge": (E.DEPOSEE, "instructeur", "valideur"),
    "demander_complement": (E.EN_INSTRUCTION, "instructeur", "valideur"),
    "reprendre_instruction": (E.COMPLEMENT_RECU, "instructeur", "valideur"),
    "delivrer_adp": (E.EN_INSTRUCTION, "instructeur", "valideur"),
    "proposer_decision": (E.EN_INSTRUCTION, "instructeur", "valideur"),
    "signer": (E.DECISION_PROPOSEE, "valideur", "instructeur"),
    "renvoyer": (E.DECISION_PROPOSEE, "valideur", "instructeur"),
    "cloturer": (E.EN_INSTRUCTION, "instructeur", "valideur"),
    "lancer_fabrication": (E.DECISION_FAVORABLE, "instructeur", "valideur"),
    "titre_disponible": (E.TITRE_EN_FABRICATION, "instructeur", "valideur"),
    "remettre_titre": (E.TITRE_DISPONIBLE, "instructeur", "valideur"),
}


def url(demande, code):
    return f"/back-office/demandes/demande/{demande.pk}/{code}/"


def test_every_action_has_its_case():
    assert set(CAS) == {a.code for a in ACTIONS}


@pytest.mark.parametrize("code", CAS)
def test_an_allowed_agent_gets_the_form_inside_the_back_office(client, code):
    etat, role, _refuse = CAS[code]
    demande = demande_en(etat)
    connecter_agent(client, agent(role, prefecture=demande.prefecture))
    response = client.get(url(demande, code))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in page
    assert "back-office-actions.css" in page and demande.numero in page
    assert f'action="{url(demande, code)}"' in page and "novalidate" in page
    # The request page offers the action.
    page_demande = client.get(f"/back-office/demandes/demande/{demande.pk}/change/")
    codes = [a.code for a, _url in page_demande.context["actions_possibles"]]
    assert code in codes


@pytest.mark.parametrize("code", CAS)
def test_a_role_without_the_permission_gets_a_403(client, code):
    etat, _role, refuse = CAS[code]
    demande = demande_en(etat)
    for role in (refuse, "administrateur_local"):
        connecter_agent(client, agent(role, prefecture=demande.prefecture))
        assert client.get(url(demande, code)).status_code == 403
        if role != "administrateur_local":  # who does not even see requests
            page = client.get(f"/back-office/demandes/demande/{demande.pk}/change/")
            assert code not in [a.code for a, _url in page.context["actions_possibles"]]
        assert client.post(url(demande, code), {}).status_code == 403
    demande.refresh_from_db()
    assert demande.etat == etat


@pytest.mark.parametrize("code", CAS)
def test_another_prefectures_agent_gets_a_404(client, code):
    etat, role, _refuse = CAS[code]
    demande = demande_en(etat)
    paris = PrefectureFactory(code="75", nom="Préfecture de police")
    connecter_agent(client, agent(role, prefecture=paris))
    assert client.get(url(demande, code)).status_code == 404
    assert client.post(url(demande, code), {}).status_code == 404
    demande.refresh_from_db()
    assert demande.etat == etat


def test_an_applicant_is_sent_to_the_back_office_login(client):
    demande = demande_en(E.DEPOSEE)
    client.force_login(demande.usager)
    response = client.get(url(demande, "prendre_en_charge"))
    assert response.status_code == 302 and "/back-office/login/" in response.url


def test_an_action_the_state_no_longer_allows_goes_back_to_the_request_with_the_reason(client):
    demande = demande_en(E.EN_INSTRUCTION)
    connecter_agent(client, agent("instructeur", prefecture=demande.prefecture))
    response = client.get(url(demande, "prendre_en_charge"), follow=True)
    assert response.redirect_chain[-1][0] == f"/back-office/demandes/demande/{demande.pk}/change/"
    assert "la demande est à l'état « En instruction »" in html.unescape(response.content.decode())


def test_a_post_without_the_csrf_token_is_refused():
    demande = demande_en(E.DEPOSEE)
    client = Client(enforce_csrf_checks=True)
    connecter_agent(client, agent("instructeur", prefecture=demande.prefecture))
    assert client.post(url(demande, "prendre_en_charge"), {}).status_code == 403
    demande.refresh_from_db()
    assert demande.etat == E.DEPOSEE
    assert not HistoriqueEtat.objects.filter(demande=demande).exclude(transition="deposer").exists()
