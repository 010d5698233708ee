import time

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class FrenchFirstLocaleMiddleware(LocaleMiddleware):
    """French unless the user chose another language with the header switch: the browser's
    Accept-Language is not followed, the service's reference language is French."""

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class ServerTimingMiddleware:
    """Adds `Server-Timing: app;dur=<ms>`: the time Django spent on the request, so load tests
    (bench/) can tell server time from queueing on a loaded machine. Only with SERVER_TIMING on:
    the figure is a timing oracle (a known identifier costs more than an unknown one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        began = time.perf_counter()
        response = self.get_response(request)
        if settings.SERVER_TIMING:
            response["Server-Timing"] = f"app;dur={(time.perf_counter() - began) * 1000:.1f}"
        return response
