"""The site's URLs plus a view that fails, for the error-page tests."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.urls import path

from anef.urls import handler500
from anef.urls import urlpatterns as site_urlpatterns


def panne(request):
    raise RuntimeError("panne simulée")


def base_injoignable(request):
    raise OperationalError("connection to server at 127.0.0.1 failed")


def interdit(request):
    raise PermissionDenied


def incorrecte(request):
    raise SuspiciousOperation("requête forgée")


urlpatterns = [
    *site_urlpatterns,
    path("panne/", panne),
    path("base-injoignable/", base_injoignable),
    path("interdit/", interdit),
    path("incorrecte/", incorrecte),
]

__all__ = ["handler500", "urlpatterns"]
