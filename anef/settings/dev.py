"""Embedded default for `make run`: SQLite, Celery eager, files and mails under var/.

DEBUG is off, as in production, so an error shows the service's DSFR pages and never Django's
debug page; a developer turns it on with `DEBUG=true`. WhiteNoise serves the static files
straight from the apps' folders (finders), with or without DEBUG."""

import os

os.environ.setdefault("SECRET_KEY", "dev-only-not-secret-dev-only-not-secret-dev-only-not-secret")
os.environ.setdefault("ANEF_DEMO", "true")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
os.environ.setdefault("DATABASE_URL", "sqlite:///var/anef.sqlite3")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("SITE_URL", "http://127.0.0.1:8000")
os.environ.setdefault("EMAIL_BACKEND", "notifications.backends.EmlFileBackend")

from anef.settings.base import *  # noqa: E402,F403
from anef.settings.base import BASE_DIR, DATABASES, STORAGES  # noqa: E402

if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["NAME"] = str(BASE_DIR / "var" / "anef.sqlite3")
    DATABASES["default"]["CONN_MAX_AGE"] = 0
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
