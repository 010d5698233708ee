"""The suite: real PostgreSQL and Redis on loopback by default (ANEF_TEST_DB=sqlite for the
embedded-default smoke run)."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "test-only-not-secret-test-only-not-secret-test-only")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_COOKIES", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
os.environ.setdefault("SITE_URL", "http://testserver")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
if os.environ.get("ANEF_TEST_DB") == "sqlite":
    os.environ["DATABASE_URL"] = "sqlite:///var/test.sqlite3"
    os.environ["REDIS_URL"] = ""
else:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres:postgres@127.0.0.1:5432/anef")
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")

from anef.settings.base import *  # noqa: E402,F403
from anef.settings.base import STORAGES  # noqa: E402

DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# One database per test process, so parallel runs on one machine never collide.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": f"test_anef_{os.getpid()}"}  # noqa: F405

# Each test process (xdist worker) has its own key prefix in the shared Redis database, and
# tests/conftest.py clears only its own keys: one worker never resets another's counters.
if "default" in CACHES and CACHES["default"]["BACKEND"].endswith("RedisCache"):  # noqa: F405
    CACHES["default"]["KEY_PREFIX"] = f"anef-test-{os.getpid()}"  # noqa: F405

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
STORAGES["default"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
# A task failing in a test fails the test (production workers retry; `make run` logs it).
CELERY_TASK_EAGER_PROPAGATES = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
ANEF_MOTIFS_SUPPLEMENTAIRES = ["tests.demandes.motif_supplementaire"]

# 2D-DOC: a development key (authority ZZ00) created on first use in a per-process temporary
# directory, never in the repository (attestations/cles.py).
ATTESTATIONS_CLE_PRIVEE = Path(tempfile.gettempdir()) / f"anef-test-2ddoc-{os.getpid()}.pem"

# SMS of the file backend go to a per-process temporary directory, never to var/sms/.
SMS_FILE_PATH = Path(tempfile.gettempdir()) / f"anef-test-sms-{os.getpid()}"
