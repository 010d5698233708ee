"""The beat relay hands to a worker, about a minute later, a mail whose publish failed."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.utils import timezone

from notifications.models import Courriel, StatutCourriel
from notifications.services import courriel_programmer
from notifications.tasks import courriel_expedier, courriels_relancer

pytestmark = pytest.mark.django_db


def courriel_non_remis():
    """A mail committed while the broker was down: its publish failed, nothing was sent."""
    with mock.patch.object(courriel_expedier, "delay", side_effect=OSError("broker down")):
        courriel = courriel_programmer(
            destinataire="usager@exemple.fr",
            modele="inscription_confirmation",
            contexte={"lien": "https://exemple.fr/lien"},
        )
    assert Courriel.objects.get(pk=courriel.pk).statut == StatutCourriel.A_ENVOYER
    return courriel


def test_the_beat_runs_the_relay_every_minute_for_mails_never_handed_over():
    entrees = {
        entree["kwargs"]["statut"]: entree["schedule"]
        for entree in settings.CELERY_BEAT_SCHEDULE.values()
        if entree["task"] == "notifications.tasks.courriels_relancer"
    }
    assert entrees == {
        "a_envoyer": datetime.timedelta(minutes=1),
        "echec": datetime.timedelta(minutes=10),
    }


def test_a_mail_whose_publish_failed_leaves_after_about_a_minute():
    maintenant = timezone.now()
    with time_machine.travel(maintenant, tick=False):
        courriel = courriel_non_remis()
    with time_machine.travel(maintenant + datetime.timedelta(seconds=30), tick=False):
        assert courriels_relancer(statut="a_envoyer") == 0
    with time_machine.travel(maintenant + datetime.timedelta(seconds=70), tick=False):
        assert courriels_relancer(statut="a_envoyer") == 1
    courriel.refresh_from_db()
    assert courriel.statut == StatutCourriel.ENVOYE
    assert len(mail.outbox) == 1


def test_a_failing_mail_is_not_relayed_every_minute():
    maintenant = timezone.now()
    with time_machine.travel(maintenant, tick=False):
        courriel = courriel_non_remis()
    Courriel.objects.filter(pk=courriel.pk).update(statut=StatutCourriel.ECHEC)
    with time_machine.travel(maintenant + datetime.timedelta(minutes=5), tick=False):
        assert courriels_relancer(statut="a_envoyer") == 0
        assert courriels_relancer(statut="echec") == 0
    with time_machine.travel(maintenant + datetime.timedelta(minutes=11), tick=False):
        assert courriels_relancer(statut="echec") == 1
