"""The site's URLs plus a view that fails, for the error-page tests."""

from django.urls import path

from anef.urls import handler500
from anef.urls import urlpatterns as site_urlpatterns


def panne(request):
    raise RuntimeError("panne simulée")


urlpatterns = [*site_urlpatterns, path("panne/", panne)]

__all__ = ["handler500", "urlpatterns"]
