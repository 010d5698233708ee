import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accounts.models import DocumentSejour, NatureDocument
from accounts.registre_csv import RegistreFichierInvalide, registre_importer
from tests.accounts.factories import DocumentSejourFactory, PrefectureFactory

pytestmark = pytest.mark.django_db

ENTETE = (
    "numero,nature,numero_etranger,nom_naissance,prenoms,sexe,date_naissance,pays_naissance,"
    "lieu_naissance,nationalite,type_titre,motif,mention,date_debut_validite,date_fin_validite,"
    "prefecture"
)
ETUDIANTE = (
    "7599000102,titre_sejour,7503136189,BENALI,Amina,F,2001-04-12,MA,Rabat,MAR,"
    "Carte de séjour temporaire,Etudiant,ETUDIANT- ÉLÈVE,2025-09-01,2026-08-31,59"
)
BPS = (
    "3399000201,titre_sejour,3303021457,AHMADI,Farid Ahmad,M,12/03/1990,AFG,Kaboul,AF,"
    "Carte de séjour pluriannuelle,BPS,BENEFICIAIRE DE LA PROTECTION SUBSIDIAIRE,"
    "01/10/2022,30/09/2026,"
)
VISA = "7503119958,visa,,SILVA,Lucas,M,2001-01-01,BR,São Paulo,BR,,Etudiant,,2026-01-10,2026-04-09,"


@pytest.fixture
def nord():
    return PrefectureFactory(code="59", nom="Préfecture du Nord", ville="Lille")


def importer(*lignes):
    return registre_importer(lignes=[ENTETE, *lignes])


def test_good_file_creates_each_document_with_its_values(nord):
    rapport = importer(ETUDIANTE, BPS, VISA)

    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges, rapport.rejetes) == (3, 0, 0, [])
    etudiante = DocumentSejour.objects.get(numero="7599000102")
    assert etudiante.nature == NatureDocument.TITRE_SEJOUR
    assert etudiante.numero_etranger == "7503136189"
    assert (etudiante.nom_naissance, etudiante.prenoms, etudiante.sexe) == ("BENALI", "Amina", "F")
    assert etudiante.date_naissance == datetime.date(2001, 4, 12)
    assert etudiante.pays_naissance == "MA"
    assert etudiante.lieu_naissance == "Rabat"
    assert etudiante.nationalite == "MA"  # given as alpha-3 MAR
    assert etudiante.type_titre == "Carte de séjour temporaire"
    assert (etudiante.motif, etudiante.mention) == ("Etudiant", "ETUDIANT- ÉLÈVE")
    assert etudiante.date_debut_validite == datetime.date(2025, 9, 1)
    assert etudiante.date_fin_validite == datetime.date(2026, 8, 31)
    assert etudiante.prefecture == nord

    bps = DocumentSejour.objects.get(numero="3399000201")
    assert bps.prenoms == "Farid Ahmad"
    assert bps.date_naissance == datetime.date(1990, 3, 12)
    assert bps.pays_naissance == "AF"
    assert bps.mention == "BENEFICIAIRE DE LA PROTECTION SUBSIDIAIRE"
    assert bps.date_debut_validite == datetime.date(2022, 10, 1)
    assert bps.date_fin_validite == datetime.date(2026, 9, 30)
    assert bps.prefecture is None

    visa = DocumentSejour.objects.get(numero="7503119958")
    assert visa.nature == NatureDocument.VISA
    assert visa.numero_etranger == ""
    assert visa.lieu_naissance == "São Paulo"


def test_reimporting_the_same_file_writes_nothing(nord):
    importer(ETUDIANTE, BPS)
    avant = dict(DocumentSejour.objects.values_list("numero", "mis_a_jour_le"))

    rapport = importer(ETUDIANTE, BPS)

    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges, rapport.rejetes) == (0, 0, 2, [])
    assert dict(DocumentSejour.objects.values_list("numero", "mis_a_jour_le")) == avant


def test_a_changed_line_updates_the_existing_document(nord):
    DocumentSejourFactory(
        numero="7599000102",
        date_debut_validite=datetime.date(2025, 9, 1),
        date_fin_validite=datetime.date(2026, 1, 1),
    )

    rapport = importer(ETUDIANTE, BPS)

    assert (rapport.crees, rapport.mis_a_jour, rapport.inchanges) == (1, 1, 0)
    document = DocumentSejour.objects.get(numero="7599000102")
    assert document.date_fin_validite == datetime.date(2026, 8, 31)
    assert document.nom_naissance == "BENALI"
    assert DocumentSejour.objects.count() == 2


def _remplacer(ligne: str, index: int, valeur: str) -> str:
    valeurs = ligne.split(",")
    valeurs[index] = valeur
    return ",".join(valeurs)


@pytest.mark.parametrize(
    ("index", "valeur", "raison"),
    [
        (0, "", "numéro du document invalide"),
        (1, "carte", "nature inconnue « carte »"),
        (2, "75031361", "N° étranger invalide (10 chiffres attendus, ou vide)"),
        (3, "", "champ « nom de naissance » manquant"),
        (5, "H", "sexe invalide (attendu : F, M ou X)"),
        (6, "31/02/2001", "date de naissance invalide (format AAAA-MM-JJ ou JJ/MM/AAAA attendu)"),
        (7, "ZZ", "pays de naissance inconnu"),
        (9, "France", "nationalité inconnue"),
        (13, "2025-13-01", "date de début de validité invalide"),
        (14, "2025-08-31", "date de fin de validité antérieure à la date de début"),
        (15, "99", "code préfecture inconnu « 99 »"),
    ],
)
def test_a_malformed_line_is_rejected_with_its_reason(nord, index, valeur, raison):
    rapport = importer(BPS, _remplacer(ETUDIANTE, index, valeur))

    assert rapport.crees == 1
    assert len(rapport.rejetes) == 1
    ligne, motif = rapport.rejetes[0]
    assert ligne == 3
    assert raison in motif
    assert not DocumentSejour.objects.filter(numero="7599000102").exists()


