"""The schedules (instruction.echeances): closure 30 days after the acknowledgement, reminders
of a complement unopened after 7 days and unanswered 7 days before its due date; idempotent,
also when two runs overlap; the beat entry and `manage.py run_deadlines` call the same function."""

import datetime
import io

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from anef.celery import app
from demandes.models import EtatDemande, HistoriqueEtat
from instruction import complements, echeances
from instruction.models import StatutComplement
from notifications.models import Courriel, Notification, TypeNotification
from tests.instruction.complement_outils import complement_en_attente
from tests.instruction.etats import roles_recreer
from tests.instruction.test_concurrence import _en_meme_temps

T0 = datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)
JOUR = datetime.timedelta(days=1)


def _complement(capture=None, *, accuse=True):
    with time_machine.travel(T0, tick=False):
        complement, _agent = complement_en_attente(capture)
        if accuse:
            complements.complement_accuser(complement=complement, par=complement.demande.usager)
    complement.refresh_from_db()
    return complement


def _traiter(le, capture=None):
    with time_machine.travel(le, tick=False):
        if capture is None:
            return echeances.echeances_traiter()
        with capture(execute=True):
            return echeances.echeances_traiter()


@pytest.mark.django_db
def test_a_complement_unanswered_30_days_after_it_was_read_closes_the_request_once(
    django_capture_on_commit_callbacks,
):
    complement = _complement()
    demande = complement.demande

    assert _traiter(T0 + 30 * JOUR - datetime.timedelta(minutes=1)).clotures == 0
    demande.refresh_from_db()
    assert demande.etat == EtatDemande.COMPLEMENT_DEMANDE

    bilan = _traiter(
        T0 + 30 * JOUR + datetime.timedelta(minutes=1), django_capture_on_commit_callbacks
    )
    assert bilan.clotures == 1
    demande.refresh_from_db()
    complement.refresh_from_db()
    assert demande.etat == EtatDemande.CLOTUREE
    assert complement.statut == StatutComplement.EXPIRE
    ligne = HistoriqueEtat.objects.get(demande=demande, transition="cloturer")
    assert ligne.par is None
    assert ligne.motif == "Demande non complétée dans un délai de 30 jours"
    avis = Notification.objects.get(demande=demande, type=TypeNotification.CLOTURE)
    assert "Demande non complétée dans un délai de 30 jours" in avis.message

    # A second run changes nothing more.
    assert _traiter(T0 + 31 * JOUR, django_capture_on_commit_callbacks).clotures == 0
    assert HistoriqueEtat.objects.filter(demande=demande, transition="cloturer").count() == 1
    assert Notification.objects.filter(demande=demande, type=TypeNotification.CLOTURE).count() == 1


@pytest.mark.django_db
def test_an_unread_complement_is_never_closed_but_reminded_after_7_days_once():
    complement = _complement(accuse=False)
    assert _traiter(T0 + 6 * JOUR).rappels_non_lus == 0
    assert not Notification.objects.filter(type=TypeNotification.RAPPEL_COMPLEMENT).exists()

    bilan = _traiter(T0 + 7 * JOUR + datetime.timedelta(minutes=1))
    assert bilan.rappels_non_lus == 1
    rappel = Notification.objects.get(type=TypeNotification.RAPPEL_COMPLEMENT)
    assert rappel.usager == complement.demande.usager
    assert "vous attend depuis le 02/03/2026" in rappel.message
    courriel = Courriel.objects.get(cle=f"notification:{rappel.pk}")
    assert courriel.destinataire == complement.demande.usager.email
    assert f"/espace-personnel/complements/notification/{rappel.pk}/" in courriel.texte

    bilan = _traiter(T0 + 60 * JOUR)
    assert (bilan.rappels_non_lus, bilan.clotures) == (0, 0)
    assert Notification.objects.filter(type=TypeNotification.RAPPEL_COMPLEMENT).count() == 1
    assert Courriel.objects.filter(cle__startswith="notification:").count() == 1


