"""Signed, expiring links sent by e-mail."""

from django.conf import settings
from django.core import signing
from django.utils.crypto import salted_hmac

INSCRIPTION_SALT = "accounts.inscription"
EMAIL_CHANGE_SALT = "accounts.email-change"


class LienExpire(Exception):
    pass


class LienInvalide(Exception):
    pass


def make(payload: dict, *, salt: str) -> str:
    return signing.dumps(payload, salt=salt, compress=True)


def read(token: str, *, salt: str) -> dict:
    max_age = settings.ACCOUNT_LINK_MAX_AGE
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LienExpire from exc
    except signing.BadSignature as exc:
        raise LienInvalide from exc


def digest(value: str) -> str:
    """A short keyed digest, to bind a link to a value without showing the value in the URL."""
    return salted_hmac("accounts.tokens.digest", value, algorithm="sha256").hexdigest()[:32]