def test_bad_lines_are_listed_with_their_file_line_and_good_lines_still_imported(nord):
    lignes = [
        ENTETE,
        "",
        _remplacer(ETUDIANTE, 1, "passeport"),
        BPS,
        ",".join(ETUDIANTE.split(",")[:12]),
        ETUDIANTE + ",en trop",
        VISA,
        BPS,
        ",,,",
        _remplacer(_remplacer(VISA, 13, "2026-05-01"), 7, "XYZ"),
    ]

    rapport = registre_importer(lignes=lignes)

    assert (rapport.crees, rapport.mis_a_jour) == (2, 0)
    assert rapport.rejetes == [
        (3, "nature inconnue « passeport » (attendu : titre_sejour, vls_ts ou visa)"),
        (
            5,
            "colonne(s) manquante(s) : mention, date_debut_validite, date_fin_validite, prefecture",
        ),
        (6, "trop de valeurs : 17 au lieu de 16"),
        (8, "numéro de document déjà présent plus haut dans le fichier"),
        (
            10,
            "pays de naissance inconnu (code ISO à 2 ou 3 lettres attendu) ; "
            "date de fin de validité antérieure à la date de début",
        ),
    ]
    assert set(DocumentSejour.objects.values_list("numero", flat=True)) == {
        "3399000201",
        "7503119958",
    }


def test_reasons_never_quote_the_holder(nord):
    ligne = _remplacer(_remplacer(ETUDIANTE, 6, "12/04/20011"), 9, "Maroc")

    [(_ligne, raison)] = importer(ligne).rejetes

    for donnee in ["BENALI", "Amina", "20011", "Maroc", "Rabat"]:
        assert donnee not in raison


def test_a_quoted_field_spanning_lines_keeps_the_next_line_numbers_true(nord):
    multiligne = _remplacer(BPS, 8, '"Kaboul\n(Afghanistan)"')
    rapport = registre_importer(
        lignes=[ENTETE + "\n", *(multiligne + "\n").splitlines(keepends=True), "x,carte\n"]
    )

    assert rapport.crees == 1
    assert DocumentSejour.objects.get().lieu_naissance == "Kaboul\n(Afghanistan)"
    assert rapport.rejetes[0][0] == 4


def test_bom_and_semicolon_delimiter(nord, tmp_path):
    fichier = tmp_path / "registre.csv"
    lignes = [ENTETE, ETUDIANTE, BPS.replace("Farid Ahmad", '"Farid, Ahmad"')]
    contenu = "\n".join(ligne.replace(",", ";") for ligne in lignes)
    fichier.write_bytes(b"\xef\xbb\xbf" + contenu.encode())

    with open(fichier, encoding="utf-8", newline="") as lignes_fichier:
        rapport = registre_importer(lignes=lignes_fichier)

    assert (rapport.crees, rapport.rejetes) == (2, [])
    assert DocumentSejour.objects.get(numero="3399000201").prenoms == "Farid; Ahmad"
    assert DocumentSejour.objects.get(numero="7599000102").prefecture == nord


def test_small_batches_import_every_line(nord):
    lignes = [_remplacer(ETUDIANTE, 0, f"75990001{n:02d}") for n in range(7)]

    rapport = registre_importer(lignes=[ENTETE, *lignes], taille_lot=3)

    assert rapport.crees == 7
    assert DocumentSejour.objects.count() == 7


def test_header_without_a_required_column_is_refused():
    with pytest.raises(RegistreFichierInvalide, match="motif, mention"):
        registre_importer(lignes=[ENTETE.replace("motif,mention,", ""), ETUDIANTE])


def test_prefecture_column_is_optional():
    entete = ENTETE.removesuffix(",prefecture")
    ligne = VISA.removesuffix(",")

    rapport = registre_importer(lignes=[entete, ligne])

    assert (rapport.crees, rapport.rejetes) == (1, [])


def test_command_prints_counts_and_rejected_lines_without_personal_data(nord, tmp_path):
    fichier = tmp_path / "registre.csv"
    fichier.write_text(
        "\n".join([ENTETE, ETUDIANTE, _remplacer(BPS, 2, "123"), VISA]) + "\n", encoding="utf-8"
    )
    out, err = StringIO(), StringIO()

    call_command("import_registre", str(fichier), stdout=out, stderr=err)

    assert out.getvalue() == "2 créé(s), 0 mis à jour, 0 inchangé(s), 1 rejeté(s)\n"
    assert err.getvalue() == ("ligne 3 : N° étranger invalide (10 chiffres attendus, ou vide)\n")

    out = StringIO()
    call_command("import_registre", str(fichier), stdout=out, stderr=StringIO())
    assert out.getvalue() == "0 créé(s), 0 mis à jour, 2 inchangé(s), 1 rejeté(s)\n"


def test_command_fails_when_the_file_cannot_be_read(tmp_path):
    with pytest.raises(CommandError, match="Impossible de lire le fichier"):
        call_command("import_registre", str(tmp_path / "absent.csv"))

    latin1 = tmp_path / "latin1.csv"
    latin1.write_bytes((ENTETE + "\n" + VISA).encode("latin-1"))
    with pytest.raises(CommandError, match="encodage UTF-8"):
        call_command("import_registre", str(latin1))


def test_command_refuses_a_file_without_header(tmp_path):
    vide = tmp_path / "vide.csv"
    vide.write_text("", encoding="utf-8")

    with pytest.raises(CommandError, match="Le fichier est vide"):
        call_command("import_registre", str(vide))
