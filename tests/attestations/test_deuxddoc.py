"""2D-DOC type 13: the ANTS specimen, our encoder's separator rules, signatures, and a round
trip through a real DataMatrix symbol (zxing-cpp)."""

import dataclasses
import datetime
import random
import string
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from attestations import deuxddoc
from attestations.deuxddoc import GS, RS, US, Header

SPECIMEN_DIR = Path(__file__).parent / "specimen"
SPECIMEN = (SPECIMEN_DIR / "type13-adp-specimen.txt").read_bytes()
CERTIFICATE = (SPECIMEN_DIR / "ants-test-certificate-FR00-0001.pem").read_bytes()

SPECIMEN_FIELDS = {
    "6J": "2",
    "6K": "9201202004012359123",
    "6L": "01042020",
    "6P": "AUTORISE A TRAVAILLER",
    "6Q": "7503120521",
    "62": "SPECIMEN",
    "63": "BERTHIER SPECIMEN",
    "60": "NATACHA/CORINNE",
    "68": "F",
    "69": "12071973",
    "6A": "BUENOS AIRES",
    "6C": "AR",
    "67": "AR",
    "6U": "145 AVENUE DES SPECIMENS",
    "6W": "75000",
    "6X": "PARIS",
    "6M": "ENFANT ENTRE PAR REGROUPEMENT FAMILIAL",
    "6N": "01052020",
    "6O": "30062020",
    "6Y": "FR",
}


@pytest.fixture(scope="module")
def ants_key():
    return deuxddoc.load_public_key(CERTIFICATE)


@pytest.fixture(scope="module")
def dev_key():
    return deuxddoc.generate_dev_key()


def dev_header(**overrides):
    values = {
        "authority_id": "ZZ00",
        "certificate_id": "0001",
        "issue_date": datetime.date(2025, 3, 14),
        "signature_date": datetime.date(2025, 3, 15),
    }
    return Header(**(values | overrides))


# --- The ANTS specimen -----------------------------------------------------------------------


def test_specimen_header():
    header = deuxddoc.parse(SPECIMEN).header
    assert header.version == "04"
    assert header.authority_id == "FR00"
    assert header.certificate_id == "0001"
    assert header.issue_date == datetime.date(2020, 4, 6)  # 1CE9
    assert header.signature_date == datetime.date(2020, 6, 3)  # 1D23
    assert (header.doc_type, header.perimeter, header.country) == ("13", "01", "FR")
    assert header.encode() == "DC04FR0000011CE91D231301FR"


def test_specimen_fields_in_order():
    decoded = deuxddoc.parse(SPECIMEN)
    assert list(decoded.fields.items()) == list(SPECIMEN_FIELDS.items())
    assert decoded.truncated == frozenset()
    assert decoded.signed == SPECIMEN.split(US.encode())[0]
    assert len(decoded.signature) == 64


def test_specimen_signature_verifies_with_the_ants_test_certificate(ants_key):
    assert deuxddoc.has_valid_signature(deuxddoc.parse(SPECIMEN), ants_key)


def test_specimen_is_parsed_from_str_and_from_zxing_escaped_text(ants_key):
    text = SPECIMEN.decode("ascii")
    escaped = text.replace(GS, "<GS>").replace(US, "<US>")
    for form in (text, escaped, text + "\n"):
        decoded = deuxddoc.parse(form)
        assert decoded.fields == SPECIMEN_FIELDS
        assert deuxddoc.has_valid_signature(decoded, ants_key)


def test_reencoding_the_specimen_gives_the_same_bytes():
    decoded = deuxddoc.parse(SPECIMEN)
    message = deuxddoc.encode_message(decoded.fields)
    assert (decoded.header.encode() + message).encode("ascii") == decoded.signed


