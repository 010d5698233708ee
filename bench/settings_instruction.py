"""The production settings for the in-process instruction bench (`python -m bench.instruction`):
`anef.settings.base` with plain static file storage, so that pages render without running
`collectstatic` (the manifest storage only adds a dictionary lookup per static URL)."""

from anef.settings.base import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
