"""Production settings: every value comes from the environment (see README, "Configuration").

`dev.py` and `test.py` only change the defaults; nothing exists only in production.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

SECRET_KEY = env("SECRET_KEY")
# Previous keys, still accepted for signatures while sessions and links issued with them expire.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
DEBUG = env.bool("DEBUG", default=False)
# Demo deployment (`make run`): lets seed_demo and seed_demo_demandes create accounts with known
# passwords and demo e-photo codes. Never on a deployment holding real data.
ANEF_DEMO = env.bool("ANEF_DEMO", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="https://localhost")

INSTALLED_APPS = [
    "anef.apps.AnefAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "widget_tweaks",
    "dsfr",
    # After dsfr: its widget templates (radio, checkbox options) override Django's own.
    "django.forms",
    "axes",
    "simple_history",
    "phonenumber_field",
    "django_countries",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "notifications",
    "demandes",
    "justificatifs",
    "instruction",
    "attestations",
]

MIDDLEWARE = [
    "anef.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "anef.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.MotDePasseProvisoireMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    # Back-office pages only: their SQL runs under a statement_timeout (instruction/middleware.py).
    "instruction.middleware.DelaiRequetesMiddleware",
]
# A back-office query running longer than this is cancelled; the agent gets a message page.
BACK_OFFICE_STATEMENT_TIMEOUT_MS = 5000

ROOT_URLCONF = "anef.urls"
WSGI_APPLICATION = "anef.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "anef.context_processors.site",
                "notifications.context_processors.cloche",
                "justificatifs.context_processors.limites",
            ],
        },
    },
]
FORM_RENDERER = "anef.form_renderer.FastWidgetsTemplatesSetting"

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
# Redis down or hung must cost a request at most a few seconds, never a gunicorn kill at 30 s:
# every socket to it has a short timeout (seconds), for the cache and for the Celery broker.
REDIS_TIMEOUT = env.float("REDIS_TIMEOUT", default=0.5)
if REDIS_URL:
    CACHES = {
        "default": {
            # RedisCache that answers a miss when Redis fails, and stops asking it for a few
            # seconds after a failure (anef/cache.py: who fails open, who fails closed).
            "BACKEND": "anef.cache.DegradableRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "anef",
            "OPTIONS": {
                "socket_connect_timeout": REDIS_TIMEOUT,
                "socket_timeout": REDIS_TIMEOUT,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Celery -------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
# Publishing fails fast when the broker is down or hung: short socket timeouts, no retry to
# open the channel (transport `max_retries`), no publish retries. The web process logs the
# failure and answers anyway; the beat relay (below) hands the mail to a worker a minute later
# (anef/publication.py). Workers keep Celery's own reconnection loop (broker_connection_retry,
# broker_connection_max_retries: defaults) and wait for the broker at startup.
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": REDIS_TIMEOUT,
    "socket_timeout": REDIS_TIMEOUT,
    "max_retries": 0,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = env.int("CELERY_WORKER_MAX_TASKS_PER_CHILD", default=200)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/Paris"
# Outbox rows (mails, deposit follow-ups) not done this many seconds after their creation are
# handed to a worker again by the beat relay, which runs every OUTBOX_RELAIS_PERIODE seconds.
# A minute in production; the fault harness (bench/faults) shortens both.
OUTBOX_RELAIS_APRES = env.float("OUTBOX_RELAIS_APRES", default=60.0)
OUTBOX_RELAIS_PERIODE = env.float("OUTBOX_RELAIS_PERIODE", default=60.0)
CELERY_BEAT_SCHEDULE = {
    # A mail whose hand-over to the broker failed at commit (broker down) leaves a minute later.
    "relancer-courriels-non-remis": {
        "task": "notifications.tasks.courriels_relancer",
        "schedule": timedelta(seconds=OUTBOX_RELAIS_PERIODE),
        "kwargs": {"statut": "a_envoyer"},
    },
    # A deposit whose follow-up was never published (broker down or hung at commit), or whose
    # worker died: handed over again (demandes.tasks.suites_relancer).
    "relancer-suites-de-depot": {
        "task": "demandes.tasks.suites_relancer",
        "schedule": timedelta(seconds=OUTBOX_RELAIS_PERIODE),
    },
    # A mail still failing after its own retries: every 10 minutes, not every minute.
    "relancer-courriels-en-echec": {
        "task": "notifications.tasks.courriels_relancer",
        "schedule": timedelta(minutes=10),
        "kwargs": {"statut": "echec"},
    },
    "relancer-sms-non-remis": {
        "task": "notifications.tasks.sms_relancer",
        "schedule": timedelta(minutes=1),
        "kwargs": {"statut": "a_envoyer"},
    },
    "relancer-sms-en-echec": {
        "task": "notifications.tasks.sms_relancer",
        "schedule": timedelta(minutes=10),
        "kwargs": {"statut": "echec"},
    },
    # Complements: closure after 30 days unanswered, reminders (instruction.echeances). Due
    # work is read from the database each run; a second run or a second beat changes nothing.
    "echeances-instruction": {
        "task": "instruction.tasks.echeances_traiter",
        "schedule": timedelta(minutes=15),
    },
}

# --- Authentication ---------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: a locked-out identifier is refused before any password hash is computed.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.AnefPasswordPolicyValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:connexion"
LOGIN_REDIRECT_URL = "demandes:mon_compte"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 24 * 3600
ACCOUNT_LINK_MAX_AGE = timedelta(hours=24)

# Back-office second factor (django-otp): the name the authenticator application shows, and
# the throttle after a wrong code (the wait doubles from 1 s with each failure, per device).
OTP_TOTP_ISSUER = "ANEF-séjour back-office"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.lockout.username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.auth.lockout_response"
AXES_CLIENT_STR_CALLABLE = "accounts.lockout.client_str"
AXES_CLIENT_IP_CALLABLE = "anef.reseau.client_ip"
# `Server-Timing` on every response, for the load bench only: off in production, it would
# hand out the time each request took (a timing oracle).
SERVER_TIMING = env.bool("SERVER_TIMING", default=False)

# Abuse limits of the public account forms (issue 9), per rolling hour of the first use.
# Account creation: wrong number/date guesses per document number and per client address; past
# either, the creation form answers 429 until the hour ends.
ACCOUNT_CREATION_FAILURES_PER_NUMBER = env.int("ACCOUNT_CREATION_FAILURES_PER_NUMBER", default=5)
ACCOUNT_CREATION_FAILURES_PER_ADDRESS = env.int("ACCOUNT_CREATION_FAILURES_PER_ADDRESS", default=20)
# Account mails: past these caps further mails are silently not sent (the page says the same).
ACCOUNT_MAILS_PER_RECIPIENT = env.int("ACCOUNT_MAILS_PER_RECIPIENT", default=5)
ACCOUNT_RESETS_PER_IDENTIFIER = env.int("ACCOUNT_RESETS_PER_IDENTIFIER", default=3)
ACCOUNT_CREATION_MAILS_PER_DOCUMENT = env.int("ACCOUNT_CREATION_MAILS_PER_DOCUMENT", default=3)
ACCOUNT_LIMITS_WINDOW = timedelta(hours=1)

# Back-office history (django-simple-history) is an audit trail: no "revert" from the admin,
# changes go through the forms and services.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Number of reverse proxies in front of the web process that append to X-Forwarded-For.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Sessions: re-authentication after 30 minutes idle and 12 hours in all.
# Database sessions: a Redis outage must not log everyone out or turn pages into 500s (the
# cached_db engine writes the cache unguarded when it falls back to the database).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_IDLE_TIMEOUT = timedelta(minutes=30)
SESSION_ABSOLUTE_TIMEOUT = timedelta(hours=12)
# A signed-in page warns this long before the idle timeout and offers « Rester connecté ».
SESSION_EXPIRY_WARNING = timedelta(minutes=2)
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Transport security ----------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
PHONENUMBER_DEFAULT_REGION = "FR"

# --- Files --------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")

AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL", default=None)
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME", default=None)
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID", default=None)
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY", default=None)
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_FILE_OVERWRITE = False
    DEFAULT_FILE_STORAGE_BACKEND = "storages.backends.s3.S3Storage"
else:
    DEFAULT_FILE_STORAGE_BACKEND = "django.core.files.storage.FileSystemStorage"
STORAGES = {
    "default": {"BACKEND": DEFAULT_FILE_STORAGE_BACKEND},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# Seconds an SMTP socket waits (connect, each answer): a hung relay fails the try, not the worker.
EMAIL_TIMEOUT = env.float("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Étrangers en France <ne-pas-repondre@interieur.gouv.fr>"
)
EMAIL_FILE_PATH = VAR_DIR / "mail"

# --- SMS (notifications/sms.py) and delivery -------------------------------------------------
SMS_BACKEND = env("SMS_BACKEND", default="notifications.sms.FichierBackend")
SMS_FILE_PATH = VAR_DIR / "sms"
SMS_HTTP_URL = env("SMS_HTTP_URL", default="")
SMS_HTTP_TOKEN = env("SMS_HTTP_TOKEN", default="")
SMS_HTTP_SENDER = env("SMS_HTTP_SENDER", default="ANEF")
SMS_HTTP_TIMEOUT = env.float("SMS_HTTP_TIMEOUT", default=5)
# Failed tries after which a mail or an SMS stops (« échec définitif », relaunched in the admin).
LIVRAISON_TENTATIVES_MAX = env.int("LIVRAISON_TENTATIVES_MAX", default=8)

# --- Logging: never personal data (see tests/test_securite.py) -------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes announces itself at INFO in every process, commands included.
    "loggers": {"axes": {"level": "WARNING"}},
}

CSRF_FAILURE_VIEW = "anef.views.csrf_failure"

# --- Justificatifs ---
# Uploads: a file over 1 MB is received into a temporary file on disk (FILE_UPLOAD_TEMP_DIR,
# default: the system's), and any file is cut off past 10 MB (justificatifs/upload_handlers.py).
FILE_UPLOAD_HANDLERS = [
    "justificatifs.upload_handlers.TailleMaxUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_TEMP_DIR = env("FILE_UPLOAD_TEMP_DIR", default=None)
FILE_UPLOAD_PERMISSIONS = 0o600

# --- Attestations ---
# 2D-DOC signing (docs/attestations.md, "Clés"): certification authority id, certificate id (the
# CN of the signing certificate) and the PEM private key file. The embedded default is a
# development key (authority ZZ00) created by `manage.py attestations_keys`, or on first use;
# every document it signs carries a visible « SPECIMEN — sans valeur » mark.
ATTESTATIONS_AUTORITE = env("ATTESTATIONS_AUTORITE", default="ZZ00")
ATTESTATIONS_CERTIFICAT = env("ATTESTATIONS_CERTIFICAT", default="0001")
ATTESTATIONS_CLE_PRIVEE = env.path(
    "ATTESTATIONS_CLE_PRIVEE", default=VAR_DIR / "cles" / "2ddoc-dev.pem"
)
ATTESTATIONS_SPECIMEN = env.bool("ATTESTATIONS_SPECIMEN", default=ATTESTATIONS_AUTORITE == "ZZ00")
# Verification page: at most this many verifications per client address per 10 minutes.
ATTESTATIONS_VERIFICATIONS_MAX = env.int("ATTESTATIONS_VERIFICATIONS_MAX", default=20)
# A worker process is replaced once its resident memory passes this many KiB (WeasyPrint
# keeps caches); the render task has its own soft/hard time limits (attestations/tasks.py).
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=400_000)
# WeasyPrint and fontTools narrate every render at INFO: keep their warnings only.
LOGGING["loggers"].update({"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}})
