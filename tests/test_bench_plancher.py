"""Issue 13: the bench's floor page is the bare layout, and only the bench mounts it."""

import pytest
from django.test import override_settings

from bench import config, ratios
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


@override_settings(ROOT_URLCONF="bench.urls")
def test_the_floor_is_the_layout_for_the_logged_in_applicant(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(config.FLOOR_PATH)
    assert response.status_code == 200
    page = response.content.decode()
    assert user.prenom in page and "fr-header" in page and "fr-footer" in page


def test_the_product_does_not_mount_the_floor(client):
    client.force_login(UserFactory())
    assert client.get(config.FLOOR_PATH).status_code == 404


def test_the_ratio_table_lists_every_form_step_with_and_without_errors():
    from tests.demandes.factories import DemandeFactory

    demande = DemandeFactory()
    noms = [p.name for p in ratios.pages(demande.pk)]
    for etape in ("personnel", "motif", "ressources"):
        assert f"etudiant/{etape} GET" in noms
        assert f"etudiant/{etape} POST errors" in noms
        assert f"etudiant/{etape} POST" in noms
    assert "mon_compte" in noms and "connexion" in noms
