"""Issue 13: the SQL queries of a page do not grow with what it lists (Mon compte, the
notifications, each wizard step): a page with more rows costs the same number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demandes.etats import EtatDemande
from notifications.models import TypeNotification
from notifications.services import notification_creer
from tests.accounts.factories import DocumentSejourFactory
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory, prefecture_du_nord

pytestmark = pytest.mark.django_db


def requetes(client, url, data=None) -> int:
    client.get(url) if data is None else client.post(url, data)  # the session write of a login
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url) if data is None else client.post(url, data)
    assert response.status_code in (200, 302)
    return len(captured.captured_queries)


def ajouter_notifications(usager, demande, n):
    for k in range(n):
        notification_creer(
            usager=usager,
            demande=demande if k == 0 else None,
            type=list(TypeNotification)[k % len(TypeNotification)],
            titre=f"Titre {k}",
            message="Message",
        )


def test_mon_compte_and_notifications_cost_the_same_queries_with_more_rows(client):
    prefecture_du_nord()
    demande = DemandeFactory(deposee=True)
    usager = demande.usager
    ajouter_notifications(usager, demande, 1)
    client.force_login(usager)
    pages = ["/espace-personnel/mon-compte/", "/espace-personnel/notifications/"]
    avant = {url: requetes(client, url) for url in pages}

    for motif in ("bpi", "vpf_ase"):
        DemandeFactory(deposee=True, usager=usager, motif=motif, document_actuel=usager.document)
    ajouter_notifications(usager, None, 6)
    apres = {url: requetes(client, url) for url in pages}

    assert apres == avant
    assert avant["/espace-personnel/mon-compte/"] <= 7


def test_each_wizard_step_costs_the_same_queries_with_more_rows(client):
    prefecture_du_nord()
    demande = DemandeFactory()
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    client.post(parcours.url(demande, "motif"), parcours.MOTIF_ETUDIANT)
    etapes = ["personnel", "motif", "ressources"]
    un = parcours.ressources(("salarie", 900))
    avant = {e: requetes(client, parcours.url(demande, e)) for e in etapes}
    post_avant = requetes(client, parcours.url(demande, "ressources"), un)

    cinq = parcours.ressources(*[("salarie", 900)] * 5)
    client.post(parcours.url(demande, "ressources"), cinq)
    ajouter_notifications(demande.usager, demande, 5)
    apres = {e: requetes(client, parcours.url(demande, e)) for e in etapes}

    assert apres == avant
    assert requetes(client, parcours.url(demande, "ressources"), cinq) == post_avant
    assert all(n <= 10 for n in avant.values())


def test_mon_compte_costs_the_same_queries_with_requests_in_every_state(client):
    demande = DemandeFactory(deposee=True, etat=EtatDemande.EN_INSTRUCTION)
    usager = demande.usager
    client.force_login(usager)
    url = "/espace-personnel/mon-compte/"
    avant = requetes(client, url)

    for k, etat in enumerate(e for e in EtatDemande if e != EtatDemande.BROUILLON):
        DemandeFactory(deposee=True, usager=usager, etat=etat, motif=f"motif_{k}")
    DemandeFactory(usager=usager, document_actuel=usager.document, motif="bpi")
    DocumentSejourFactory(numero_etranger=usager.numero_etranger)
    page = client.get(url).content.decode()
    assert page.count('class="anef-suivi') == 11  # the deposited requests with a stage
    assert requetes(client, url) == avant
