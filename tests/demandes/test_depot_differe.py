"""Issue 13: the deposit's response does not wait for the PDFs; the confirmation page shows
their links as soon as the worker has made them."""

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from attestations.models import Attestation
from demandes import tasks
from demandes.models import EtatDemande
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory, prefecture_du_nord
from tests.demandes.test_parcours import remplir_etudiant, valider_recap

pytestmark = pytest.mark.django_db

EN_COURS = "Document en cours de génération : il sera disponible dans quelques instants."


@pytest.fixture(autouse=True)
def nord():
    return prefecture_du_nord()


def deposer(client, django_capture_on_commit_callbacks):
    demande = DemandeFactory()
    remplir_etudiant(client, demande)
    valider_recap(client, demande)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(parcours.url(demande, "recapitulatif"), {"action": "deposer"})
    assert r.url == parcours.url(demande, "confirmation")
    return demande


def test_the_deposit_hands_the_pdfs_to_the_worker_and_the_page_shows_them_once_made(
    client, django_capture_on_commit_callbacks
):
    with mock.patch.object(tasks.apres_depot, "delay") as delay:
        demande = deposer(client, django_capture_on_commit_callbacks)

    assert delay.call_args_list and {c.args for c in delay.call_args_list} == {(demande.pk,)}
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DEPOSEE
    # Nothing rendered in the request: no PDF, no mail yet.
    assert not Attestation.objects.exists()
    assert mail.outbox == []
    page = client.get(parcours.url(demande, "confirmation")).content.decode()
    assert EN_COURS in page
    assert 'data-actualiser="2000"' in page
    assert 'aria-live="polite"' in page

    with django_capture_on_commit_callbacks(execute=True):
        tasks.apres_depot(demande.pk)  # what the worker runs

    attestation = Attestation.objects.get(demande=demande, type="depot")
    assert attestation.disponible
    page = client.get(parcours.url(demande, "confirmation")).content.decode()
    assert reverse("attestations:telecharger", args=[attestation.pk]) in page
    assert f"ouvre ma confirmation de dépôt de la demande n° {demande.numero} (PDF" in page
    assert EN_COURS not in page
    assert "data-actualiser" not in page
    assert len(mail.outbox) == 1


def test_with_the_broker_down_the_follow_up_runs_in_the_request(
    client, django_capture_on_commit_callbacks
):
    with mock.patch.object(tasks.apres_depot, "delay", side_effect=OSError("broker down")):
        demande = deposer(client, django_capture_on_commit_callbacks)

    assert Attestation.objects.get(demande=demande, type="depot").disponible
    assert len(mail.outbox) == 1
