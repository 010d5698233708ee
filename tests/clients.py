from django.test import Client, TestCase


class CommittingClient(Client):
    """The test client, with requests that commit as in production.

    Unit tests run inside a transaction that is rolled back at the end, so Django never fires
    `transaction.on_commit` callbacks by itself. This client runs those a request registered
    (mail, PDFs, deleting stored files) once the request has answered, through Django's
    `captureOnCommitCallbacks` — pytest-django's `django_capture_on_commit_callbacks`: a
    callback registered inside an atomic block that rolled back was discarded by Django and
    never runs. Tests that call a service directly wrap it in
    `django_capture_on_commit_callbacks(execute=True)`. Live-server journeys commit for real."""

    def request(self, **request):
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)
