"""2D-DOC encoder, signer, parser and verifier for the type 13 attestations ("Document étranger").

Pure module: no Django import, so it is unit-tested on its own and called by the PDF rendering
service with values taken from settings (authority id, certificate id, private key).

Layout (C40 perimeter, header version 04), as the project's 2D-DOC notes (2DDOC.md) state::

    header (26) | message (DI + value ...) | US 0x1F | signature (Base32, 103 characters)
    \\________ signed bytes (ASCII) _______/

Separator rules applied by `encode_message`, in field order:

- a fixed-length value (min length == max length) is never followed by a separator;
- a variable-length value shorter than its maximum ends with GS 0x1D, except the last field;
- a variable-length value at its maximum length needs no separator;
- a variable-length value *longer* than its maximum is cut at the last word boundary within the
  maximum (`cut_on_word`: a space or "/", never mid-word unless one word fills the field) and
  ends with RS 0x1E (also when it is the last field, so that a reader knows it was truncated).
  This is the choice made here rather than raising: an applicant with a very long name must still
  get an attestation. Fixed-length values of the wrong length, dates that are not JJMMAAAA,
  missing mandatory or present forbidden fields, unknown data identifiers and characters outside
  the C40-safe set (A–Z, 0–9, space, "/") raise `ValueError`: run free text through `transliterate`.
"""

from __future__ import annotations

import base64
import datetime
import enum
import re
import unicodedata
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

GS = "\x1d"  # ends a variable-length value shorter than its maximum
RS = "\x1e"  # ends a truncated value
US = "\x1f"  # ends the message; the signature follows

SIGNATURE_LENGTH = 103  # Base32 of 64 raw bytes (r‖s), "=" padding removed
HEADER_LENGTH = 26  # version 04
EPOCH = datetime.date(2000, 1, 1)
NO_DATE = "FFFF"

# zxing-cpp's default text mode writes the control characters as these literals.
_ESCAPES = {"<GS>": GS, "<RS>": RS, "<US>": US}

_C40_SAFE = re.compile(r"[A-Z0-9 /]*")
_SPECIAL_LETTERS = str.maketrans(
    {"Œ": "OE", "Æ": "AE", "Ø": "O", "Đ": "D", "Ł": "L", "Þ": "TH", "Ð": "D", "ẞ": "SS"}
)


def transliterate(value: str) -> str:
    """Upper-case C40-safe text: A–Z, 0–9, space and "/" only.

    Accents are stripped (É→E, Ç→C), ligatures spelt out (Œ→OE, Æ→AE, ß→SS); control and
    format characters (including bidirectional overrides such as U+202E) are dropped; every other
    character (apostrophe, hyphen, punctuation, non-Latin letters) becomes a space; runs of
    spaces collapse and the ends are stripped. Idempotent.
    """
    text = unicodedata.normalize("NFKD", value)
    text = "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Cc", "Cf"))
    text = text.upper().translate(_SPECIAL_LETTERS)
    text = "".join(c if ("A" <= c <= "Z" or "0" <= c <= "9" or c == "/") else " " for c in text)
    return " ".join(text.split())


# --- Field table -----------------------------------------------------------------------------


class Presence(enum.Enum):
    MANDATORY = "obligatoire"
    OPTIONAL = "facultatif"
    FORBIDDEN = "interdit"


class Format(enum.Enum):
    TEXT = "texte"
    DIGITS = "chiffres"
    DATE = "date"  # JJMMAAAA, a real calendar date
    BIRTH_DATE = "date de naissance"  # JJMMAAAA, unknown day and/or month written 00
    COUNTRY = "pays"  # ISO 3166-1 alpha-2 (XX: stateless)
    GENDER = "genre"  # M / F
    DOCUMENT_KIND = "type de document"  # 1, 2 or 3


@dataclass(frozen=True)
class Field:
    di: str
    name: str
    min_length: int
    max_length: int
    presence: Presence
    format: Format = Format.TEXT

    @property
    def fixed(self) -> bool:
        return self.min_length == self.max_length


_M, _O, _F = Presence.MANDATORY, Presence.OPTIONAL, Presence.FORBIDDEN

