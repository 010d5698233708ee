"""Agents see only their prefecture's data in the back office."""

import pytest
from django.contrib.auth.models import Group, Permission

from notifications.models import Notification, TypeNotification
from tests.accounts.factories import PrefectureFactory, UserFactory
from tests.demandes.factories import DemandeFactory

pytestmark = pytest.mark.django_db


def deposee(numero, prefecture):
    return DemandeFactory(deposee=True, numero=numero, prefecture=prefecture)


@pytest.fixture
def agent_du_nord(client):
    nord = PrefectureFactory(code="59", nom="Préfecture du Nord")
    groupe = Group.objects.create(name="Agents instructeurs")
    groupe.permissions.set(Permission.objects.filter(codename__startswith="view_"))
    agent = UserFactory(agent=True, prefecture=nord)
    agent.groups.add(groupe)
    client.force_login(agent)
    return nord


def test_an_agent_sees_only_the_requests_of_his_prefecture(client, agent_du_nord):
    paris = PrefectureFactory(code="75", nom="Préfecture de police")
    du_nord = deposee("5901202611230000001", agent_du_nord)
    de_paris = deposee("7501202611230000001", paris)
    page = client.get("/back-office/demandes/demande/").content.decode()
    assert du_nord.numero in page and de_paris.numero not in page
    autre = client.get(f"/back-office/demandes/demande/{de_paris.pk}/change/")
    assert autre.status_code == 302  # Django admin: object not found, back to the list
    assert client.get(f"/back-office/demandes/demande/{du_nord.pk}/change/").status_code == 200


def test_an_agent_sees_only_his_prefectures_applicants_and_notifications(client, agent_du_nord):
    paris = PrefectureFactory(code="75", nom="Préfecture de police")
    du_nord = deposee("5901202611230000001", agent_du_nord)
    de_paris = deposee("7501202611230000001", paris)
    for demande in (du_nord, de_paris):
        Notification.objects.create(
            usager=demande.usager,
            demande=demande,
            type=TypeNotification.CONFIRMATION_DEPOT,
            titre=f"Dépôt {demande.numero}",
            message="ok",
        )
    users = client.get("/back-office/accounts/user/?q=").content.decode()
    assert du_nord.usager.identifiant in users
    assert de_paris.usager.identifiant not in users
    notifications = client.get("/back-office/notifications/notification/")
    assert notifications.status_code == 200
    assert notifications.context["cl"].result_count == 1


def test_mail_monitoring_is_for_administrators_only(client, agent_du_nord):
    assert client.get("/back-office/notifications/courriel/").status_code == 403
