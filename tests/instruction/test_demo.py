"""The demo requests of `seed_demo`: one per state in the Préfecture du Nord, moved by the
services (history rows), idempotent, and each applicant sees theirs."""

import pytest
from django.utils import timezone

from demandes.etats import EtatDemande
from instruction import demo
from tests.accounts.factories import PrefectureFactory

pytestmark = pytest.mark.django_db


def test_every_state_after_the_deposit_has_a_demo_request():
    prefecture = PrefectureFactory(code="59", nom="Préfecture du Nord")
    from tests.accounts.factories import DepartementFactory

    DepartementFactory(code="59", prefecture=prefecture)
    demandes = demo.demandes_demo_creer(
        aujourdhui=timezone.localdate(), prefecture_id=prefecture.pk
    )
    assert {d.etat for d in demandes} == set(EtatDemande) - {EtatDemande.BROUILLON}
