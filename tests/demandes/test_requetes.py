"""At most 10 SQL queries for a wizard step, GET or POST (issue 4)."""

import pytest

from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory, prefecture_du_nord

pytestmark = pytest.mark.django_db


def test_step_get_and_post_stay_under_ten_queries(client, django_assert_max_num_queries):
    prefecture_du_nord()
    demande = DemandeFactory()
    client.force_login(demande.usager)
    client.post(parcours.url(demande, "personnel"), parcours.PERSONNEL)
    url = parcours.url(demande, "motif")
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.post(url, parcours.MOTIF_ETUDIANT).status_code == 302
    client.post(parcours.url(demande, "ressources"), parcours.ressources(("salarie", 900)))
    with django_assert_max_num_queries(10):
        assert client.get(parcours.url(demande, "justificatifs")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(parcours.url(demande, "personnel")).status_code == 200
