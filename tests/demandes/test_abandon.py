"""Abandoning a draft frees everything it held."""

import pytest

from demandes import services
from demandes.models import Demande
from justificatifs import services as justificatifs_services
from justificatifs.models import EPhoto
from tests.demandes.factories import DemandeFactory
from tests.justificatifs.factories import EPhotoFactory

pytestmark = pytest.mark.django_db


def test_abandoning_a_draft_releases_its_confirmed_ephoto():
    demande = DemandeFactory()
    ephoto = EPhotoFactory()
    justificatifs_services.ephoto_confirmer(demande=demande, code=ephoto.code, par=demande.usager)

    services.brouillon_abandonner(demande=demande, par=demande.usager)

    assert not Demande.objects.filter(pk=demande.pk).exists()
    ephoto.refresh_from_db()
    assert ephoto.demande_id is None and ephoto.reservee_le is None


def test_abandon_page_with_a_confirmed_ephoto_answers_a_redirect_and_the_code_is_reusable(client):
    demande = DemandeFactory()
    ephoto = EPhotoFactory()
    justificatifs_services.ephoto_confirmer(demande=demande, code=ephoto.code, par=demande.usager)
    client.force_login(demande.usager)

    r = client.post(f"/espace-personnel/demandes/{demande.pk}/abandonner/")

    assert r.status_code == 302 and r.url == "/espace-personnel/mon-compte/"
    assert not Demande.objects.filter(pk=demande.pk).exists()
    autre = DemandeFactory()
    justificatifs_services.ephoto_confirmer(demande=autre, code=ephoto.code, par=autre.usager)
    assert EPhoto.objects.get(pk=ephoto.pk).demande_id == autre.pk
