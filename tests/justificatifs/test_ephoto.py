import datetime

import pytest
import time_machine
from django.core.management import call_command

from justificatifs import selectors, services
from justificatifs.models import EPhoto, ajouter_mois
from tests.demandes.factories import DemandeFactory
from tests.justificatifs.factories import EPhotoFactory

pytestmark = pytest.mark.django_db

CODE = "1PMTEK770613113807AA00"


def confirmer(demande, code=CODE):
    return services.ephoto_confirmer(demande=demande, code=code, par=demande.usager)


@pytest.mark.parametrize(
    "code", ["", "1PMTEK77061311380", "1PMTEK770613113807AA00X", "1PMTÉK770613113807AA00"]
)
def test_badly_formed_code_is_refused(code):
    with pytest.raises(services.EPhotoRefusee, match="comporte 22 caractères"):
        confirmer(DemandeFactory(), code)


def test_unknown_code_is_refused_with_the_24_48_hours_hint():
    with pytest.raises(services.EPhotoRefusee, match="inconnu.*24 à 48 heures"):
        confirmer(DemandeFactory())


def test_code_is_normalised_and_reserved_then_shown_grouped():
    EPhotoFactory(code=CODE)
    demande = DemandeFactory()
    ephoto = confirmer(demande, "1pmtek 7706-1311 3807aa00")
    assert selectors.ephoto_de(demande) == ephoto
    assert ephoto.code_groupe == "1PMT - EK77 - 0613 - 1138 - 07AA - 00"
    assert confirmer(demande) == ephoto  # confirming again changes nothing


def test_code_used_by_another_request_is_refused():
    EPhotoFactory(code=CODE)
    confirmer(DemandeFactory())
    with pytest.raises(services.EPhotoRefusee, match="déjà été utilisé pour une autre démarche"):
        confirmer(DemandeFactory())


def test_code_expires_six_months_after_the_shot():
    EPhotoFactory(code=CODE, prise_le=datetime.date(2026, 1, 31))
    with time_machine.travel(datetime.datetime(2026, 7, 31, 12, 0), tick=False):
        assert confirmer(DemandeFactory()).code == CODE
    EPhoto.objects.update(demande=None, reservee_le=None)
    with (
        time_machine.travel(datetime.datetime(2026, 8, 1, 12, 0), tick=False),
        pytest.raises(services.EPhotoRefusee, match="n'est plus valable"),
    ):
        confirmer(DemandeFactory())


def test_deleting_releases_the_code_for_another_request():
    EPhotoFactory(code=CODE)
    premiere = DemandeFactory()
    confirmer(premiere)
    services.ephoto_supprimer(demande=premiere, par=premiere.usager)
    assert selectors.ephoto_de(premiere) is None
    seconde = DemandeFactory()
    assert confirmer(seconde).demande == seconde


def test_confirming_a_new_code_releases_the_previous_one():
    ancienne = EPhotoFactory()
    EPhotoFactory(code=CODE)
    demande = DemandeFactory()
    confirmer(demande, ancienne.code)
    confirmer(demande)
    ancienne.refresh_from_db()
    assert ancienne.demande is None and ancienne.reservee_le is None
    assert selectors.ephoto_de(demande).code == CODE


def test_only_the_owner_may_confirm():
    EPhotoFactory(code=CODE)
    demande = DemandeFactory()
    with pytest.raises(services.DemandeNonModifiable):
        services.ephoto_confirmer(demande=demande, code=CODE, par=DemandeFactory().usager)


@pytest.mark.parametrize(
    "depart, attendu",
    [
        (datetime.date(2026, 1, 31), datetime.date(2026, 7, 31)),
        (datetime.date(2025, 8, 31), datetime.date(2026, 2, 28)),
        (datetime.date(2025, 12, 15), datetime.date(2026, 6, 15)),
    ],
)
def test_six_months_later(depart, attendu):
    assert ajouter_mois(depart, 6) == attendu


def test_import_command_upserts_and_reports_rejected_lines(tmp_path, capsys):
    fichier = tmp_path / "ephotos.csv"
    fichier.write_text(
        "code;prise_le\n"
        f"{CODE};2026-01-10\n"
        "2PMTEK770613113807AA00;15/01/2026\n"
        "TROPCOURT;2026-01-10\n"
        "3PMTEK770613113807AA00;hier\n"
        f"{CODE};2026-01-11\n",
        encoding="utf-8",
    )
    with time_machine.travel(datetime.datetime(2026, 2, 1, 12, 0), tick=False):
        call_command("import_ephotos", str(fichier))
        sortie = capsys.readouterr()
        assert "2 créé(s), 0 mis à jour, 0 inchangé(s), 3 rejeté(s)" in sortie.out
        assert "ligne 4 : code invalide" in sortie.err
        assert "ligne 5 : prise_le invalide" in sortie.err
        assert "ligne 6 : code déjà présent ligne 2" in sortie.err
        assert CODE not in sortie.err

        call_command("import_ephotos", str(fichier))
        assert "0 créé(s), 0 mis à jour, 2 inchangé(s)" in capsys.readouterr().out

        fichier.write_text(f"code,prise_le\n{CODE},2026-01-12\n", encoding="utf-8")
        call_command("import_ephotos", str(fichier))
        assert "0 créé(s), 1 mis à jour" in capsys.readouterr().out
    assert EPhoto.objects.get(code=CODE).prise_le == datetime.date(2026, 1, 12)
