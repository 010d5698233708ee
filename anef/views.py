"""Site pages that belong to no domain app: home, footer pages."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import cache_control

from anef import rgaa

logger = logging.getLogger(__name__)


@cache_control(private=True, max_age=0)
def home(request):
    return render(request, "pages/accueil.html")


def page(template: str):
    def view(request):
        return render(request, f"pages/{template}.html")

    view.__name__ = template
    return view


def accessibilite(request):
    """The accessibility statement, from the self-audit summary in anef/rgaa.py."""
    return render(
        request,
        "pages/accessibilite.html",
        {
            "non_conformites": rgaa.NON_CONFORMITES,
            "pages_verifiees": rgaa.PAGES_VERIFIEES,
            "contact_formulaire": rgaa.CONTACT_FORMULAIRE,
            "contact_telephone": rgaa.CONTACT_TELEPHONE,
        },
    )


# How long a client may wait before retrying while the database is unreachable.
RETRY_AFTER_SECONDS = 30


def server_error(request):
    """The DSFR 500 page, rendered with the request (Django's own handler renders without it,
    so without the header's context). When even that fails (database down for the context
    processors), a page with no context and no query.

    A database that does not answer (restart, failover) is not a defect of the page: the
    applicant gets a 503 « service momentanément indisponible », rendered without the request
    (its context would query the database again), with Retry-After."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        logger.error("Base de données injoignable : page 503")
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("500 page could not be rendered; plain page served")
        return HttpResponseServerError(loader.render_to_string("500.html"))


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
