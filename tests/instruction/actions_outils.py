"""Helpers of the actions' effects tests (test_actions_effets*.py): the action's URL, an agent
logged in with a role, the last history row, a day/month/year date as posted."""

import datetime
import html

from demandes.models import EtatDemande, HistoriqueEtat
from tests.back_office import connecter_agent
from tests.instruction.factories import agent

E = EtatDemande


def url(demande, code):
    return f"/back-office/demandes/demande/{demande.pk}/{code}/"


def page_de(demande):
    return f"/back-office/demandes/demande/{demande.pk}/change/"


def texte(response) -> str:
    return html.unescape(response.content.decode())


def connecte(client, role, demande):
    user = agent(role, prefecture=demande.prefecture)
    connecter_agent(client, user)
    return user


def dernier_historique(demande):
    return HistoriqueEtat.objects.filter(demande=demande).order_by("-le", "-pk").first()


def date_post(nom, jour: datetime.date) -> dict:
    return {f"{nom}_day": jour.day, f"{nom}_month": jour.month, f"{nom}_year": jour.year}


def reussit(client, response, demande, message):
    assert response.status_code == 302, texte(response)[:3000]
    assert response.url == page_de(demande)
    assert message in texte(client.get(response.url))
