"""« Vérifier une attestation »: a valid PDF, a photo, pasted text; a tampered code, a random
image, an unknown certificate, an expired validity; the rate limit."""

import datetime
import io
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from attestations import selectors
from attestations.models import Attestation
from demandes import suites
from tests.attestations.outils import demande_deposee, pages_png

pytestmark = pytest.mark.django_db
URL = "/attestations/verifier/"


@pytest.fixture
def depot():
    demande = demande_deposee()
    return Attestation.objects.get(pk=suites.documents_du_depot_generer(demande=demande)[0])


def envoyer(client, contenu: bytes, nom: str, type_mime: str):
    return client.post(URL, {"fichier": SimpleUploadedFile(nom, contenu, content_type=type_mime)})


def test_page_is_public_and_linked_from_the_footer(client):
    reponse = client.get(URL)
    assert reponse.status_code == 200
    assert "Vérifier une attestation" in reponse.content.decode()
    assert URL in client.get("/").content.decode()


def test_the_pdf_of_a_valid_attestation_is_authentic(client, depot):
    reponse = envoyer(client, selectors.contenu(depot), "a.pdf", "application/pdf")
    page = reponse.content.decode()
    assert reponse.status_code == 200
    assert "Attestation authentique" in page
    assert "Confirmation de dépôt d&#x27;une demande de titre de séjour" in page
    assert depot.demande.numero in page and "DUPONT" in page
    assert "SPECIMEN — sans valeur" in page


def test_a_photo_of_the_page_is_authentic(client, depot):
    image = pages_png(selectors.contenu(depot), resolution=200)[0].convert("RGB")
    photo = io.BytesIO()
    image.rotate(3, expand=True, fillcolor="white").save(photo, format="JPEG", quality=90)
    page = envoyer(client, photo.getvalue(), "photo.jpg", "image/jpeg").content.decode()
    assert "Attestation authentique" in page


def test_pasted_text_is_verified(client, depot):
    page = client.post(URL, {"texte": depot.donnees["deuxddoc"]}).content.decode()
    assert "Attestation authentique" in page


def test_tampered_code_is_refused(client, depot):
    falsifie = depot.donnees["deuxddoc"].replace("DUPONT", "DURAND", 1)
    page = client.post(URL, {"texte": falsifie}).content.decode()
    assert "Signature invalide" in page
    assert "Attestation authentique" not in page


def test_random_image_has_no_code(client):
    hasard = random.Random(4)
    image = Image.frombytes("L", (300, 300), bytes(hasard.randrange(256) for _ in range(90_000)))
    sortie = io.BytesIO()
    image.save(sortie, format="PNG")
    page = envoyer(client, sortie.getvalue(), "bruit.png", "image/png").content.decode()
    assert "Aucun code 2D-DOC n&#x27;a été trouvé" in page


def test_a_file_that_is_no_image_is_refused(client):
    page = envoyer(client, b"MZ\x90\x00 not an image", "x.exe", "image/png").content.decode()
    assert "n&#x27;est ni une image ni un PDF lisible" in page


def test_text_that_is_no_2ddoc_is_refused(client):
    page = client.post(URL, {"texte": "bonjour"}).content.decode()
    assert "n&#x27;est pas le 2D-DOC d&#x27;une attestation" in page


def test_unknown_certificate_is_refused(client, depot):
    autre = depot.donnees["deuxddoc"].replace("DC04ZZ000001", "DC04FR000001", 1)
    page = client.post(URL, {"texte": autre}).content.decode()
    assert "Certificat inconnu" in page and "FR00" in page


def test_expired_validity_is_refused(client):
    demande = demande_deposee(depot=datetime.date(2022, 4, 26), bpi=True)
    adp = Attestation.objects.get(pk=suites.documents_du_depot_generer(demande=demande)[1])
    page = client.post(URL, {"texte": adp.donnees["deuxddoc"]}).content.decode()
    assert "Validité expirée" in page and "25/10/2022" in page
    assert "Attestation authentique" not in page


def test_an_empty_form_asks_for_something(client):
    page = client.post(URL, {}).content.decode()
    assert "Joignez une photo ou le PDF" in page


def test_rate_limited_per_address(client, settings):
    settings.ATTESTATIONS_VERIFICATIONS_MAX = 3
    for _ in range(3):
        assert client.post(URL, {"texte": "x"}, REMOTE_ADDR="10.0.0.1").status_code == 200
    reponse = client.post(URL, {"texte": "x"}, REMOTE_ADDR="10.0.0.1")
    assert reponse.status_code == 429
    assert "trop de vérifications" in reponse.content.decode()
    assert client.post(URL, {"texte": "x"}, REMOTE_ADDR="10.0.0.2").status_code == 200


def test_nothing_uploaded_is_stored(client, depot, monkeypatch):
    from django.core.files.storage import default_storage

    avant = default_storage.listdir("attestations/" + str(depot.demande_id))
    envoyer(client, selectors.contenu(depot), "a.pdf", "application/pdf")
    assert default_storage.listdir("attestations/" + str(depot.demande_id)) == avant
    assert Attestation.objects.count() == 1


def _lignes(page: str) -> dict[str, str]:
    import html
    import re

    table = page[page.index('id="verification-champs"') :]
    return {
        html.unescape(th).strip(): html.unescape(td).strip()
        for th, td in re.findall(r'<th scope="row">([^<]*)</th>\s*<td>([^<]*)</td>', table)
    }


def test_the_result_reads_as_words_not_codes(client, depot):
    lignes = _lignes(client.post(URL, {"texte": depot.donnees["deuxddoc"]}).content.decode())
    assert lignes["Sexe"] == "Femme"
    assert lignes["Pays de naissance"] == "Maroc"
    assert lignes["Nationalité"] == "MAROCAINE"
    assert lignes["Pays du domicile"] == "France"
    assert lignes["Date de naissance"] == "12/04/2001"
    assert "Nom d'usage" not in lignes  # none typed: the code repeats the birth name


def test_a_nom_d_usage_is_shown_when_there_is_one(client):
    demande = demande_deposee(personnel={"nom_usage": "Martin"})
    depot = Attestation.objects.get(pk=suites.documents_du_depot_generer(demande=demande)[0])
    lignes = _lignes(client.post(URL, {"texte": depot.donnees["deuxddoc"]}).content.decode())
    assert lignes["Nom d'usage"] == "MARTIN"
    assert lignes["Nom de naissance"] == "DUPONT"
