"""The hostile-upload corpus (echantillons): damaged PDFs a reader opens, PDFs whose clicks
leave the document, files that cost more to check than their size suggests."""

import io
import time

import pytest
from PIL import Image
from pypdf import PdfReader

from justificatifs import controle
from justificatifs.validation import FichierRefuse, verifier_fichier
from tests.justificatifs import echantillons

LIEN_SORTANT = "Ce PDF contient un lien ou une action qui sort du document"
ACTIF = "Ce PDF contient du contenu actif"
TROP_COMPLEXE = "Le fichier est trop complexe pour être vérifié"
IMAGE_TROP_GRANDE = "Image trop grande : sa définition dépasse 16 millions de pixels"


@pytest.mark.parametrize(
    "contenu",
    [
        echantillons.pdf_xref_decale(),
        echantillons.pdf_xref_illisible(),
        echantillons.pdf_sans_fin(),
    ],
    ids=["offsets-decales", "table-illisible-et-rembourrage", "sans-eof"],
)
def test_a_pdf_with_damaged_cross_references_that_readers_open_is_accepted(contenu):
    verdict = verifier_fichier(io.BytesIO(contenu))
    assert verdict.type_mime == "application/pdf"
    assert verdict.contenu.read() == contenu


def test_a_pdf_no_reader_opens_is_still_refused():
    with pytest.raises(FichierRefuse, match="corrompu"):
        verifier_fichier(io.BytesIO(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"))


def test_a_pdf_opening_on_its_own_first_page_is_accepted():
    assert verifier_fichier(io.BytesIO(echantillons.pdf_lien_interne())).taille > 0


@pytest.mark.parametrize(
    "type_action, message",
    [
        ("GoToR", LIEN_SORTANT),
        ("GoToE", LIEN_SORTANT),
        ("URI", LIEN_SORTANT),
        ("SubmitForm", LIEN_SORTANT),
        ("ImportData", LIEN_SORTANT),
        ("ResetForm", LIEN_SORTANT),
        ("Launch", ACTIF),
        ("JavaScript", ACTIF),
    ],
)
def test_a_link_annotation_whose_action_leaves_the_document_is_refused(type_action, message):
    with pytest.raises(FichierRefuse, match=message):
        verifier_fichier(io.BytesIO(echantillons.pdf_action(type_action)))


@pytest.mark.parametrize("ou", ["ouverture", "aa", "signet"])
@pytest.mark.parametrize("type_action", ["GoToR", "URI"])
def test_an_outgoing_action_is_refused_wherever_it_hides(type_action, ou):
    with pytest.raises(FichierRefuse, match=LIEN_SORTANT):
        verifier_fichier(io.BytesIO(echantillons.pdf_action(type_action, ou=ou)))


@pytest.mark.parametrize("type_action", ["GoToR", "URI", "SubmitForm"])
def test_the_object_walk_finds_actions_nested_in_outlines_without_the_raw_scan(type_action):
    """What the raw scan cannot see (names inside compressed object streams) the object walk
    finds: here it is run alone, on the objects pypdf parses."""
    lecteur = PdfReader(io.BytesIO(echantillons.pdf_action(type_action, ou="signet")))
    with pytest.raises(controle.Refus) as refus:
        controle._pdf_objets_verifier(lecteur)
    assert refus.value.code == controle.SORTANT


def test_a_pdf_of_180000_objects_is_refused_within_the_cpu_limit():
    contenu = echantillons.pdf_objets(180_000)
    assert len(contenu) < 10 * 1024 * 1024
    debut = time.monotonic()
    with pytest.raises(FichierRefuse, match=TROP_COMPLEXE):
        verifier_fichier(io.BytesIO(contenu))
    # 2 s of CPU at most, on a shared machine: the wall-clock limit is 15 s.
    assert time.monotonic() - debut < 16


def test_a_small_png_declaring_49_million_pixels_is_refused_from_its_header():
    contenu = echantillons.png_reel(7000, 7000)
    assert len(contenu) < 200 * 1024
    with pytest.raises(FichierRefuse, match=IMAGE_TROP_GRANDE):
        verifier_fichier(io.BytesIO(contenu))


def test_a_colour_png_above_16_million_pixels_is_refused_but_a_12_mpx_one_is_kept():
    with pytest.raises(FichierRefuse, match=IMAGE_TROP_GRANDE):
        verifier_fichier(io.BytesIO(echantillons.png_reel(5000, 3400)))
    verdict = verifier_fichier(io.BytesIO(echantillons.png_reel(4000, 3000)))
    with verdict.contenu, Image.open(verdict.contenu) as image:
        assert image.size == (4000, 3000)


def test_a_small_jpeg_declaring_144_million_pixels_is_refused():
    with pytest.raises(FichierRefuse, match="Image trop grande|corrompu"):
        verifier_fichier(io.BytesIO(echantillons.jpeg_geant(12000, 12000)))


def test_a_jpeg_above_the_memory_budget_is_decoded_and_stored_at_a_reduced_scale(monkeypatch):
    monkeypatch.setattr(controle, "OCTETS_PIXELS_MAX", 1_000_000)  # 250,000 RGB pixels
    entree, sortie = io.BytesIO(echantillons.image("JPEG", taille=(1000, 800))), io.BytesIO()
    controle.image_neutraliser(entree, sortie, "JPEG")
    assert Image.open(io.BytesIO(sortie.getvalue())).size == (500, 400)


def test_a_jpeg_keeps_its_orientation_tag_and_nothing_else():
    image = Image.new("RGB", (40, 20), "blue")
    exif = image.getexif()
    exif[controle.ORIENTATION] = 6
    exif[0x010E] = "<script>alert(1)</script>"
    sortie = io.BytesIO()
    image.save(sortie, "JPEG", exif=exif)
    verdict = verifier_fichier(io.BytesIO(sortie.getvalue()))
    with verdict.contenu, Image.open(verdict.contenu) as stockee:
        assert dict(stockee.getexif()) == {controle.ORIENTATION: 6}
