"""Content checks (no database): detection by magic bytes and the corpus of hostile uploads."""

import io

import pytest
from PIL import Image

from justificatifs import controle
from justificatifs.validation import (
    TAILLE_MAX,
    FichierRefuse,
    detecter_type,
    nom_nettoyer,
    verifier_fichier,
)
from tests.justificatifs import echantillons


def verifier(contenu: bytes):
    """The verdict and the bytes to store (the spooled file closed)."""
    verdict = verifier_fichier(io.BytesIO(contenu))
    with verdict.contenu:
        return verdict, verdict.contenu.read()


FORMAT_REFUSE = "Format non accepté : seuls les fichiers .jpg, .png, .pdf, .tiff et .bmp"


@pytest.mark.parametrize(
    "contenu, type_mime, extension",
    [
        (echantillons.jpeg(), "image/jpeg", "jpg"),
        (echantillons.png(), "image/png", "png"),
        (echantillons.pdf(), "application/pdf", "pdf"),
        (echantillons.tiff(), "image/tiff", "tiff"),
        (echantillons.image("TIFF", mode="1", compression="group4"), "image/tiff", "tiff"),
        (echantillons.bmp(), "image/bmp", "bmp"),
    ],
)
def test_each_accepted_format_is_recognised_by_content(contenu, type_mime, extension):
    assert detecter_type(contenu[:16]) == type_mime
    verdict, stocke = verifier(contenu)
    assert (verdict.type_mime, verdict.extension) == (type_mime, extension)
    assert verdict.taille == len(stocke)


def test_a_multipage_tiff_keeps_its_pages():
    sortie = io.BytesIO()
    pages = [Image.new("L", (30, 20), couleur) for couleur in (0, 128, 255)]
    pages[0].save(sortie, "TIFF", save_all=True, append_images=pages[1:])
    _verdict, stocke = verifier(sortie.getvalue())
    with Image.open(io.BytesIO(stocke)) as image:
        assert image.n_frames == 3


@pytest.mark.parametrize(
    "contenu",
    [
        b"<html><script>alert(1)</script></html>",
        b"PK\x03\x04" + b"\x00" * 100,
        b"GIF89a" + b"\x00" * 100,
        echantillons.executable(),
    ],
)
def test_other_formats_are_refused_whatever_their_name(contenu):
    with pytest.raises(FichierRefuse, match=FORMAT_REFUSE):
        verifier_fichier(io.BytesIO(contenu))


def test_polyglot_png_html_is_neutralised():
    verdict, stocke = verifier(echantillons.polyglotte_png_html())
    assert verdict.type_mime == "image/png"
    assert b"<html" not in stocke.lower() and b"<script" not in stocke.lower()
    assert Image.open(io.BytesIO(stocke)).size == (40, 30)


def test_jpeg_metadata_and_trailing_script_are_stripped():
    sortie = io.BytesIO()
    image = Image.new("RGB", (20, 20), "blue")
    exif = image.getexif()
    exif[0x010E] = "<script>alert(1)</script>"  # ImageDescription
    image.save(sortie, "JPEG", exif=exif, comment=b"<html>")
    _verdict, stocke = verifier(sortie.getvalue() + b"<script>x</script>")
    assert b"<script" not in stocke and b"<html" not in stocke


def test_pdf_with_openaction_and_javascript_is_refused():
    with pytest.raises(FichierRefuse, match="contient du contenu actif"):
        verifier_fichier(io.BytesIO(echantillons.pdf_javascript()))


def test_pdf_with_hex_escaped_javascript_name_is_refused():
    contenu = echantillons.pdf().replace(b"/Type /Catalog", b"/Type /Catalog /J#61vaScript 1")
    with pytest.raises(FichierRefuse, match="contient du contenu actif"):
        verifier_fichier(io.BytesIO(contenu))


def test_pdf_active_content_is_found_across_chunk_boundaries():
    contenu = echantillons.pdf(rembourrage=200_000)
    coupure = controle.TAILLE_BLOC - 4  # "\n/Ja" | "vaScript\n"
    assert controle.pdf_noms_bruts(io.BytesIO(contenu)) is None
    contenu = contenu[:coupure] + b"\n/JavaScript\n" + contenu[coupure:]
    assert controle.pdf_noms_bruts(io.BytesIO(contenu)) == controle.ACTIF


def test_pdf_with_active_content_in_compressed_object_stream_is_refused():
    """pypdf's object model sees inside object streams, where a raw scan is blind."""
    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(echantillons.pdf_javascript_compresse()))
    writer.compress_identical_objects()
    sortie = io.BytesIO()
    writer.write(sortie)
    with pytest.raises(FichierRefuse, match="contenu actif"):
        verifier_fichier(io.BytesIO(sortie.getvalue()))


def test_truncated_or_broken_pdf_is_refused_as_corrupted():
    contenu = echantillons.pdf()
    with pytest.raises(FichierRefuse, match="corrompu"):
        verifier_fichier(io.BytesIO(contenu[: len(contenu) // 2]))
    with pytest.raises(FichierRefuse, match="corrompu"):
        verifier_fichier(io.BytesIO(b"%PDF-1.7\nnot a pdf at all\n%%EOF\n"))


def test_corrupted_image_is_refused():
    contenu = echantillons.png()
    with pytest.raises(FichierRefuse, match="corrompu"):
        verifier_fichier(io.BytesIO(contenu[:40]))


def test_decompression_bomb_png_is_refused_before_decoding():
    bombe = echantillons.png_geant(20000, 20000)
    assert len(bombe) < 1000
    with pytest.raises(FichierRefuse, match="Image trop grande"):
        verifier_fichier(io.BytesIO(bombe))


def test_image_just_over_the_pixel_limit_is_refused():
    # 60 Mpx: between our limit and twice it, where Pillow only warns.
    with pytest.raises(FichierRefuse, match="Image trop grande"):
        verifier_fichier(io.BytesIO(echantillons.png_geant(10000, 6000)))


def test_size_limit_is_exactly_10_mb():
    assert verifier(echantillons.pdf_a_taille(TAILLE_MAX))[0].taille == TAILLE_MAX
    with pytest.raises(FichierRefuse, match="dépasse la taille maximale de 10 Mo"):
        verifier_fichier(io.BytesIO(echantillons.pdf_a_taille(TAILLE_MAX + 1)))


def test_empty_file_is_refused():
    with pytest.raises(FichierRefuse, match="vide"):
        verifier_fichier(io.BytesIO(b""))


@pytest.mark.parametrize(
    "nom, attendu",
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("..\\..\\windows\\win.ini.png", "win.ini.png"),
        ("photo\u202egnp.exe", "photognp.exe.png"),
        ("re\u2066leve\u2069\x00\n.png", "releve.png"),
        ("..", "document.png"),
        ("scan.PNG", "scan.PNG"),
        ("a" * 300 + ".png", "a" * 146 + ".png"),
    ],
)
def test_display_name_is_a_clean_basename_with_the_real_extension(nom, attendu):
    assert nom_nettoyer(nom, type_mime="image/png") == attendu
