"""Issue 13: the deposit's response does not wait for the PDFs; the confirmation page shows
their links as soon as the worker has made them."""

import datetime
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from attestations.models import Attestation
from demandes import suites, tasks
from demandes.models import EtatDemande, StatutSuite, SuiteDepot
from notifications.models import Courriel, Notification
from tests.demandes import parcours
from tests.demandes.factories import DemandeFactory, prefecture_du_nord
from tests.demandes.test_parcours import remplir_etudiant, valider_recap

pytestmark = pytest.mark.django_db

EN_COURS = "Document en cours de génération : il sera disponible dans quelques instants."


@pytest.fixture(autouse=True)
def nord():
    return prefecture_du_nord()


def deposer(client, django_capture_on_commit_callbacks):
    demande = DemandeFactory()
    remplir_etudiant(client, demande)
    valider_recap(client, demande)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(parcours.url(demande, "recapitulatif"), {"action": "deposer"})
    assert r.url == parcours.url(demande, "confirmation")
    return demande


def test_the_deposit_hands_the_pdfs_to_the_worker_and_the_page_shows_them_once_made(
    client, django_capture_on_commit_callbacks
):
    with mock.patch.object(tasks.apres_depot, "delay") as delay:
        demande = deposer(client, django_capture_on_commit_callbacks)

    assert delay.call_args_list and {c.args for c in delay.call_args_list} == {(demande.pk,)}
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.DEPOSEE
    # Nothing rendered in the request: no PDF, no mail yet.
    assert not Attestation.objects.exists()
    assert mail.outbox == []
    page = client.get(parcours.url(demande, "confirmation")).content.decode()
    assert EN_COURS in page
    assert 'data-actualiser="2000"' in page
    assert 'aria-live="polite"' in page

    with django_capture_on_commit_callbacks(execute=True):
        tasks.apres_depot(demande.pk)  # what the worker runs

    attestation = Attestation.objects.get(demande=demande, type="depot")
    assert attestation.disponible
    page = client.get(parcours.url(demande, "confirmation")).content.decode()
    assert reverse("attestations:telecharger", args=[attestation.pk]) in page
    assert f"ouvre ma confirmation de dépôt de la demande n° {demande.numero} (PDF, " in page
    assert EN_COURS not in page
    assert "data-actualiser" not in page
    assert len(mail.outbox) == 1
    # The registry's « confirmation_depot »: its notification offers the confirmation, its
    # e-mail is the seed's deposit text (SEEDS-NOTES §3.5) with the PDF attached.
    usager = demande.usager
    notification = Notification.objects.get(demande=demande)
    assert (notification.cle, notification.type, notification.attestation) == (
        f"depot:{demande.pk}",
        "confirmation_depot",
        attestation,
    )
    message = mail.outbox[0]
    assert message.to == [usager.email]
    assert message.body.startswith(f"Bonjour {usager.prenom} {usager.nom.upper()},\n")
    assert "Votre demande de titre de séjour a bien été enregistrée. Elle sera instruite" in (
        message.body
    )
    assert "La Direction Générale des Etrangers en France" in message.body
    assert [nom for nom, _contenu, _type in message.attachments] == [attestation.nom_fichier]


def test_with_the_broker_down_the_follow_up_waits_in_its_outbox_row_for_the_relay(
    client, django_capture_on_commit_callbacks, settings
):
    with mock.patch.object(tasks.apres_depot, "delay", side_effect=OSError("broker down")):
        demande = deposer(client, django_capture_on_commit_callbacks)

    # Nothing runs in the request: the row waits, the page says the PDF is being made.
    suite = SuiteDepot.objects.get(demande=demande)
    assert suite.statut == StatutSuite.A_FAIRE
    assert not Attestation.objects.exists() and mail.outbox == []
    assert EN_COURS in client.get(parcours.url(demande, "confirmation")).content.decode()

    # A fresh row is not relayed (its own publish may still be on its way) ...
    assert tasks.suites_relancer() == 0
    # ... an old one is, once, and twice changes nothing.
    settings.OUTBOX_RELAIS_APRES = 0
    for _passage in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            tasks.suites_relancer()
    suite.refresh_from_db()
    assert suite.statut == StatutSuite.FAITE and suite.tentatives == 1 and suite.faite_le
    assert Attestation.objects.filter(demande=demande, type="depot").count() == 1
    assert Notification.objects.filter(demande=demande).count() == 1
    assert len(mail.outbox) == 1
    assert tasks.suites_relancer() == 0


