"""The production settings (anef.settings.base) with the bench's own URLconf, which adds the
floor page (bench.urls): it is not a route of the product."""

from anef.settings.base import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