TYPE_13_FIELDS: dict[str, Field] = {
    f.di: f
    for f in (
        Field("60", "prenoms", 0, 60, _M),
        Field("61", "prenom_usuel", 0, 20, _O),
        Field("62", "nom_patronymique", 0, 38, _M),
        Field("63", "nom_usage", 0, 38, _M),
        Field("65", "interdit_65", 0, 0, _F),
        Field("66", "non_documente_66", 0, 0, _O),
        Field("67", "nationalite", 2, 2, _M, Format.COUNTRY),
        Field("68", "genre", 1, 1, _M, Format.GENDER),
        Field("69", "date_naissance", 8, 8, _M, Format.BIRTH_DATE),
        Field("6A", "lieu_naissance", 0, 32, _M),
        Field("6C", "pays_naissance", 2, 2, _M, Format.COUNTRY),
        Field("6F", "interdit_6F", 0, 0, _F),
        Field("6J", "type_document", 1, 1, _M, Format.DOCUMENT_KIND),
        Field("6K", "numero_demande", 19, 19, _M, Format.DIGITS),
        Field("6L", "date_depot", 8, 8, _M, Format.DATE),
        Field("6M", "categorie_titre", 0, 40, _O),
        Field("6N", "debut_validite", 8, 8, _O, Format.DATE),
        Field("6O", "fin_validite", 8, 8, _O, Format.DATE),
        Field("6P", "autorisation", 0, 40, _M),
        Field("6Q", "numero_etranger", 0, 10, _M),
        Field("6R", "numero_visa", 12, 12, _O),
        Field("6S", "non_documente_6S", 0, 0, _O),
        Field("6T", "non_documente_6T", 0, 0, _O),
        Field("6U", "adresse", 0, 38, _M),
        Field("6V", "non_documente_6V", 0, 0, _O),
        Field("6W", "code_postal", 5, 5, _M),
        Field("6X", "commune", 0, 32, _M),
        Field("6Y", "pays_domicile", 2, 2, _O, Format.COUNTRY),
    )
}
"""Data identifiers of document type 13. 66, 6S, 6T and 6V are optional in the standard but
their meaning and format are not in 2DDOC.md: they are listed with a maximum length of 0 so that
encoding or reading them fails loudly instead of guessing. 65 and 6F are forbidden."""

DOCUMENT_KINDS = {"1": "depot", "2": "prolongation_instruction", "3": "decision_favorable"}


def jjmmaaaa(value: datetime.date) -> str:
    """A date as the JJMMAAAA text of the 2D-DOC date fields."""
    return value.strftime("%d%m%Y")


def _check_value(spec: Field, value: str) -> None:
    di = spec.di
    if not _C40_SAFE.fullmatch(value):
        raise ValueError(f"{di} ({spec.name}) : caractère hors de A–Z, 0–9, espace, « / »")
    if spec.fixed and len(value) != spec.max_length:
        raise ValueError(f"{di} ({spec.name}) : longueur {len(value)}, {spec.max_length} attendue")
    fmt = spec.format
    if fmt in (Format.DATE, Format.BIRTH_DATE):
        if not value.isdigit():
            raise ValueError(f"{di} ({spec.name}) : date JJMMAAAA attendue")
        day, month, year = int(value[:2]), int(value[2:4]), int(value[4:])
        partial = fmt is Format.BIRTH_DATE and (day == 0 or month == 0)
        if partial:
            if month > 12 or day > 31 or (month == 0 and day != 0) or year == 0:
                raise ValueError(f"{di} ({spec.name}) : date JJMMAAAA invalide")
        else:
            try:
                datetime.date(year, month, day)
            except ValueError:
                raise ValueError(f"{di} ({spec.name}) : date JJMMAAAA invalide") from None
    elif fmt is Format.DIGITS and not value.isdigit():
        raise ValueError(f"{di} ({spec.name}) : chiffres attendus")
    elif fmt is Format.COUNTRY and not re.fullmatch(r"[A-Z]{2}", value):
        raise ValueError(f"{di} ({spec.name}) : code pays ISO alpha-2 attendu")
    elif fmt is Format.GENDER and value not in ("M", "F"):
        raise ValueError(f"{di} ({spec.name}) : M ou F attendu")
    elif fmt is Format.DOCUMENT_KIND and value not in DOCUMENT_KINDS:
        raise ValueError(f"{di} ({spec.name}) : 1, 2 ou 3 attendu")


def cut_on_word(value: str, max_length: int) -> str:
    """`value` cut to `max_length` at the last word boundary (space or "/") that fits, so that
    no word is printed half: « SAINT JEAN DE LA RUINE EN BASSE NORMANDIE » in 32 characters is
    « SAINT JEAN DE LA RUINE EN BASSE ». A single word longer than the field is cut hard."""
    if len(value) <= max_length:
        return value
    if value[max_length] in " /":
        return value[:max_length].rstrip(" /")
    head = value[:max_length]
    boundary = max(head.rfind(" "), head.rfind("/"))
    if boundary <= 0:
        return head
    return head[:boundary].rstrip(" /")


