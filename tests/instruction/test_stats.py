"""`manage.py instruction_stats`: counts per state and motif, and the median and 80th percentile
of the days from deposit to decision per prefecture and motif, on known data."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import F

from demandes.models import Demande, EtatDemande
from instruction import statistiques
from tests.accounts.factories import PrefectureFactory
from tests.demandes.factories import DemandeFactory

pytestmark = pytest.mark.django_db


def _decidee(jours: float, *, etat=EtatDemande.DECISION_FAVORABLE, **kwargs) -> Demande:
    demande = DemandeFactory(deposee=True, etat=etat, **kwargs)
    Demande.objects.filter(pk=demande.pk).update(
        decision_le=F("deposee_le") + datetime.timedelta(days=jours)
    )
    return demande


@pytest.fixture()
def donnees():
    for jours in (10, 40, 20, 30):
        _decidee(jours)
    _decidee(5, etat=EtatDemande.DECISION_DEFAVORABLE, motif="bpi")
    _decidee(2, etat=EtatDemande.TITRE_REMIS, motif="bpi")
    DemandeFactory.create_batch(2, deposee=True)
    DemandeFactory(deposee=True, etat=EtatDemande.EN_INSTRUCTION)
    DemandeFactory()  # a draft: not counted
    paris = PrefectureFactory(code="75", nom="Préfecture de police")
    _decidee(100, prefecture=paris)
    DemandeFactory(deposee=True, etat=EtatDemande.CLOTUREE, prefecture=paris)


def stats(*args) -> str:
    sortie = StringIO()
    call_command("instruction_stats", *args, stdout=sortie)
    return sortie.getvalue()


def test_figures_of_one_prefecture(donnees):
    sortie = stats("--prefecture", "59")

    assert "Demandes déposées (Préfecture du Nord) : 9" in sortie
    lignes = [ligne.split() for ligne in sortie.splitlines()]
    assert ["Déposée", "2"] in lignes
    assert ["En", "instruction", "1"] in lignes
    assert ["Décision", "favorable", "4"] in lignes
    assert ["Décision", "défavorable", "1"] in lignes
    assert ["Titre", "remis", "1"] in lignes
    assert ["Clôturée", "0"] in lignes
    assert "(etudiant) : 7" in sortie
    assert "(bpi) : 2" in sortie
    # Étudiant: 10, 20, 30, 40 days → median 25, 80th percentile 30 + 0.4 × 10 = 34.
    assert "(etudiant) : 4 décision(s), médiane 25,0, 80e centile 34,0" in sortie
    # BPI: 2 and 5 days → median 3.5, 80th percentile 2 + 0.8 × 3 = 4.4.
    assert "(bpi) : 2 décision(s), médiane 3,5, 80e centile 4,4" in sortie
    assert "Préfecture de police" not in sortie


def test_figures_of_every_prefecture(donnees):
    sortie = stats()

    assert "Demandes déposées (toutes les préfectures) : 11" in sortie
    assert ["Clôturée", "1"] in [ligne.split() for ligne in sortie.splitlines()]
    assert "75 Préfecture de police, " in sortie
    assert "(etudiant) : 1 décision(s), médiane 100,0, 80e centile 100,0" in sortie
    assert sortie.index("59 Préfecture du Nord") < sortie.index("75 Préfecture de police")


def test_no_decision_yet():
    DemandeFactory(deposee=True)
    sortie = stats("--prefecture", "59")
    assert "Aucune décision signée." in sortie


def test_an_unknown_prefecture_is_an_error():
    with pytest.raises(CommandError, match="Aucune préfecture de code « 99 »"):
        stats("--prefecture", "99")


def test_the_sqlite_fallback_gives_the_figures_of_postgresql(donnees):
    assert statistiques._delais_python(None) == statistiques._delais_sql(None)
    nord = PrefectureFactory(code="59")
    assert statistiques._delais_python(nord) == statistiques._delais_sql(nord)


@pytest.mark.parametrize(
    ("valeurs", "p", "attendu"),
    [([7.0], 0.8, 7.0), ([1.0, 2.0], 0.5, 1.5), ([4.0, 1.0, 3.0, 2.0], 0.8, 3.4)],
)
def test_continuous_percentile(valeurs, p, attendu):
    assert statistiques.centile(valeurs, p) == pytest.approx(attendu)
