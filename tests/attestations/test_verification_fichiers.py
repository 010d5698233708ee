"""« Vérifier une attestation » with files that are too large or costly to read: each gets its
own reason, never a generic error, and the decoding stays within the child process's limits."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from PIL import Image

from attestations import lecture, verification
from attestations.forms import VerificationForm
from tests.justificatifs import echantillons

pytestmark = pytest.mark.django_db
URL = "/attestations/verifier/"


def test_a_file_over_10_mb_is_said_to_be_too_large_beside_the_field(client):
    contenu = echantillons.pdf_a_taille(10 * 1024 * 1024 + 1)
    reponse = client.post(URL, {"fichier": SimpleUploadedFile("a.pdf", contenu)})
    page = reponse.content.decode()
    assert "Le fichier dépasse la taille maximale de 10 Mo." in page
    assert verification.FICHIER_ILLISIBLE.replace("'", "&#x27;") not in page


def test_the_upload_cut_off_at_the_limit_is_refused_by_its_received_size():
    request = RequestFactory().post(
        URL, {"fichier": SimpleUploadedFile("a.pdf", b"%" * (10 * 1024 * 1024 + 1))}
    )
    form = VerificationForm(request.POST, request.FILES)
    assert not form.is_valid()
    assert form.errors["fichier"] == ["Le fichier dépasse la taille maximale de 10 Mo."]


def test_a_small_png_declaring_49_million_colour_pixels_is_refused_before_decoding(client):
    contenu = echantillons.png_reel(7000, 7000)
    reponse = client.post(URL, {"fichier": SimpleUploadedFile("a.png", contenu)})
    assert "Image trop grande pour être lue" in reponse.content.decode()


def test_a_large_jpeg_is_read_at_a_reduced_scale(monkeypatch):
    monkeypatch.setattr(lecture, "OCTETS_PIXELS_MAX", 1_000_000)
    image = Image.open(io.BytesIO(echantillons.image("JPEG", taille=(1000, 800))))
    lecture._reduire(image)
    image.load()
    assert image.size == (500, 400)


def test_a_file_no_reader_opens_is_said_unreadable():
    resultat = verification.verifier_fichier(b"\x89PNG\r\n\x1a\nnot really")
    assert resultat.message == verification.FICHIER_ILLISIBLE


@pytest.mark.parametrize("type_action", ["URI", "GoToR"])
def test_a_pdf_with_a_link_is_read_on_the_verification_page_not_refused(type_action):
    """The page only looks for a 2D-DOC in the file; it keeps nothing, so links do not matter."""
    assert verification.textes_du_fichier(echantillons.pdf_action(type_action)) == []