def encode_message(fields: dict[str, str]) -> str:
    """The message part for document type 13, fields in the dict's order (see module doc)."""
    for di, spec in TYPE_13_FIELDS.items():
        if spec.presence is Presence.MANDATORY and di not in fields:
            raise ValueError(f"{di} ({spec.name}) : champ obligatoire absent")
    parts = []
    items = list(fields.items())
    for index, (di, value) in enumerate(items):
        spec = TYPE_13_FIELDS.get(di)
        if spec is None:
            raise ValueError(f"{di} : identifiant de donnée inconnu pour le type 13")
        if spec.presence is Presence.FORBIDDEN:
            raise ValueError(f"{di} : champ interdit pour le type 13")
        if spec.max_length == 0:
            raise ValueError(f"{di} ({spec.name}) : format non documenté, champ non pris en charge")
        truncated = not spec.fixed and len(value) > spec.max_length
        if truncated:
            value = cut_on_word(value, spec.max_length)
        _check_value(spec, value)
        parts.append(di + value)
        last = index == len(items) - 1
        if truncated:
            parts.append(RS)
        elif not spec.fixed and len(value) < spec.max_length and not last:
            parts.append(GS)
    return "".join(parts)


# --- Header ----------------------------------------------------------------------------------


def date_to_hex(value: datetime.date | None) -> str:
    """Days since 2000-01-01 as 4 upper-case hex digits; None (no date) is FFFF."""
    if value is None:
        return NO_DATE
    days = (value - EPOCH).days
    if not 0 <= days < 0xFFFF:
        raise ValueError(f"date hors de la plage du 2D-DOC : {value}")
    return f"{days:04X}"


def hex_to_date(value: str) -> datetime.date | None:
    if not re.fullmatch(r"[0-9A-F]{4}", value):
        raise ValueError(f"date d'en-tête invalide : {value!r}")
    if value == NO_DATE:
        return None
    return EPOCH + datetime.timedelta(days=int(value, 16))


@dataclass(frozen=True)
class Header:
    authority_id: str
    certificate_id: str
    issue_date: datetime.date | None
    signature_date: datetime.date | None
    doc_type: str = "13"
    perimeter: str = "01"
    country: str = "FR"
    version: str = "04"

    def __post_init__(self):
        for name, length in (
            ("authority_id", 4),
            ("certificate_id", 4),
            ("doc_type", 2),
            ("perimeter", 2),
            ("country", 2),
        ):
            value = getattr(self, name)
            if not re.fullmatch(rf"[A-Z0-9]{{{length}}}", value):
                raise ValueError(f"en-tête : {name} invalide ({value!r})")
        if self.version != "04":
            raise ValueError(f"en-tête : version {self.version!r} non prise en charge (04)")
        date_to_hex(self.issue_date)
        date_to_hex(self.signature_date)

    def encode(self) -> str:
        return (
            f"DC{self.version}{self.authority_id}{self.certificate_id}"
            f"{date_to_hex(self.issue_date)}{date_to_hex(self.signature_date)}"
            f"{self.doc_type}{self.perimeter}{self.country}"
        )

    @classmethod
    def from_text(cls, text: str) -> Header:
        if len(text) < HEADER_LENGTH or not text.startswith("DC"):
            raise ValueError("en-tête 2D-DOC absent")
        if text[2:4] != "04":
            raise ValueError(f"en-tête : version {text[2:4]!r} non prise en charge (04)")
        return cls(
            version=text[2:4],
            authority_id=text[4:8],
            certificate_id=text[8:12],
            issue_date=hex_to_date(text[12:16]),
            signature_date=hex_to_date(text[16:20]),
            doc_type=text[20:22],
            perimeter=text[22:24],
            country=text[24:26],
        )


# --- Signature -------------------------------------------------------------------------------


def _require_p256(key) -> None:
    if not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("clé ECDSA P-256 attendue")


