"""Nationality adjectives as the seeds print them."""

import pytest

from accounts.nationalites import ADJECTIFS, nationalite_adjectif


@pytest.mark.parametrize(
    ("code", "adjectif"),
    [
        ("BR", "BRÉSILIENNE"),
        ("AF", "AFGHANE"),
        ("MA", "MAROCAINE"),
        ("GN", "GUINÉENNE"),
        ("VN", "VIETNAMIENNE"),
        ("SN", "SÉNÉGALAISE"),
        ("NG", "NIGÉRIANE"),
        ("AR", "ARGENTINE"),
        ("dz", "ALGÉRIENNE"),
    ],
)
def test_the_feminine_adjective_in_capitals(code, adjectif):
    assert nationalite_adjectif(code) == adjectif


def test_a_country_missing_from_the_table_falls_back_to_its_french_name():
    assert "IS" not in ADJECTIFS
    assert nationalite_adjectif("IS") == "ISLANDE"
    assert nationalite_adjectif("") == ""


def test_the_table_covers_common_nationalities_in_capitals():
    assert len(ADJECTIFS) >= 60
    assert all(a == a.upper() and a.strip() for a in ADJECTIFS.values())
