"""« Durée de validité » as a person counts it (Mon compte)."""

import datetime

import pytest
from django.utils import translation

from accounts.regles import duree_validite

D = datetime.date


@pytest.mark.parametrize(
    ("debut", "fin", "attendu"),
    [
        # From an anniversary to the same anniversary, or to the day before: one year.
        (D(2026, 2, 28), D(2027, 2, 28), "1 an"),
        (D(2026, 2, 28), D(2027, 2, 27), "1 an"),
        (D(2026, 3, 1), D(2027, 2, 28), "1 an"),
        (D(2023, 9, 13), D(2027, 9, 12), "4 ans"),
        (D(2024, 1, 15), D(2026, 1, 15), "2 ans"),
        # Leap years.
        (D(2024, 2, 29), D(2025, 2, 28), "1 an"),
        (D(2023, 3, 1), D(2024, 2, 29), "1 an"),
        (D(2024, 2, 29), D(2028, 2, 28), "4 ans"),
        # Ends of months.
        (D(2026, 1, 31), D(2026, 4, 30), "3 mois"),
        (D(2026, 1, 31), D(2026, 7, 30), "6 mois"),
        (D(2026, 8, 31), D(2027, 2, 28), "6 mois"),
        (D(2022, 4, 26), D(2022, 10, 25), "6 mois"),
        (D(2023, 9, 12), D(2023, 12, 11), "3 mois"),
        (D(2026, 1, 1), D(2027, 3, 31), "1 an et 3 mois"),
        (D(2026, 1, 1), D(2028, 1, 31), "2 ans et 1 mois"),
        # A remainder of days rounds to the nearest month; under a month, days.
        (D(2026, 1, 1), D(2026, 6, 10), "5 mois"),
        (D(2026, 1, 1), D(2026, 6, 20), "6 mois"),
        (D(2026, 3, 1), D(2026, 3, 15), "15 jours"),
        (D(2026, 3, 1), D(2026, 3, 1), "1 jour"),
    ],
)
def test_duree_validite_reads_as_a_person_counts(debut, fin, attendu):
    with translation.override("fr"):
        assert duree_validite(debut, fin) == attendu


@pytest.mark.django_db
def test_mon_compte_shows_one_year_for_an_anniversary_to_anniversary_title(client):
    import re

    from tests.accounts.factories import DocumentSejourFactory, UserFactory

    usager = UserFactory(
        document=DocumentSejourFactory(
            date_debut_validite=D(2026, 2, 28), date_fin_validite=D(2027, 2, 28)
        )
    )
    client.force_login(usager)
    page = client.get("/espace-personnel/mon-compte/").content.decode()
    duree = re.search(r"Durée de validité</dt>\s*<dd>([^<]*)</dd>", page)
    assert duree and duree.group(1).strip() == "1 an"
