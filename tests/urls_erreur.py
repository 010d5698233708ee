"""The site's URLs plus a view that fails, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.urls import path

from anef.urls import handler500
from anef.urls import urlpatterns as site_urlpatterns


def panne(request):
    raise RuntimeError("panne simulée")


def interdit(request):
    raise PermissionDenied


def incorrecte(request):
    raise SuspiciousOperation("requête forgée")


urlpatterns = [
    *site_urlpatterns,
    path("panne/", panne),
    path("interdit/", interdit),
    path("incorrecte/", incorrecte),
]

__all__ = ["handler500", "urlpatterns"]
