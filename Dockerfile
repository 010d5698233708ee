# anef — one image for web (gunicorn), worker and beat (Celery), and the migrate one-shot.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=anef.settings.base

# WeasyPrint's native libraries (Pango, HarfBuzz subsetting) and the fonts the PDFs use.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Dependencies first, exactly as tested (pinned with hashes), so code changes do not
# reinstall them.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock

COPY . .

# Hashed, compressed static files for WhiteNoise. base.py needs SECRET_KEY and DATABASE_URL to
# load: dummy values, used for this command only (no database is opened).
RUN SECRET_KEY=build-only-not-secret \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 \
    python manage.py collectstatic --noinput \
    && rm -f /tmp/build.sqlite3

RUN useradd --system --uid 10001 --gid nogroup --home-dir /app --no-create-home anef \
    && mkdir -p /app/var/media /app/var/mail /app/var/cles \
    && chown -R anef:nogroup /app/var
USER anef

EXPOSE 8000
# No access log: URLs carry signed tokens and client addresses are personal data.
CMD ["gunicorn", "anef.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
