"""50 concurrent identical final POSTs: one deposit, one number (real PostgreSQL, threads)."""

import threading

import pytest
from django.db import connection
from django.test import Client

from demandes.models import CompteurDepot, Demande, EtatDemande
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory, prefecture_du_nord
from tests.demandes.test_parcours import remplir_etudiant, valider_recap

CONCURRENT = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_deposits_create_one_request():
    assert connection.vendor == "postgresql"
    prefecture_du_nord()
    demande = DemandeFactory()
    preparation = Client()
    remplir_etudiant(preparation, demande)
    valider_recap(preparation, demande)
    session_cookie = preparation.cookies["sessionid"].value

    barrier = threading.Barrier(CONCURRENT)
    results = []
    lock = threading.Lock()

    def deposer():
        client = Client()
        client.cookies["sessionid"] = session_cookie
        barrier.wait()
        try:
            response = client.post(
                parcours.url(demande, "recapitulatif"), {"action": "deposer", "observations": ""}
            )
            with lock:
                results.append((response.status_code, response.get("Location")))
        finally:
            connection.close()

    threads = [threading.Thread(target=deposer) for _ in range(CONCURRENT)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(results) == CONCURRENT
    assert {status for status, _ in results} == {302}
    assert {location for _, location in results} == {parcours.url(demande, "confirmation")}
    deposees = Demande.objects.exclude(etat=EtatDemande.BROUILLON)
    assert deposees.count() == 1
    assert CompteurDepot.objects.get().valeur == 1
    numero = deposees.get().numero
    page = preparation.get(parcours.url(demande, "confirmation")).content.decode()
    assert numero in page


@pytest.mark.django_db(transaction=True)
def test_numbers_are_unique_under_concurrency_across_requests():
    from django.utils import timezone

    from demandes.services import _numero_suivant

    numeros = []
    lock = threading.Lock()

    def tirer():
        from django.db import transaction

        try:
            with transaction.atomic():
                numero = _numero_suivant(departement="59", le=timezone.localdate())
            with lock:
                numeros.append(numero)
        finally:
            connection.close()

    threads = [threading.Thread(target=tirer) for _ in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(set(numeros)) == 30
    assert sorted(int(n[-7:]) for n in numeros) == list(range(1, 31))
