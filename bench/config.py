"""Fixed parameters of a bench run: database, environment, load bounds and targets."""

import os
import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"

HOST = "127.0.0.1"  # the only host the load generator ever talks to
# Overridable so that two checkouts can bench at the same time on one PostgreSQL.
DB_NAME = os.environ.get("ANEF_BENCH_DB", "anef_bench")
PG_ADMIN_DSN = "host=127.0.0.1 port=5432 user=postgres password=postgres dbname=postgres"
DATABASE_URL = f"postgres://postgres:postgres@127.0.0.1:5432/{DB_NAME}"
REDIS_URL = "redis://127.0.0.1:6379/13"

# The floor page (bench.plancher), mounted only by the bench's URLconf (bench.urls).
FLOOR_PATH = "/__bench__/plancher/"

PASSWORD = "Bench#2026pass"  # meets AnefPasswordPolicyValidator
USERS = 20  # applicant accounts, one per virtual user

# Load bounds per scenario, whichever is reached first.
MAX_REQUESTS = 2000
MAX_SECONDS = 30.0
WARMUP_REQUESTS_PER_USER = 5

# Targets (per page, under load): pages, on the client-observed latency.
TARGET_MEDIAN_MS = 20.0
TARGET_P95_MS = 60.0
# Issue 4: a wizard step GET and POST, server-side (Server-Timing), at 20 concurrent users.
TARGET_WIZARD_MEDIAN_MS = 30.0
TARGET_WIZARD_P95_MS = 80.0
MAX_QUERIES_PER_STEP = 10
# Issue 4: receiving a 10 MB upload grows the web process's peak memory by less than this.
TARGET_UPLOAD_PEAK_GROWTH_MB = 20.0
UPLOAD_WARMUP_REQUESTS = 5


def production_env(static_root: Path, media_root: Path) -> dict[str, str]:
    """What anef.settings.base reads (through bench.settings, which only adds the floor page),
    set for a loopback-only production-like run."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.settings",  # anef.settings.base + the floor page
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "ALLOWED_HOSTS": HOST,
        "DEBUG": "false",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(media_root),  # uploads of the bench, deleted with the run's files
    }