def test_a_failing_follow_up_leaves_nothing_half_done_and_is_retried(
    client, django_capture_on_commit_callbacks, settings
):
    with mock.patch.object(tasks.apres_depot, "delay"):
        demande = deposer(client, django_capture_on_commit_callbacks)

    with mock.patch(
        "notifications.services.courriel_programmer", side_effect=RuntimeError("panne")
    ):
        with pytest.raises(RuntimeError):
            suites.suite_depot_executer(demande_pk=demande.pk)
    suite = SuiteDepot.objects.get(demande=demande)
    assert suite.statut == StatutSuite.A_FAIRE
    assert (suite.tentatives, suite.derniere_erreur) == (1, "RuntimeError")
    assert suite.echec_le is not None
    # The notification and the PDF row of the failed run were rolled back with it.
    assert not Notification.objects.filter(demande=demande).exists()
    assert not Attestation.objects.filter(demande=demande).exists()
    # The relay leaves a failing row to its task's retries for ten minutes.
    settings.OUTBOX_RELAIS_APRES = 0
    with mock.patch.object(tasks.apres_depot, "delay") as delay:
        assert tasks.suites_relancer() == 0
        with time_machine.travel(suite.echec_le + datetime.timedelta(minutes=11)):
            assert tasks.suites_relancer() == 1
    assert delay.call_args_list == [mock.call(demande.pk)]

    with django_capture_on_commit_callbacks(execute=True):
        assert suites.suite_depot_executer(demande_pk=demande.pk) == "faite"
    assert suites.suite_depot_executer(demande_pk=demande.pk) == "deja-faite"
    assert Attestation.objects.filter(demande=demande).count() == 1
    assert len(mail.outbox) == 1


def test_the_relay_crashing_after_publishing_sends_one_mail_and_one_notification(
    client, django_capture_on_commit_callbacks, settings
):
    """Issue 11 §5 case 5: the relay publishes, then dies before anything records it; the next
    run publishes the same row again. The deliveries then run: one mail, one notification."""
    with mock.patch.object(tasks.apres_depot, "delay", side_effect=OSError("broker down")):
        demande = deposer(client, django_capture_on_commit_callbacks)
    settings.OUTBOX_RELAIS_APRES = 0

    publiees = []

    def publier_puis_mourir(demande_pk):
        publiees.append(demande_pk)  # handed to the broker ...
        if len(publiees) == 1:
            raise SystemExit  # ... and the relay's process dies right after

    with mock.patch.object(tasks.apres_depot, "delay", side_effect=publier_puis_mourir):
        with pytest.raises(SystemExit):
            tasks.suites_relancer()
        tasks.suites_relancer()  # the next beat: the row is still « à faire »
    assert publiees == [demande.pk, demande.pk]

    for demande_pk in publiees:  # the worker receives both messages
        with django_capture_on_commit_callbacks(execute=True):
            tasks.apres_depot(demande_pk)
    assert Notification.objects.filter(demande=demande).count() == 1
    notification = Notification.objects.get(demande=demande)
    assert notification.cle == f"depot:{demande.pk}"
    assert Courriel.objects.filter(modele="depot_confirmation").count() == 1
    assert Courriel.objects.filter(cle=f"notification:{notification.pk}").count() == 1
    assert len(mail.outbox) == 1


def test_the_beat_relays_the_follow_ups_every_minute(settings):
    entree = settings.CELERY_BEAT_SCHEDULE["relancer-suites-de-depot"]
    assert entree["task"] == "demandes.tasks.suites_relancer"
    assert entree["schedule"] == datetime.timedelta(minutes=1)
    assert settings.OUTBOX_RELAIS_APRES == 60