@pytest.mark.django_db
def test_an_unanswered_complement_is_reminded_7_days_before_its_due_date_once():
    complement = _complement()
    assert _traiter(T0 + 22 * JOUR).rappels_echeance == 0
    assert _traiter(T0 + 23 * JOUR + datetime.timedelta(minutes=1)).rappels_echeance == 1
    rappel = Notification.objects.get(type=TypeNotification.RAPPEL_COMPLEMENT)
    assert "avant le 01/04/2026" in rappel.message
    assert rappel.cle == f"rappel-complement-echeance:{complement.pk}"
    assert _traiter(T0 + 25 * JOUR).rappels_echeance == 0
    assert Notification.objects.filter(type=TypeNotification.RAPPEL_COMPLEMENT).count() == 1


@pytest.mark.django_db
def test_an_answered_complement_is_neither_reminded_nor_closed():
    from instruction.complements import Reponse
    from instruction.models import ReponseComplement

    complement = _complement()
    usager = complement.demande.usager
    with time_machine.travel(T0 + JOUR, tick=False):
        complements.complement_repondre(
            complement=complement,
            reponses={
                e.pk: Reponse(ReponseComplement.MAINTENIR, "Lisible")
                for e in complement.elements.all()
            },
            par=usager,
        )
    bilan = _traiter(T0 + 40 * JOUR)
    assert (bilan.clotures, bilan.rappels_echeance, bilan.rappels_non_lus) == (0, 0, 0)
    complement.demande.refresh_from_db()
    assert complement.demande.etat == EtatDemande.COMPLEMENT_RECU


@pytest.mark.django_db
def test_run_deadlines_and_the_beat_call_the_same_function():
    complement = _complement()
    sortie = io.StringIO()
    with time_machine.travel(T0 + 31 * JOUR, tick=False):
        call_command("run_deadlines", stdout=sortie)
    assert "clotures=1" in sortie.getvalue()
    complement.demande.refresh_from_db()
    assert complement.demande.etat == EtatDemande.CLOTUREE

    entree = settings.CELERY_BEAT_SCHEDULE["echeances-instruction"]
    assert entree["task"] == "instruction.tasks.echeances_traiter"
    app.loader.import_default_modules()
    assert entree["task"] in app.tasks


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_close_once_and_remind_once():
    assert connection.vendor == "postgresql"
    roles_recreer()
    fermer = _complement()
    rappeler = _complement(accuse=False)
    le = T0 + 31 * JOUR

    def run():
        with time_machine.travel(le, tick=False):
            return echeances.echeances_traiter()

    bilans = _en_meme_temps(run, run, run)
    assert not [b for b in bilans if isinstance(b, Exception)], bilans
    assert sum(b.clotures for b in bilans) == 1
    assert sum(b.rappels_non_lus for b in bilans) == 1
    assert HistoriqueEtat.objects.filter(demande=fermer.demande, transition="cloturer").count() == 1
    assert Notification.objects.filter(cle=f"rappel-complement-non-lu:{rappeler.pk}").count() == 1
    rappel = Notification.objects.get(cle=f"rappel-complement-non-lu:{rappeler.pk}")
    assert Courriel.objects.filter(cle=f"notification:{rappel.pk}").count() == 1


@pytest.mark.django_db
def test_a_reminder_opens_on_the_answer_page_and_is_read_by_its_owner_only(client):
    complement = _complement(accuse=False)
    _traiter(T0 + 7 * JOUR + datetime.timedelta(minutes=1))
    rappel = Notification.objects.get(type=TypeNotification.RAPPEL_COMPLEMENT)
    url = f"/espace-personnel/complements/notification/{rappel.pk}/"
    assert rappel.lien == url

    client.force_login(complement.demande.usager)
    client.get(url, headers={"Sec-Purpose": "prefetch"})
    rappel.refresh_from_db()
    assert rappel.lue_le is None
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/espace-personnel/complements/{complement.pk}/"
    rappel.refresh_from_db()
    assert rappel.lue_le is not None

    from tests.accounts.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
