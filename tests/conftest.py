import re

import pytest

from tests.clients import CommittingClient


@pytest.fixture()
def client():
    return CommittingClient()


@pytest.fixture()
def admin_client(db, admin_user):
    """pytest-django's, with the second factor the back office asks of administrators too."""
    from tests.back_office import connecter_agent

    client = CommittingClient()
    connecter_agent(client, admin_user)
    return client


@pytest.fixture(autouse=True)
def _french_first():
    """Requests activate their language in the thread and nothing resets it: start every test
    in French, as the service does."""
    from django.utils import translation

    translation.activate("fr")
    yield
    translation.activate("fr")


@pytest.fixture(scope="session", autouse=True)
def _no_stray_connections_at_teardown(django_db_setup, django_db_blocker):
    """Threads (live server, Celery worker, concurrency tests) may leave a connection open;
    close them before pytest-django drops the test database."""
    yield
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


def clear_cache() -> None:
    """Empty this test process's cache: on Redis only its own keys (see anef/settings/test.py),
    since a flush would also empty the other xdist worker's."""
    from django.conf import settings
    from django.core.cache import cache

    options = settings.CACHES["default"]
    if not options["BACKEND"].endswith("RedisCache"):
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(f"{options['KEY_PREFIX']}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture(autouse=True)
def _clear_cache():
    clear_cache()
    yield


def link_in(message) -> str:
    """The single http(s) link of an e-mail's text part."""
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 1, links
    return links[0]
