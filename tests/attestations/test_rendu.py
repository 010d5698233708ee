"""The printed page read back: DataMatrix decoded from the rasterised page and verified, MRZ
check digits, Marianne embedded, SPECIMEN mark, hostile values, the restricted URL fetcher."""

import datetime
import io
import time

import pytest
from pypdf import PdfReader

from attestations import cles, deuxddoc, rendu, selectors
from attestations.models import Attestation
from demandes import suites
from tests.attestations.mrz_parse import parse_mrz
from tests.attestations.outils import datamatrix_de_la_page, demande_deposee, texte_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def adp_bpi():
    demande = demande_deposee(depot=datetime.date(2022, 4, 26), bpi=True)
    pk = suites.documents_du_depot_generer(demande=demande)[1]
    return Attestation.objects.get(pk=pk)


def test_datamatrix_on_the_page_decodes_parses_and_verifies(adp_bpi):
    contenu = selectors.contenu(adp_bpi)
    lu = datamatrix_de_la_page(contenu)
    assert lu == adp_bpi.donnees["deuxddoc"]
    decode = deuxddoc.parse(lu)
    entete = decode.header
    assert (entete.version, entete.doc_type, entete.perimeter, entete.country) == (
        "04",
        "13",
        "01",
        "FR",
    )
    assert (entete.authority_id, entete.certificate_id) == ("ZZ00", "0001")
    assert entete.issue_date == datetime.date(2022, 4, 26)
    assert deuxddoc.has_valid_signature(decode, cles.cle_publique("ZZ00", "0001"))
    document = adp_bpi.demande.document_actuel
    assert decode.fields == {
        "6J": "2",
        "6K": adp_bpi.demande.numero,
        "6L": "26042022",
        "6P": "AUTORISE A TRAVAILLER",
        "6Q": document.numero_etranger,
        "62": "DUPONT",
        "63": "DUPONT",
        "60": "AMINA",
        "68": "F",
        "69": "12042001",
        "6A": "RABAT",
        "6C": "MA",
        "67": "MA",
        "6U": "20 RUE NATIONALE",
        "6W": "59000",
        "6X": "LILLE",
        "6M": "ETUDIANT ELEVE",
        "6N": "26042022",
        "6O": "25102022",
        "6Y": "FR",
    }
    for di, champ in deuxddoc.TYPE_13_FIELDS.items():
        if champ.presence is deuxddoc.Presence.MANDATORY:
            assert di in decode.fields


def test_deposit_confirmation_code_says_6J_1_and_has_no_validity():
    demande = demande_deposee()
    attestation = Attestation.objects.get(pk=suites.documents_du_depot_generer(demande=demande)[0])
    decode = deuxddoc.parse(datamatrix_de_la_page(selectors.contenu(attestation)))
    assert decode.fields["6J"] == "1"
    assert "6N" not in decode.fields and "6O" not in decode.fields
    assert deuxddoc.has_valid_signature(decode, cles.cle_publique("ZZ00", "0001"))


def test_one_changed_character_breaks_the_signature(adp_bpi):
    texte = adp_bpi.donnees["deuxddoc"]
    cle = cles.cle_publique("ZZ00", "0001")
    assert deuxddoc.has_valid_signature(deuxddoc.parse(texte), cle)
    falsifie = texte.replace("DUPONT", "DUPONS", 1)
    assert not deuxddoc.has_valid_signature(deuxddoc.parse(falsifie), cle)
    date = texte.replace("25102022", "25102023", 1)
    assert not deuxddoc.has_valid_signature(deuxddoc.parse(date), cle)


def test_mrz_band_is_printed_with_valid_check_digits(adp_bpi):
    lignes = adp_bpi.donnees["mrz_lignes"]
    texte = texte_pdf(selectors.contenu(adp_bpi))
    for ligne in lignes:
        assert ligne in texte
    lu = parse_mrz(lignes)
    assert lu["nature"] == "ADP"
    assert lu["numero_demande"] == adp_bpi.demande.numero
    assert lu["identifiant"] == adp_bpi.demande.document_actuel.numero_etranger
    assert lu["date_naissance"] == "010412"
    assert lu["nationalite"] == "MAR"
    assert lu["fin_validite"] == "221025"
    assert (lu["nom"], lu["prenoms"]) == ("DUPONT", "AMINA")


