import re

import pytest
from django.db import transaction

from notifications import services as notification_services


@pytest.fixture(autouse=True)
def _on_commit_runs_now(monkeypatch):
    """Unit tests run inside a rolled-back transaction, so Django would never fire on_commit
    callbacks: run them at once instead. Live-server journeys commit for real."""

    def run_now(func, using=None, robust=False):
        func()

    monkeypatch.setattr(notification_services.transaction, "on_commit", run_now)
    yield
    monkeypatch.setattr(notification_services.transaction, "on_commit", transaction.on_commit)


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield


def link_in(message) -> str:
    """The single http(s) link of an e-mail's text part."""
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 1, links
    return links[0]
