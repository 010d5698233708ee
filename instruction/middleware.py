"""A time limit on the back office's SQL: a query that runs longer than
`BACK_OFFICE_STATEMENT_TIMEOUT_MS` is cancelled by PostgreSQL, and the agent gets a page that
says so in French (status 503) instead of a worker stuck on it or a 500."""

import logging

from django.conf import settings
from django.contrib import admin
from django.db import OperationalError, connection, transaction
from django.http import HttpResponse
from django.template.response import TemplateResponse

logger = logging.getLogger(__name__)

PREFIXE = "/back-office/"
DELAI_MS_PAR_DEFAUT = 5000
# SQLSTATE 57014 query_canceled: what statement_timeout raises.
REQUETE_ANNULEE = "57014"


def _annulee(exc: OperationalError) -> bool:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) == REQUETE_ANNULEE or (
        getattr(getattr(cause, "diag", None), "sqlstate", None) == REQUETE_ANNULEE
    )


class _RequeteAnnulee(HttpResponse):
    """What `process_exception` hands back inside the aborted transaction; the page itself is
    rendered once the transaction has been rolled back (its context processors read the
    database)."""


class DelaiRequetesMiddleware:
    """Back-office requests run in a transaction whose statements are limited by
    `SET LOCAL statement_timeout` (it ends with the transaction: the web process's connection
    keeps no limit for the applicants' pages). Nothing is done off PostgreSQL (SQLite)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def _delai(self) -> int:
        return int(getattr(settings, "BACK_OFFICE_STATEMENT_TIMEOUT_MS", DELAI_MS_PAR_DEFAUT))

    def __call__(self, request):
        if not request.path.startswith(PREFIXE) or connection.vendor != "postgresql":
            return self.get_response(request)
        imbrique = connection.in_atomic_block  # the tests' transaction
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)", [str(self._delai())]
                )
            response = self.get_response(request)
            if imbrique and not isinstance(response, _RequeteAnnulee):
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout TO DEFAULT")
        if isinstance(response, _RequeteAnnulee):
            response = TemplateResponse(
                request,
                "admin/requete_trop_longue.html",
                {**admin.site.each_context(request), "delai_s": self._delai() // 1000},
                status=503,
            )
            response.render()
        return response

    def process_exception(self, request, exception):
        if not (
            request.path.startswith(PREFIXE)
            and isinstance(exception, OperationalError)
            and _annulee(exception)
        ):
            return None
        transaction.set_rollback(True)
        # No personal data: the path only (numbers, never names).
        logger.warning(
            "back office: requête SQL annulée après %s ms sur %s", self._delai(), request.path
        )
        return _RequeteAnnulee(status=503)
