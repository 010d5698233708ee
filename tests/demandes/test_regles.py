import datetime

import pytest

from demandes.regles import departement_de, fenetre_depot
from tests.accounts.factories import DocumentSejourFactory

pytestmark = pytest.mark.django_db
FIN = datetime.date(2027, 6, 30)


@pytest.mark.parametrize(
    ("le", "statut"),
    [
        (datetime.date(2027, 2, 27), "trop_tot"),
        (datetime.date(2027, 2, 28), "dans_les_delais"),
        (datetime.date(2027, 4, 30), "dans_les_delais"),
        (datetime.date(2027, 5, 1), "tardive"),
        (datetime.date(2027, 6, 30), "tardive"),
        (datetime.date(2027, 7, 1), "expire"),
    ],
)
def test_deposit_window_4_to_2_months_before_the_end(le, statut):
    document = DocumentSejourFactory(
        date_fin_validite=FIN, date_debut_validite=datetime.date(2026, 7, 1)
    )
    fenetre = fenetre_depot(document, le)
    assert fenetre.statut == statut
    assert fenetre.ouverture == datetime.date(2027, 2, 28)
    assert fenetre.limite == datetime.date(2027, 4, 30)
    assert fenetre.depot_possible == (statut in {"dans_les_delais", "tardive"})


def test_visa_has_no_window():
    assert fenetre_depot(DocumentSejourFactory(visa=True), datetime.date(2030, 1, 1)).depot_possible


@pytest.mark.parametrize(
    ("cp", "insee", "dep"),
    [
        ("59000", "59350", "59"),
        ("75020", "", "75"),
        ("20000", "2A004", "2A"),
        ("20200", "2B033", "2B"),
        ("97400", "97411", "974"),
    ],
)
def test_departement_from_address(cp, insee, dep):
    assert departement_de(cp, insee) == dep
