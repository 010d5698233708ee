"""Issue 11 §5 case 3 in the suite: the SMTP server down, then back — the mail arrives once.

A real SMTP conversation with bench/faults' sink on a free loopback port (Django's SMTP
backend, not the locmem one); bench/faults runs the same case with the real worker."""

import pytest

from bench.faults.smtp import PuitsSmtp
from bench.server import free_port
from notifications.models import Courriel, StatutCourriel
from notifications.services import courriel_programmer
from notifications.tasks import courriel_expedier, courriels_relancer

pytestmark = pytest.mark.django_db


@pytest.fixture
def puits(settings):
    puits = PuitsSmtp(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = puits.adresse
    settings.EMAIL_USE_TLS = False
    yield puits
    puits.arreter()


def test_smtp_down_then_up_the_mail_arrives_once(
    puits, settings, django_capture_on_commit_callbacks
):
    courriel = courriel_programmer(
        destinataire="usager@exemple.fr",
        modele="depot_confirmation",
        cle="depot:smtp-panne",
        contexte={"nom": "Amina DUPONT", "numero": "59012026113000001", "lien": "/"},
    )

    # Down: the worker's attempt fails (connection refused) and is recorded, never dropped.
    with pytest.raises(ConnectionRefusedError):
        courriel_expedier(courriel.pk)
    courriel.refresh_from_db()
    assert (courriel.statut, courriel.tentatives) == (StatutCourriel.ECHEC, 1)
    assert courriel.derniere_erreur == "ConnectionRefusedError"

    # Up: the retry sends it; the relay and a late duplicate delivery send nothing more.
    puits.demarrer()
    assert courriel_expedier(courriel.pk) == "envoye"
    settings.OUTBOX_RELAIS_APRES = 0
    with django_capture_on_commit_callbacks(execute=True):
        courriels_relancer()
    assert courriel_expedier(courriel.pk) == "deja-envoye"

    courriel.refresh_from_db()
    assert courriel.statut == StatutCourriel.ENVOYE and courriel.envoye_le
    recus = puits.pour("usager@exemple.fr")
    assert len(recus) == 1
    assert recus[0].sujet == courriel.sujet
    assert Courriel.objects.count() == 1
