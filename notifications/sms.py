"""The SMS gateway: `passerelle()` returns the backend named by the SMS_BACKEND setting.

- `FichierBackend` (default): one text file per SMS under SMS_FILE_PATH (var/sms/), like mails
  under var/mail/ in development.
- `HttpBackend`: a provider's HTTP API, configured by environment (SMS_HTTP_URL, SMS_HTTP_TOKEN,
  SMS_HTTP_SENDER, SMS_HTTP_TIMEOUT). It POSTs JSON {"from", "to", "text"} with a bearer token.

A failure raises an OSError (SmsErreur, or the socket's own error or timeout): the delivery task
counts it and retries with backoff."""

import json
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string


class SmsErreur(OSError):
    """The provider refused or failed the message."""


def passerelle():
    return import_string(settings.SMS_BACKEND)()


class FichierBackend:
    def envoyer(self, *, destinataire: str, texte: str) -> None:
        directory = Path(settings.SMS_FILE_PATH)
        directory.mkdir(parents=True, exist_ok=True)
        name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.txt"
        (directory / name).write_text(f"To: {destinataire}\n\n{texte}\n", encoding="utf-8")


class HttpBackend:
    def __init__(self):
        if not settings.SMS_HTTP_URL:
            raise SmsErreur("SMS_HTTP_URL non configurée")
        self.url = settings.SMS_HTTP_URL
        self.token = settings.SMS_HTTP_TOKEN
        self.expediteur = settings.SMS_HTTP_SENDER
        self.timeout = settings.SMS_HTTP_TIMEOUT

    def envoyer(self, *, destinataire: str, texte: str) -> None:
        corps = json.dumps({"from": self.expediteur, "to": destinataire, "text": texte})
        requete = urllib.request.Request(
            self.url,
            data=corps.encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {self.token}",
            },
        )
        try:
            with urllib.request.urlopen(requete, timeout=self.timeout) as reponse:  # noqa: S310
                reponse.read()
        except urllib.error.HTTPError as exc:
            exc.close()
            # The status only: the provider's body may echo the number or the text.
            raise SmsErreur(f"HTTP {exc.code}") from None