def test_specimen_signature_rejects_any_changed_byte(ants_key):
    decoded = deuxddoc.parse(SPECIMEN)
    for index, byte in enumerate(decoded.signed):
        changed = bytearray(decoded.signed)
        changed[index] = ord("A") if byte != ord("A") else ord("B")
        assert not deuxddoc.has_valid_signature(
            dataclasses.replace(decoded, signed=bytes(changed)), ants_key
        )


def test_specimen_text_with_one_changed_character_is_rejected(ants_key):
    text = SPECIMEN.decode("ascii")
    signed_length = text.index(US)
    for index in range(signed_length):
        replacement = "7" if text[index] != "7" else "8"
        altered = text[:index] + replacement + text[index + 1 :]
        try:
            decoded = deuxddoc.parse(altered)
        except ValueError:
            continue  # no longer well formed: refused before the signature
        assert not deuxddoc.has_valid_signature(decoded, ants_key), index


def test_specimen_with_changed_authority_or_name_is_refused(ants_key):
    text = SPECIMEN.decode("ascii")
    for before, after in (("DC04FR00", "DC04FR01"), ("62SPECIMEN", "62SPECIMAN")):
        decoded = deuxddoc.parse(text.replace(before, after, 1))
        assert not deuxddoc.has_valid_signature(decoded, ants_key)


def test_specimen_signature_does_not_verify_with_another_key(dev_key):
    assert not deuxddoc.has_valid_signature(deuxddoc.parse(SPECIMEN), dev_key.public_key())


# --- Header ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, text",
    [
        (datetime.date(2000, 1, 1), "0000"),
        (datetime.date(2020, 4, 6), "1CE9"),
        (datetime.date(2020, 6, 3), "1D23"),
        (None, "FFFF"),
    ],
)
def test_header_dates(day, text):
    assert deuxddoc.date_to_hex(day) == text
    assert deuxddoc.hex_to_date(text) == day


def test_header_rejects_bad_values():
    with pytest.raises(ValueError):
        dev_header(authority_id="ZZ0")
    with pytest.raises(ValueError):
        dev_header(issue_date=datetime.date(1999, 12, 31))
    with pytest.raises(ValueError, match="version"):
        Header.from_text("DC03FR0000011CE91D231301FR")


# --- Separator rules -------------------------------------------------------------------------


def fields_with(**overrides):
    return SPECIMEN_FIELDS | overrides


def test_fixed_length_value_has_no_separator():
    message = deuxddoc.encode_message({"68": "F", "69": "12071973"} | SPECIMEN_FIELDS)
    assert message.startswith("68F6912071973")


def test_short_variable_value_ends_with_gs_but_not_when_last():
    fields = {"6A": "BUENOS AIRES"} | SPECIMEN_FIELDS
    del fields["6Y"]
    fields["6X"] = fields.pop("6X")  # a variable-length field last
    message = deuxddoc.encode_message(fields)
    assert message.startswith("6ABUENOS AIRES" + GS)
    assert message.endswith("6XPARIS")


def test_value_at_max_length_has_no_separator():
    message = deuxddoc.encode_message({"6Q": "1234567890"} | SPECIMEN_FIELDS | {"6Q": "1234567890"})
    assert message.startswith("6Q12345678906J2")


def test_empty_mandatory_variable_value_is_a_lone_gs():
    message = deuxddoc.encode_message({"60": ""} | SPECIMEN_FIELDS | {"60": ""})
    assert message.startswith("60" + GS + "6J")
    assert deuxddoc._parse_message(message)[0]["60"] == ""


def test_too_long_value_is_truncated_and_ends_with_rs():
    long_name = "A" * 39
    message = deuxddoc.encode_message({"62": long_name} | SPECIMEN_FIELDS | {"62": long_name})
    assert message.startswith("62" + "A" * 38 + RS + "6J")
    fields, truncated = deuxddoc._parse_message(message)
    assert fields["62"] == "A" * 38
    assert truncated == {"62"}


