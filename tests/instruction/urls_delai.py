"""A back-office URL whose query outlasts the statement timeout (tests of
instruction.middleware), next to the real back office (its page links to the queue)."""

from django.contrib import admin
from django.db import connection
from django.http import HttpResponse
from django.urls import path


def lente(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(1)")
    return HttpResponse("fini")


urlpatterns = [
    path("back-office/lente/", lente),
    path("back-office/", admin.site.urls),
]