def test_marianne_is_embedded_and_the_page_is_a4(adp_bpi):
    lecteur = PdfReader(io.BytesIO(selectors.contenu(adp_bpi)))
    page = lecteur.pages[0]
    largeur, hauteur = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(largeur / 72 * 25.4), round(hauteur / 72 * 25.4)) == (210, 297)
    polices = set()
    for objet in page["/Resources"]["/Font"].values():
        police = objet.get_object()
        descripteur = police["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descripteur or "/FontFile3" in descripteur  # embedded
        polices.add(str(police["/BaseFont"]))
    assert any("Marianne" in nom for nom in polices), polices


def test_development_key_marks_every_page_specimen(adp_bpi):
    texte = texte_pdf(selectors.contenu(adp_bpi))
    assert texte.count("SPECIMEN — sans") >= 2  # watermark and banner


def test_a_configured_authority_prints_no_specimen(settings, tmp_path):
    chemin = tmp_path / "cle.pem"
    cles.cle_dev_creer(chemin)
    settings.ATTESTATIONS_AUTORITE = "FR05"
    settings.ATTESTATIONS_CERTIFICAT = "AB12"
    settings.ATTESTATIONS_CLE_PRIVEE = chemin
    settings.ATTESTATIONS_SPECIMEN = False
    demande = demande_deposee()
    attestation = Attestation.objects.get(pk=suites.documents_du_depot_generer(demande=demande)[0])
    contenu = selectors.contenu(attestation)
    assert "SPECIMEN" not in texte_pdf(contenu)
    entete = deuxddoc.parse(datamatrix_de_la_page(contenu)).header
    assert (entete.authority_id, entete.certificate_id) == ("FR05", "AB12")


def test_missing_production_key_is_a_configuration_error(settings, tmp_path):
    from django.core.exceptions import ImproperlyConfigured

    settings.ATTESTATIONS_AUTORITE = "FR05"
    settings.ATTESTATIONS_CLE_PRIVEE = tmp_path / "absente.pem"
    with pytest.raises(ImproperlyConfigured):
        cles.signataire()
    assert not (tmp_path / "absente.pem").exists()


# --- Hostile values ---------------------------------------------------------------------------


def test_hostile_values_render_escaped_and_fetch_nothing(monkeypatch):
    demande = demande_deposee(
        personnel={
            "voie": '<img src="file:///etc/passwd"> <link rel=stylesheet href=http://example.com/x.css>',
            "ville": "\u202eELLIL\u202c" + "X" * 10_000,
            "nom_usage": "<script>alert(1)</script>",
        }
    )
    demandes_vues = []
    original = rendu.ressource

    def espion(url):
        demandes_vues.append(url)
        return original(url)

    monkeypatch.setattr(rendu, "ressource", espion)
    attestation = Attestation.objects.get(pk=suites.documents_du_depot_generer(demande=demande)[0])
    contenu = selectors.contenu(attestation)
    texte = texte_pdf(contenu)
    assert '<IMG SRC="FILE:///ETC/PASSWD">' in texte  # printed as text, not fetched
    assert "<SCRIPT>ALERT(1)</SCRIPT>" in texte
    assert "root:" not in texte
    assert all(
        u.startswith(("https://static.anef.invalid/static/", "data:")) for u in demandes_vues
    )
    # The 2D-DOC stays within the standard: transliterated, control characters dropped, cut.
    decode = deuxddoc.parse(datamatrix_de_la_page(contenu))
    assert decode.fields["6X"].startswith("ELLILX") and len(decode.fields["6X"]) == 32
    assert "6X" in decode.truncated
    assert deuxddoc.has_valid_signature(decode, cles.cle_publique("ZZ00", "0001"))


def test_a_ten_kilobyte_name_renders_quickly_with_the_band_on_each_page():
    debut = time.perf_counter()
    contexte = {
        "d": {
            "titre": ["CONFIRMATION DU DÉPÔT", "D'UNE DEMANDE DE TITRE DE SÉJOUR"],
            "references": [["N° de la demande", "5901202308180000190"]],
            "etat_civil": [["Nom de naissance", "\u202e" + "A" * 10_240]],
            "paragraphes": [{"texte": "<img src=file:///etc/passwd>", "gras": False}],
        },
        "datamatrix": "",
        "mrz": ["XDEP" + "<" * 26, "0" * 30, "A<<B" + "<" * 26],
        "specimen": True,
    }
    contenu = rendu.render_to_pdf("attestations/attestation.html", contexte)
    lecteur = PdfReader(io.BytesIO(contenu))
    assert len(lecteur.pages) >= 1
    texte = texte_pdf(contenu)
    assert "<img src=file:///etc/passwd>" in texte
    assert 100 < texte.replace(" ", "").count("AAAAAAAAAA") * 10 < 200  # cut to 160 characters
    assert texte.count("XDEP") == len(lecteur.pages)
    assert time.perf_counter() - debut < 10


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.com/",
        "https://example.com/static/attestations/attestation.css",
        "https://static.anef.invalid/etc/passwd",
        "https://static.anef.invalid/static/../../../../etc/passwd",
        "https://static.anef.invalid/static/attestations/../../settings.py",
        "https://static.anef.invalid/static/attestations/attestation.css?x=1",
        "ftp://static.anef.invalid/static/attestations/attestation.css",
    ],
)
def test_url_fetcher_refuses_everything_but_our_static_files(url):
    with pytest.raises(rendu.RessourceRefusee):
        rendu.ressource(url)
    with pytest.raises(Exception):  # noqa: B017 — the WeasyPrint fetcher refuses it too
        rendu.url_fetcher().fetch(url)


def test_url_fetcher_serves_our_css_and_the_dsfr_marianne_font():
    css, media = rendu.ressource("https://static.anef.invalid/static/attestations/attestation.css")
    assert media == "text/css" and b"Marianne" in css
    police, media = rendu.ressource(
        "https://static.anef.invalid/static/dsfr/dist/fonts/Marianne-Regular.woff2"
    )
    assert media == "font/woff2" and police[:4] == b"wOF2"


def test_render_succeeds_when_the_html_asks_for_forbidden_resources(settings, tmp_path):
    gabarit = tmp_path / "hostile.html"
    gabarit.write_text(
        '<html><head><link rel="stylesheet" href="http://example.com/x.css"></head><body>'
        '<img src="file:///etc/passwd"><img src="http://example.com/x.png"><p>corps</p>'
        "</body></html>"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    contenu = rendu.render_to_pdf("hostile.html", {})
    assert contenu.startswith(b"%PDF") and "corps" in texte_pdf(contenu)
