"""Poison deliveries: a mail failing LIVRAISON_TENTATIVES_MAX times stops, shows in the admin
(administrators only) and is relaunched from there."""

import smtplib
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.test import TestCase

from notifications.models import Courriel, Sms, StatutLivraison
from notifications.services import courriel_programmer
from notifications.tasks import courriel_expedier, courriels_relancer
from tests.accounts.factories import PrefectureFactory
from tests.back_office import connecter_agent
from tests.instruction.factories import agent

pytestmark = pytest.mark.django_db


def comme_un_worker(tache, pk):
    """Run a task with its retries, as a worker does (eagerly, without propagating)."""
    conf = tache.app.conf
    propage, conf.task_eager_propagates = conf.task_eager_propagates, False
    try:
        return tache.apply(args=[pk]).get(propagate=False)
    finally:
        conf.task_eager_propagates = propage


def courriel_en_attente() -> Courriel:
    with (
        mock.patch.object(courriel_expedier, "delay"),
        TestCase.captureOnCommitCallbacks(execute=True),
    ):
        return courriel_programmer(
            destinataire="usager@exemple.fr",
            modele="notification",
            contexte={"lien": "/espace-personnel/notifications/1/"},
            cle="notification:essai",
        )


@pytest.fixture()
def en_echec_definitif(settings):
    settings.LIVRAISON_TENTATIVES_MAX = 3
    courriel = courriel_en_attente()
    envoi = mock.Mock(side_effect=smtplib.SMTPServerDisconnected("down"))
    with mock.patch.object(EmailMultiAlternatives, "send", envoi):
        comme_un_worker(courriel_expedier, courriel.pk)
    assert envoi.call_count == 3
    courriel.refresh_from_db()
    return courriel


def test_a_poison_mail_stops_after_n_tries(en_echec_definitif):
    courriel = en_echec_definitif
    assert (courriel.statut, courriel.tentatives) == (StatutLivraison.ECHEC_DEFINITIF, 3)
    assert courriel.derniere_erreur == "SMTPServerDisconnected"
    # Neither the beat nor a stray task sends it again.
    Courriel.objects.filter(pk=courriel.pk).update(cree_le=courriel.cree_le.replace(year=2020))
    assert courriels_relancer() == 0
    assert courriel_expedier.apply(args=[courriel.pk]).get() == "echec-definitif"
    assert mail.outbox == []


def test_an_administrator_sees_it_and_relaunches_it(admin_client, en_echec_definitif):
    courriel = en_echec_definitif
    liste = admin_client.get("/back-office/notifications/courriel/?statut=echec_definitif")
    assert liste.status_code == 200
    contenu = liste.content.decode()
    assert "Échec définitif" in contenu
    assert "Relancer" in contenu
    assert "usager@exemple.fr" not in contenu

    reponse = admin_client.post(
        "/back-office/notifications/courriel/",
        {"action": "relancer", "_selected_action": [courriel.pk]},
    )
    assert reponse.status_code == 302
    courriel.refresh_from_db()
    assert (courriel.statut, courriel.tentatives) == (StatutLivraison.ENVOYE, 0)
    assert [m.to for m in mail.outbox] == [["usager@exemple.fr"]]
    from django.contrib.admin.models import LogEntry

    assert LogEntry.objects.filter(object_id=str(courriel.pk)).count() == 1


def test_a_sent_mail_is_not_relaunched(admin_client):
    with TestCase.captureOnCommitCallbacks(execute=True):
        courriel = courriel_programmer(
            destinataire="usager@exemple.fr",
            modele="notification",
            contexte={"lien": "/x/"},
            cle="notification:envoye",
        )
    admin_client.post(
        "/back-office/notifications/courriel/",
        {"action": "relancer", "_selected_action": [courriel.pk]},
    )
    assert len(mail.outbox) == 1


def test_the_sms_admin_relaunches_too(admin_client, settings, tmp_path):
    settings.SMS_FILE_PATH = tmp_path
    sms = Sms.objects.create(
        destinataire="+33612345678",
        modele="essai",
        texte="Bonjour.",
        cle="sms:essai",
        statut=StatutLivraison.ECHEC_DEFINITIF,
        tentatives=8,
    )
    contenu = admin_client.get("/back-office/notifications/sms/").content.decode()
    assert "Échec définitif" in contenu and "+33612345678" not in contenu
    admin_client.post(
        "/back-office/notifications/sms/", {"action": "relancer", "_selected_action": [sms.pk]}
    )
    sms.refresh_from_db()
    assert sms.statut == StatutLivraison.ENVOYE
    assert len(list(tmp_path.iterdir())) == 1


def test_agents_do_not_see_deliveries(client):
    connecter_agent(client, agent("valideur", prefecture=PrefectureFactory(code="59")))
    assert client.get("/back-office/notifications/courriel/").status_code == 403
    assert client.get("/back-office/notifications/sms/").status_code == 403
