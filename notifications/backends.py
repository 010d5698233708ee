"""Development mail backend: one readable .eml file per message under EMAIL_FILE_PATH."""

import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = Path(settings.EMAIL_FILE_PATH)
        directory.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            (directory / name).write_bytes(message.message().as_bytes(linesep="\n"))
        return len(email_messages)