@pytest.mark.parametrize(
    ("di", "value", "expected"),
    [
        ("6A", "SAINT JEAN DE LA RUINE EN BASSE NORMANDIE", "SAINT JEAN DE LA RUINE EN BASSE"),
        (
            "6U",
            "12 BIS AVENUE DU MARECHAL DE LATTRE DE TASSIGNY",
            "12 BIS AVENUE DU MARECHAL DE LATTRE DE",
        ),
        (
            "60",
            "MARIA/FERNANDA/ALEJANDRA/CONCEPCION/GUADALUPE/ESPERANZA/ROSARIO",
            "MARIA/FERNANDA/ALEJANDRA/CONCEPCION/GUADALUPE/ESPERANZA",
        ),
        ("6X", "A" * 40, "A" * 32),  # one word longer than the field: no boundary to cut on
        ("6X", "SAINT DENIS EN BUGEY ET VAL DE SAONE", "SAINT DENIS EN BUGEY ET VAL DE"),
    ],
)
def test_a_too_long_free_text_is_cut_on_a_word_boundary(di, value, expected):
    message = deuxddoc.encode_message({di: value} | SPECIMEN_FIELDS | {di: value})
    assert message.startswith(di + expected + RS)
    fields, truncated = deuxddoc._parse_message(message)
    assert fields[di] == expected
    assert truncated == {di}
    assert len(expected) <= deuxddoc.TYPE_13_FIELDS[di].max_length


def test_truncated_last_value_keeps_its_rs():
    fields = dict(SPECIMEN_FIELDS)
    del fields["6Y"]
    fields["6X"] = fields.pop("6X") + " CEDEX" * 10
    message = deuxddoc.encode_message(fields)
    assert message.endswith(RS)
    assert deuxddoc._parse_message(message)[1] == {"6X"}


@pytest.mark.parametrize(
    "change, error",
    [
        ({"6K": "920120200401235912"}, "6K"),  # fixed length 19
        ({"6K": "920120200401235912A"}, "6K"),  # digits
        ({"6L": "31022020"}, "6L"),  # no such day
        ({"6L": "2020-04-01"}, "6L"),
        ({"69": "00131973"}, "69"),
        ({"67": "ARG"}, "67"),
        ({"68": "X"}, "68"),
        ({"6J": "4"}, "6J"),
        ({"62": "SPÉCIMEN"}, "62"),  # callers transliterate
        ({"62": "SPECIMEN" + GS}, "62"),
        ({"65": "XX"}, "65"),  # forbidden
        ({"6F": "XX"}, "6F"),  # forbidden
        ({"ZZ": "X"}, "ZZ"),  # unknown
        ({"66": "X"}, "66"),  # optional, format not documented
    ],
)
def test_invalid_values_are_refused(change, error):
    with pytest.raises(ValueError, match=error):
        deuxddoc.encode_message(fields_with(**change))


@pytest.mark.parametrize("di", ["60", "62", "63", "67", "69", "6J", "6K", "6L", "6Q", "6W"])
def test_missing_mandatory_field_is_refused(di):
    fields = dict(SPECIMEN_FIELDS)
    del fields[di]
    with pytest.raises(ValueError, match=f"{di} .*obligatoire"):
        deuxddoc.encode_message(fields)


def test_unknown_birth_day_and_month_are_accepted():
    for value in ("00001973", "00071973"):
        deuxddoc.encode_message(fields_with(**{"69": value}))


# --- Transliteration -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Éloïse Çağlar", "ELOISE CAGLAR"),
        ("Œdipe Æsir Straße", "OEDIPE AESIR STRASSE"),
        ("N'Diaye-O’Brien", "N DIAYE O BRIEN"),
        ("12 rue de l'Église, Bât. 3/B", "12 RUE DE L EGLISE BAT 3/B"),
        ("  Jean   --  Pierre  ", "JEAN PIERRE"),
        ("ABC\u202eFED\u202c", "ABCFED"),  # RTL override dropped, not shown reversed
        ("A\x1dB\x1eC\x1fD\n", "ABCD"),  # separators can never be smuggled in
        ("ﬁlière Ø", "FILIERE O"),
        ("Мария", ""),
    ],
)
def test_transliterate(raw, expected):
    assert deuxddoc.transliterate(raw) == expected
    assert deuxddoc.transliterate(expected) == expected


