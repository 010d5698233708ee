# anef — two commands: `make run` (embedded default) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test lint bench faults install lock services clean

# Exactly what was tested: every package pinned with its hashes (requirements-dev.lock, made
# from pyproject.toml by `make lock`). Installs nothing into the work tree.
$(STAMP): requirements-dev.lock
	@command -v $(PYTHON) >/dev/null || PYTHON=python3; \
	test -x $(BIN)/python || $${PYTHON:-$(PYTHON)} -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r requirements-dev.lock
	touch $(STAMP)

install: $(STAMP)

# Embedded default: SQLite, Celery eager, files under var/, mails as .eml under var/mail/.
# DEBUG is off (DSFR error pages, as in production; `DEBUG=true make run` for the debug page):
# WhiteNoise serves the static files, runserver does not need --insecure.
run: $(STAMP)
	mkdir -p var/mail var/sms var/media
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py seed_demo_demandes
	$(BIN)/python manage.py runserver 127.0.0.1:8000

services:
	bash .ci/services.sh

# The whole suite on PostgreSQL + Redis (real services), then the SQLite smoke journey.
test: $(STAMP) services
	mkdir -p var
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "not sqlite"
	ANEF_TEST_DB=sqlite $(BIN)/python -m pytest -p no:xdist -m sqlite

lint: $(STAMP)
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/djlint templates $(wildcard */templates) --lint
	$(BIN)/python manage.py makemigrations --check --dry-run

bench: $(STAMP) services
	$(BIN)/python -m bench
	$(BIN)/python -m bench.attestations_2ddoc
	$(BIN)/python -m bench.attestations_rendu
	$(BIN)/python -m bench.instruction --remplir

# Issue 11 §5: faults (Redis down/hung, SMTP down, kill -9, relay crash, PostgreSQL restart)
# against real processes it starts on its own ports (a private PostgreSQL cluster, a
# redis-server, an SMTP sink, gunicorn, a Celery worker and beat). A few minutes.
faults: $(STAMP)
	$(BIN)/python -m bench.faults

# Re-pin after editing pyproject.toml: pip-tools in a throwaway virtualenv, hashes from PyPI.
lock:
	rm -rf var/lockenv && $(PYTHON) -m venv var/lockenv
	var/lockenv/bin/pip install --quiet pip-tools
	CUSTOM_COMPILE_COMMAND="make lock" PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= var/lockenv/bin/pip-compile --quiet --generate-hashes \
	  --strip-extras --allow-unsafe -o requirements.lock pyproject.toml
	CUSTOM_COMPILE_COMMAND="make lock" PIP_CONFIG_FILE=/dev/null PIP_FIND_LINKS= var/lockenv/bin/pip-compile --quiet --generate-hashes \
	  --strip-extras --allow-unsafe --extra dev -o requirements-dev.lock pyproject.toml
	rm -rf var/lockenv

clean:
	rm -rf var/anef.sqlite3 var/test.sqlite3 var/mail var/sms var/media
