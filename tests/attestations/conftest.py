import pytest


@pytest.fixture(autouse=True)
def _no_live_render_cache():
    """Each test starts from an empty cache (the pieces list PDF is cached)."""
    from tests.conftest import clear_cache

    clear_cache()