def test_ten_kilobyte_name_is_truncated_to_max_length(dev_key):
    name = deuxddoc.transliterate("Àbcdé d'Ïle " * 850)
    assert len(name) > 10_000
    text = deuxddoc.build(dev_header(), fields_with(**{"62": name, "63": name}), dev_key)
    decoded = deuxddoc.parse(text)
    assert decoded.fields["62"] == "ABCDE D ILE ABCDE D ILE ABCDE D ILE"  # not "... AB"
    assert decoded.truncated == {"62", "63"}
    assert deuxddoc.has_valid_signature(decoded, dev_key.public_key())


# --- Signing and keys ------------------------------------------------------------------------


def test_build_parse_verify_roundtrip(dev_key):
    text = deuxddoc.build(dev_header(), SPECIMEN_FIELDS, dev_key)
    head, signature = text.split(US)
    assert head.startswith("DC04ZZ000001")
    assert len(signature) == 103 and "=" not in signature
    decoded = deuxddoc.parse(text)
    assert decoded.header == dev_header()
    assert decoded.fields == SPECIMEN_FIELDS
    assert deuxddoc.has_valid_signature(decoded, dev_key.public_key())
    assert not deuxddoc.has_valid_signature(decoded, deuxddoc.generate_dev_key().public_key())


def test_key_helpers_roundtrip(dev_key):
    private = deuxddoc.load_private_key(deuxddoc.private_key_to_pem(dev_key).decode())
    public = deuxddoc.load_public_key(deuxddoc.public_key_to_pem(dev_key.public_key()))
    text = deuxddoc.build(dev_header(), SPECIMEN_FIELDS, private)
    assert deuxddoc.has_valid_signature(deuxddoc.parse(text), public)


def test_only_p256_keys_are_accepted():
    p384 = ec.generate_private_key(ec.SECP384R1())
    with pytest.raises(ValueError, match="P-256"):
        deuxddoc.load_private_key(deuxddoc.private_key_to_pem(p384))
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with pytest.raises(ValueError):
        deuxddoc.load_public_key(deuxddoc.public_key_to_pem(rsa_key.public_key()))


@pytest.mark.parametrize(
    "text",
    [
        "DC04FR0000011CE91D231301FR6J2",  # no signature
        SPECIMEN.decode()[:-1],  # signature one character short
        SPECIMEN.decode().replace("231301FR", "231501FR", 1),  # type 15 is not ours
        SPECIMEN.decode().replace("6J2", "652", 1),  # forbidden data identifier
        SPECIMEN.decode() + US + "A" * 103,
    ],
)
def test_malformed_codes_are_refused(text):
    with pytest.raises(ValueError):
        deuxddoc.parse(text)


# --- Random payloads through a DataMatrix symbol ---------------------------------------------

SOUP = "abcdefghijklmnopqrstuvwxyz" + "éèêëàâäîïôöûüùçœæß" + "ÉÈÀÇŒÆ" + "'’- " * 3


def random_text(rng, max_length, full):
    raw = "".join(rng.choice(SOUP) for _ in range(max_length * 3 + 5))
    value = deuxddoc.transliterate(raw) or "X"
    while len(value) < max_length:
        value += " " + value
    length = max_length if full else rng.randint(0, max_length)
    return value[:length]


def random_date(rng):
    day = datetime.date(1930, 1, 1) + datetime.timedelta(days=rng.randrange(45_000))
    return deuxddoc.jjmmaaaa(day)


