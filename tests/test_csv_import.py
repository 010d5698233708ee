"""The three CSV imports (registry, e-photos, BAN addresses) share one reader, one report and
one date parser: the same file shapes give the same answers on `;` and `,` files."""

import csv
import datetime
import io
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from accounts.models import DocumentSejour
from accounts.registre_csv import registre_importer
from anef.csv_import import FichierCsvInvalide, date_lire
from demandes.adresses import adresses_importer
from demandes.models import Adresse
from justificatifs.models import EPhoto
from justificatifs.services import ephotos_importer

pytestmark = pytest.mark.django_db

REGISTRE = [
    [
        "numero",
        "nature",
        "numero_etranger",
        "nom_naissance",
        "prenoms",
        "sexe",
        "date_naissance",
        "pays_naissance",
        "lieu_naissance",
        "nationalite",
        "type_titre",
        "motif",
        "mention",
        "date_debut_validite",
        "date_fin_validite",
    ],
    [
        "3399000201",
        "titre_sejour",
        "3303021457",
        "AHMADI",
        "Farid; Ahmad",
        "M",
        "12/03/1990",
        "AF",
        "Kaboul, Afghanistan",
        "AF",
        "Carte de séjour pluriannuelle",
        "BPS",
        "BENEFICIAIRE DE LA PROTECTION SUBSIDIAIRE",
        "2022-10-01",
        "2026-09-30",
    ],
    [
        "3399000202",
        "titre_sejour",
        "3303021458",
        "AHMADI",
        "Zahra",
        "F",
        "1992-05-01",
        "AF",
        "K" * 101,
        "AF",
        "",
        "BPS",
        "",
        "2022-10-01",
        "2026-09-30",
    ],
]
EPHOTOS = [
    ["code", "prise_le", "cabine"],
    ["1PMT EK77 0613 1138 07AA 00", "15/01/2026", "Gare de Lille, hall 2; quai A"],
    ["2PMTEK770613113807AA00", "2026-13-01", "Mairie"],
]
BAN = [
    ["id", "numero", "rep", "nom_voie", "code_postal", "code_insee", "nom_commune"],
    ["59350_1", "18", "", "Rue de la Monnaie, prolongée; bis", "59000", "59350", "Lille"],
    ["59350_2", "1", "", "R" * 151, "59000", "59350", "Lille"],
]


def fichier(lignes: list[list[str]], delimiteur: str) -> StringIO:
    texte = StringIO()
    csv.writer(texte, delimiter=delimiteur, lineterminator="\n").writerows(lignes)
    return StringIO(texte.getvalue())


def ligne_csv(valeurs: list[str]) -> str:
    return fichier([valeurs], ",").getvalue()


IMPORTS = {
    "registre": (registre_importer, REGISTRE, "lieu de naissance : 100 caractères au plus"),
    "ephotos": (ephotos_importer, EPHOTOS, "prise_le invalide"),
    "ban": (adresses_importer, BAN, "voie : 150 caractères au plus"),
}


@pytest.fixture(autouse=True)
def _jour():
    with time_machine.travel(datetime.datetime(2026, 2, 1, 12, 0), tick=False):
        yield


@pytest.mark.parametrize("delimiteur", [";", ","])
@pytest.mark.parametrize("nom", IMPORTS)
def test_quoted_fields_keep_their_delimiters_and_a_bad_row_is_reported(nom, delimiteur):
    importer, lignes, raison = IMPORTS[nom]

    rapport = importer(lignes=fichier(lignes, delimiteur))

    assert rapport.crees == 1
    [(ligne, motif)] = rapport.rejetes
    assert ligne == 3
    assert raison in motif


@pytest.mark.parametrize("delimiteur", [";", ","])
def test_the_values_with_delimiters_are_stored_whole(delimiteur):
    registre_importer(lignes=fichier(REGISTRE, delimiteur))
    ephotos_importer(lignes=fichier(EPHOTOS, delimiteur))
    adresses_importer(lignes=fichier(BAN, delimiteur))

    document = DocumentSejour.objects.get()
    assert (document.prenoms, document.lieu_naissance) == ("Farid; Ahmad", "Kaboul, Afghanistan")
    assert EPhoto.objects.get().code == "1PMTEK770613113807AA00"
    assert EPhoto.objects.get().prise_le == datetime.date(2026, 1, 15)
    assert Adresse.objects.get().voie == "Rue de la Monnaie, prolongée; bis"


@pytest.mark.parametrize("nom", IMPORTS)
def test_every_import_answers_the_same_to_a_broken_file(nom):
    importer, lignes, _raison = IMPORTS[nom]
    entete = ",".join(lignes[0])

    with pytest.raises(FichierCsvInvalide, match="Le fichier est vide"):
        importer(lignes=[])
    with pytest.raises(FichierCsvInvalide, match=f"absente\\(s\\) de l'en-tête : {lignes[0][1]}"):
        importer(lignes=[entete.replace(lignes[0][1], "autre"), ligne_csv(lignes[1])])

    rapport = importer(lignes=[entete, "", ligne_csv(lignes[1][:1]), ligne_csv([*lignes[1], "x"])])

    assert rapport.crees == 0
    assert [ligne for ligne, _motif in rapport.rejetes] == [3, 4]
    assert rapport.rejetes[0][1].startswith("colonne(s) manquante(s) : ")
    assert rapport.rejetes[1][1] == (
        f"trop de valeurs : {len(lignes[0]) + 1} au lieu de {len(lignes[0])}"
    )


@pytest.mark.parametrize(
    ("commande", "lignes"),
    [("import_registre", REGISTRE), ("import_ephotos", EPHOTOS), ("import_ban", BAN)],
)
def test_every_import_command_prints_the_same_report(tmp_path, commande, lignes):
    chemin = tmp_path / "fichier.csv"
    chemin.write_text(fichier(lignes, ",").getvalue(), encoding="utf-8")
    out, err = StringIO(), StringIO()

    call_command(commande, str(chemin), stdout=out, stderr=err)

    assert out.getvalue() == "1 créé(s), 0 mis à jour, 0 inchangé(s), 1 rejeté(s)\n"
    assert err.getvalue().startswith("ligne 3 : ")

    out = StringIO()
    call_command(commande, str(chemin), stdout=out, stderr=StringIO())
    assert out.getvalue() == "0 créé(s), 0 mis à jour, 1 inchangé(s), 1 rejeté(s)\n"

    chemin.write_text("", encoding="utf-8")
    with pytest.raises(CommandError, match="Le fichier est vide"):
        call_command(commande, str(chemin))


@pytest.mark.parametrize(
    ("texte", "attendu"),
    [
        ("2026-01-31", datetime.date(2026, 1, 31)),
        ("31/01/2026", datetime.date(2026, 1, 31)),
        (" 2026-01-31 ", datetime.date(2026, 1, 31)),
        ("31/02/2026", None),
        ("2026-1-31x", None),
        ("", None),
    ],
)
def test_one_date_parser(texte, attendu):
    assert date_lire(texte) == attendu


def test_a_ban_file_with_a_line_feed_inside_quotes_keeps_line_numbers():
    contenu = (
        "numero;nom_voie;code_postal;code_insee;nom_commune\n"
        '1;"Rue\nsur deux lignes";59000;59350;Lille\n'
        "2;Rue Nationale;5900;59350;Lille\n"
    )

    rapport = adresses_importer(io.StringIO(contenu, newline=""))

    assert rapport.crees == 1
    assert rapport.rejetes == [(4, "code postal invalide (5 chiffres attendus)")]
