import io
from io import StringIO

import pytest
from django.core.management import call_command

from demandes.adresses import adresses_importer, suggestions
from demandes.models import Adresse
from justificatifs.models import EPhoto

pytestmark = pytest.mark.django_db

BAN = """id;id_fantoir;numero;rep;nom_voie;code_postal;code_insee;nom_commune
59350_1;;18;;Rue de la Monnaie;59000;59350;Lille
75120_1;;18;bis;Rue des Pyrénées;75020;75120;Paris
31555_1;;18;;Rue des Pyrénées;31400;31555;Toulouse
bad;;1;;;59000;59350;Lille
"""


def test_ban_import_is_idempotent_and_reports_bad_lines():
    premier = adresses_importer(io.StringIO(BAN))
    second = adresses_importer(io.StringIO(BAN))

    assert (premier.crees, premier.inchanges) == (3, 0)
    assert (second.crees, second.inchanges) == (0, 3)
    assert premier.rejetes == second.rejetes == [(5, "champ « voie » manquant")]
    assert Adresse.objects.count() == 3


def test_suggestions_match_the_typed_start_without_accents():
    adresses_importer(io.StringIO(BAN))
    libelles = [a.libelle for a in suggestions("18 rue des pyre")]
    # The address starting with the typed text first, then those containing its words.
    assert libelles == ["18 Rue des Pyrénées 31400 Toulouse", "18bis Rue des Pyrénées 75020 Paris"]
    bis = [a.libelle for a in suggestions("18bis rue des")]
    assert bis == ["18bis Rue des Pyrénées 75020 Paris"]
    assert suggestions("18") == []


def test_suggestions_endpoint_returns_fields_to_fill(client):
    from tests.accounts.factories import UserFactory

    adresses_importer(io.StringIO(BAN))
    anonyme = client.get("/espace-personnel/titre-de-sejour/adresses/", {"q": "18 rue"})
    assert anonyme.status_code == 302
    client.force_login(UserFactory())
    data = client.get("/espace-personnel/titre-de-sejour/adresses/", {"q": "18 rue de la"}).json()
    assert data["adresses"] == [
        {
            "libelle": "18 Rue de la Monnaie 59000 Lille",
            "numero": "18",
            "voie": "Rue de la Monnaie",
            "code_postal": "59000",
            "ville": "Lille",
            "code_insee": "59350",
        }
    ]


def test_import_ban_command(tmp_path):
    fichier = tmp_path / "ban.csv"
    fichier.write_text(BAN, encoding="utf-8")
    out = StringIO()
    call_command("import_ban", str(fichier), stdout=out)
    assert out.getvalue() == "3 créé(s), 0 mis à jour, 0 inchangé(s), 1 rejeté(s)\n"


def test_demo_data_for_filing_is_idempotent():
    call_command("seed_demo_demandes", "--allow-production", stdout=StringIO())
    call_command("seed_demo_demandes", "--allow-production", stdout=StringIO())
    assert EPhoto.objects.count() == 10
    assert Adresse.objects.count() == 10
    assert all(len(e.code) == 22 for e in EPhoto.objects.all())


def test_suggestions_match_words_anywhere_in_the_address():
    adresses_importer(io.StringIO(BAN))
    libelles = [a.libelle for a in suggestions("rue des pyr")]
    assert libelles == ["18 Rue des Pyrénées 31400 Toulouse", "18bis Rue des Pyrénées 75020 Paris"]
    assert [a.libelle for a in suggestions("pyrenees toulouse")] == [
        "18 Rue des Pyrénées 31400 Toulouse"
    ]
    # What starts with the typed text comes first.
    assert suggestions("18 rue de")[0].libelle == "18 Rue de la Monnaie 59000 Lille"