def random_given_names(rng, full):
    names = "/".join(random_text(rng, 19, full) for _ in range(rng.randint(1, 3)))
    if full:
        names = (names + "/" + random_text(rng, 60, True))[:60]
    return names


def random_payload(rng, full):
    digits, letters = string.digits, string.ascii_uppercase
    fields = {
        "6J": rng.choice("123"),
        "6K": "".join(rng.choices(digits, k=19)),
        "6L": random_date(rng),
        "6P": random_text(rng, 40, full),
        "6Q": "".join(rng.choices(digits, k=10 if full else rng.randint(0, 10))),
        "62": random_text(rng, 38, full),
        "63": random_text(rng, 38, full),
        "60": random_given_names(rng, full),
        "61": random_text(rng, 20, full),
        "68": rng.choice("MF"),
        "69": random_date(rng) if rng.random() > 0.1 else "0000" + random_date(rng)[4:],
        "6A": random_text(rng, 32, full),
        "6C": "".join(rng.choices(letters, k=2)),
        "67": "".join(rng.choices(letters, k=2)),
        "6U": random_text(rng, 38, full),
        "6W": "".join(rng.choices(digits, k=5)),
        "6X": random_text(rng, 32, full),
        "6M": random_text(rng, 40, full),
        "6N": random_date(rng),
        "6O": random_date(rng),
        "6R": "".join(rng.choices(digits + letters, k=12)),
        "6Y": "".join(rng.choices(letters, k=2)),
    }
    for optional in ("61", "6M", "6N", "6O", "6R", "6Y"):
        if not full and rng.random() < 0.3:
            del fields[optional]
    items = list(fields.items())
    if rng.random() < 0.5:
        rng.shuffle(items)
    return dict(items)


def datamatrix_roundtrip(text):
    import zxingcpp

    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.DataMatrix, force_square=True)
    image = zxingcpp.write_barcode_to_image(barcode, scale=2)
    assert image.shape[0] == image.shape[1]  # ECC200 square symbol
    result = zxingcpp.read_barcode(
        image, formats=zxingcpp.BarcodeFormat.DataMatrix, text_mode=zxingcpp.TextMode.Plain
    )
    assert result is not None
    return result.text


def test_random_payloads_roundtrip_through_datamatrix(dev_key):
    rng = random.Random(20250314)
    public_key = dev_key.public_key()
    for index in range(1000):
        full = index % 2 == 0  # every other payload has every field at its maximum length
        fields = random_payload(rng, full)
        header = dev_header(issue_date=datetime.date(2000, 1, 1) + datetime.timedelta(index))
        text = deuxddoc.build(header, fields, dev_key)
        decoded = deuxddoc.parse(text)
        assert decoded.fields == fields
        assert list(decoded.fields) == list(fields)
        assert decoded.header == header
        assert deuxddoc.has_valid_signature(decoded, public_key)
        read = datamatrix_roundtrip(text)
        assert read.encode("ascii") == text.encode("ascii")
        assert deuxddoc.has_valid_signature(deuxddoc.parse(read), public_key)


def test_datamatrix_default_text_mode_is_parsed_too(dev_key):
    import zxingcpp

    text = deuxddoc.build(dev_header(), SPECIMEN_FIELDS, dev_key)
    barcode = zxingcpp.create_barcode(text, zxingcpp.BarcodeFormat.DataMatrix, force_square=True)
    result = zxingcpp.read_barcode(
        zxingcpp.write_barcode_to_image(barcode, scale=2),
        formats=zxingcpp.BarcodeFormat.DataMatrix,
    )
    assert "<GS>" in result.text and "<US>" in result.text
    assert deuxddoc.has_valid_signature(deuxddoc.parse(result.text), dev_key.public_key())


def test_encoder_modules_do_not_import_django():
    import subprocess
    import sys

    code = (
        "import sys, attestations.deuxddoc, attestations.mrz;"
        "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