def sign(header: Header, message: str, private_key: ec.EllipticCurvePrivateKey) -> str:
    """ECDSA P-256 / SHA-256 over the ASCII bytes of header + message, as Base32 of r‖s."""
    _require_p256(private_key)
    der = private_key.sign((header.encode() + message).encode("ascii"), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def build(header: Header, fields: dict[str, str], private_key: ec.EllipticCurvePrivateKey) -> str:
    """The full 2D-DOC text to put in the DataMatrix: header + message + US + signature."""
    message = encode_message(fields)
    return header.encode() + message + US + sign(header, message, private_key)


# --- Parsing and verification ----------------------------------------------------------------


@dataclass(frozen=True)
class Decoded:
    header: Header
    fields: dict[str, str]
    signed: bytes  # header + message exactly as read: what the signature covers
    signature: bytes  # raw r‖s, 64 bytes
    truncated: frozenset[str] = field(default_factory=frozenset)


def _parse_message(message: str) -> tuple[dict[str, str], frozenset[str]]:
    fields: dict[str, str] = {}
    truncated = set()
    pos = 0
    while pos < len(message):
        di = message[pos : pos + 2]
        spec = TYPE_13_FIELDS.get(di)
        if spec is None or spec.presence is Presence.FORBIDDEN or spec.max_length == 0:
            raise ValueError(f"position {pos} : identifiant de donnée inattendu {di!r}")
        if di in fields:
            raise ValueError(f"{di} : champ répété")
        pos += 2
        if spec.fixed:
            value = message[pos : pos + spec.max_length]
            if len(value) != spec.max_length or GS in value or RS in value:
                raise ValueError(f"{di} ({spec.name}) : valeur de longueur fixe tronquée")
            pos += spec.max_length
        else:
            end = pos
            limit = min(len(message), pos + spec.max_length)
            while end < limit and message[end] not in (GS, RS):
                end += 1
            value = message[pos:end]
            pos = end
            if pos < len(message) and message[pos] in (GS, RS):
                if message[pos] == RS:
                    truncated.add(di)
                pos += 1
        fields[di] = value
    return fields, frozenset(truncated)


def parse(text: str | bytes) -> Decoded:
    """Read a type 13 2D-DOC: raw text (GS/RS/US control characters) or zxing's escaped form
    (literal "<GS>", "<US>"). Raises ValueError when it is not well formed; does not check the
    signature (see `has_valid_signature`) nor the presence of mandatory fields."""
    if isinstance(text, bytes):
        text = text.decode("ascii")
    for escaped, char in _ESCAPES.items():
        text = text.replace(escaped, char)
    text = text.rstrip("\r\n")
    if text.count(US) != 1:
        raise ValueError("séparateur de signature (US) absent ou répété")
    signed_text, signature_text = text.split(US)
    header = Header.from_text(signed_text)
    if header.doc_type != "13":
        raise ValueError(f"type de document {header.doc_type!r} non pris en charge (13)")
    if len(signature_text) != SIGNATURE_LENGTH or not re.fullmatch(r"[A-Z2-7]+", signature_text):
        raise ValueError("signature : 103 caractères Base32 attendus")
    signature = base64.b32decode(signature_text + "=" * (-len(signature_text) % 8))
    fields, truncated = _parse_message(signed_text[HEADER_LENGTH:])
    return Decoded(
        header=header,
        fields=fields,
        signed=signed_text.encode("ascii"),
        signature=signature,
        truncated=truncated,
    )


def has_valid_signature(decoded: Decoded, public_key: ec.EllipticCurvePublicKey) -> bool:
    """Whether the signature of a parsed 2D-DOC matches its signed bytes under this key."""
    _require_p256(public_key)
    if len(decoded.signature) != 64:
        return False
    r = int.from_bytes(decoded.signature[:32], "big")
    s = int.from_bytes(decoded.signature[32:], "big")
    try:
        public_key.verify(encode_dss_signature(r, s), decoded.signed, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


# --- Keys ------------------------------------------------------------------------------------


def generate_dev_key() -> ec.EllipticCurvePrivateKey:
    """A fresh P-256 key pair for development (authority ZZ00): never a trusted key."""
    return ec.generate_private_key(ec.SECP256R1())


def private_key_to_pem(private_key: ec.EllipticCurvePrivateKey) -> bytes:
    return private_key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def public_key_to_pem(public_key: ec.EllipticCurvePublicKey) -> bytes:
    return public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )


def _as_bytes(pem: str | bytes) -> bytes:
    return pem.encode("ascii") if isinstance(pem, str) else pem


def load_private_key(pem: str | bytes, password: bytes | None = None) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(_as_bytes(pem), password=password)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError("clé privée ECDSA attendue")
    _require_p256(key)
    return key


def load_public_key(pem: str | bytes) -> ec.EllipticCurvePublicKey:
    """A public key from a PEM public key or a PEM X.509 certificate (its subject key)."""
    data = _as_bytes(pem)
    if b"-----BEGIN CERTIFICATE-----" in data:
        key = x509.load_pem_x509_certificate(data).public_key()
    else:
        key = serialization.load_pem_public_key(data)
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise ValueError("clé publique ECDSA attendue")
    _require_p256(key)
    return key
