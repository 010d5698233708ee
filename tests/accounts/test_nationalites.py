import re
from pathlib import Path

import pytest
from django_countries.fields import Country

import accounts
from anef.nationalites import ADJECTIFS, nationalite_adjectif


def test_adjective_is_the_feminine_upper_case_form_of_the_seeds():
    assert nationalite_adjectif("BR") == "BRÉSILIENNE"
    assert nationalite_adjectif("AF") == "AFGHANE"
    assert nationalite_adjectif("MA") == "MAROCAINE"


def test_alpha_3_codes_and_country_objects_are_accepted():
    assert nationalite_adjectif("BRA") == "BRÉSILIENNE"
    assert nationalite_adjectif(Country("vn")) == "VIETNAMIENNE"


def test_a_country_missing_from_the_table_falls_back_to_its_french_name():
    assert "FJ" not in ADJECTIFS
    assert nationalite_adjectif("FJ") == "FIDJI"
    assert nationalite_adjectif("") == ""


def test_every_demo_country_and_at_least_60_countries_are_covered():
    seed_demo = Path(accounts.__file__).parent / "demo.py"
    source = seed_demo.read_text(encoding="utf-8")
    demo = set(re.findall(r'"nationalite": "([A-Z]{2})"', source))
    assert demo and demo <= set(ADJECTIFS)
    assert len(ADJECTIFS) >= 60
    assert all(adjectif == adjectif.upper() for adjectif in ADJECTIFS.values())


@pytest.mark.parametrize(
    ("code", "adjectif"),
    [
        ("GN", "GUINÉENNE"),
        ("SN", "SÉNÉGALAISE"),
        ("NG", "NIGÉRIANE"),
        ("AR", "ARGENTINE"),
        ("dz", "ALGÉRIENNE"),
    ],
)
def test_the_feminine_adjective_in_capitals(code, adjectif):
    assert nationalite_adjectif(code) == adjectif
