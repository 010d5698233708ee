"""The attestation's MRZ band: layout, check digits, tampering, names."""

import datetime
import re

import pytest

from attestations import mrz
from tests.attestations.mrz_parse import parse_mrz

REFERENCES = {
    "nature": "ADP",
    "identifiant": "7503120521",
    "numero_demande": "9201202004012359123",
    "nom": "Berthier",
    "prenoms": "Natacha/Corinne",
    "date_naissance": datetime.date(1973, 7, 12),
    "nationalite": "ARG",
    "fin_validite": datetime.date(2020, 6, 30),
}


def lines_for(**overrides):
    return mrz.mrz_lines(**(REFERENCES | overrides))


@pytest.mark.parametrize(
    "value, digit",
    [
        # 5×7 + 2×3 + 0×1 + 7×7 + 2×3 + 7×1 = 35 + 6 + 0 + 49 + 6 + 7 = 103 → 3
        ("520727", "3"),
        # ICAO 9303 TD3 specimen document number: L=21, 8, 9, 8, 9, 0, 2, C=12, 3
        # 21×7 + 8×3 + 9 + 8×7 + 9×3 + 0 + 2×7 + 12×3 + 3 = 147+24+9+56+27+0+14+36+3 = 316 → 6
        ("L898902C3", "6"),
        ("740812", "2"),  # ICAO TD1 specimen birth date
        ("<<<<<<", "0"),
        ("", "0"),
    ],
)
def test_check_digit_known_values(value, digit):
    assert mrz.check_digit(value) == digit


def test_check_digit_refuses_other_characters():
    with pytest.raises(ValueError):
        mrz.check_digit("52-07")


def test_three_lines_of_thirty_mrz_characters():
    lines = lines_for()
    assert [len(line) for line in lines] == [30, 30, 30]
    assert all(re.fullmatch(r"[A-Z0-9<]{30}", line) for line in lines)
    assert lines == [
        "XADP7503120521<<49201202004012",
        "35912327307122ARG2006305<<<<<9",
        "BERTHIER<<NATACHA<CORINNE<<<<<",
    ]


@pytest.mark.parametrize("nature", mrz.NATURES)
def test_band_never_looks_like_a_travel_document(nature):
    line1 = lines_for(nature=nature)[0]
    # ICAO document codes start with P, V (passport, visa) or A, C, I (identity cards, TD1/TD2)
    assert line1[0] not in "PVACI"
    assert line1[:4] == "X" + nature
    assert line1[2:5] != "FRA"


def test_check_digits_recomputed():
    line1, line2, _ = lines_for()
    assert mrz.check_digit(line1[4:16]) == line1[16]
    assert mrz.check_digit(line1[17:] + line2[:6]) == line2[6]
    assert mrz.check_digit(line2[7:13]) == line2[13]
    assert mrz.check_digit(line2[17:23]) == line2[23]
    assert mrz.check_digit(line1[1:] + line2[:29]) == line2[29]


def test_parse_gives_back_the_references():
    assert parse_mrz(lines_for()) == {
        "nature": "ADP",
        "identifiant": "7503120521",
        "numero_demande": "9201202004012359123",
        "date_naissance": "730712",
        "nationalite": "ARG",
        "fin_validite": "200630",
        "nom": "BERTHIER",
        "prenoms": "NATACHA CORINNE",
    }


def test_no_end_of_validity_is_filler():
    lines = lines_for(fin_validite=None, nature="DEP", identifiant="123456789ABC")
    assert lines[1][17:24] == "<<<<<<0"
    parsed = parse_mrz(lines)
    assert parsed["fin_validite"] is None
    assert parsed["identifiant"] == "123456789ABC"


@pytest.mark.parametrize(
    "line, position, group",
    [
        (0, 7, "identifiant"),
        (0, 20, "numero_demande"),
        (1, 2, "numero_demande"),
        (1, 9, "date_naissance"),
        (1, 19, "fin_validite"),
        (0, 16, "identifiant"),  # the check digit itself
        (1, 29, "composite"),
    ],
)
def test_tampering_names_the_failing_group(line, position, group):
    lines = lines_for()
    chars = list(lines[line])
    chars[position] = "1" if chars[position] != "1" else "2"
    lines[line] = "".join(chars)
    with pytest.raises(ValueError, match=group):
        parse_mrz(lines)


def test_tampering_with_nationality_is_caught_by_the_composite():
    lines = lines_for()
    lines[1] = lines[1][:14] + "BRA" + lines[1][17:]
    with pytest.raises(ValueError, match="composite"):
        parse_mrz(lines)


def test_every_single_digit_change_is_detected():
    lines = lines_for()
    for line in (0, 1):
        for position, char in enumerate(lines[line]):
            if not char.isdigit():
                continue
            altered = list(lines)
            altered[line] = (
                lines[line][:position] + str((int(char) + 1) % 10) + lines[line][position + 1 :]
            )
            with pytest.raises(ValueError):
                parse_mrz(altered)


def test_accents_and_separators_are_transliterated():
    line3 = lines_for(nom="N'Diaye-Çelik", prenoms="Zoé Œnone")[2]
    assert line3 == "N<DIAYE<CELIK<<ZOE<OENONE<<<<<"


def test_long_names_are_truncated():
    line3 = lines_for(nom="Wolfeschlegelsteinhausenbergerdorff", prenoms="Hubert Blaine")[2]
    assert line3 == "WOLFESCHLEGELSTEINHAUSENBERG<<"
    line3 = lines_for(nom="Da Silva Pereira", prenoms="Maria/Conceição/Aparecida")[2]
    assert line3 == "DA<SILVA<PEREIRA<<MARIA<CONCEI"
    assert parse_mrz(lines_for(nom="Ab" * 100))["nom"] == "AB" * 14


@pytest.mark.parametrize(
    "override",
    [
        {"nature": "TDS"},
        {"numero_demande": "12345"},
        {"identifiant": "1234567890123"},
        {"nationalite": "AR"},
        {"date_naissance": "1973-07-12"},
    ],
)
def test_invalid_references_are_refused(override):
    with pytest.raises(ValueError):
        lines_for(**override)


def test_malformed_bands_are_refused():
    lines = lines_for()
    with pytest.raises(ValueError):
        parse_mrz(lines[:2])
    with pytest.raises(ValueError):
        parse_mrz([lines[0], lines[1], lines[2][:29] + "é"])
    with pytest.raises(ValueError, match="attestation"):
        parse_mrz(["I" + lines[0][1:], lines[1], lines[2]])
