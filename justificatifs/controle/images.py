"""Images: decoded within a memory budget, then re-encoded (see the package's docstring)."""

import warnings
from typing import IO

from PIL import Image, ImageSequence, TiffImagePlugin

from justificatifs.controle.verdict import TROP_GRANDE, Refus

# Memory the decoded pixels of one image (one TIFF page) may take. Pillow holds "1", "L" and "P"
# on one byte per pixel, 16-bit grey on two, every other mode (RGB included) on four: so a
# colour image up to 16 Mpx, a grey or bi-level one up to PIXELS_MAX.
OCTETS_PIXELS_MAX = 64 * 1024 * 1024
PIXELS_MAX = 40_000_000
PAGES_MAX = 100
ORIENTATION = 0x0112

FORMATS_PILLOW = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/tiff": "TIFF",
    "image/bmp": "BMP",
}


def image_neutraliser(entree: IO[bytes], sortie: IO[bytes], format_pillow: str) -> None:
    """Decode the image within the memory budget (refusing it when too large or corrupted) and
    re-encode its pixels into `sortie`."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            entree.seek(0)
            with Image.open(entree, formats=[format_pillow]) as image:
                _dimensions_verifier(image)
                image.verify()
            entree.seek(0)
            with Image.open(entree, formats=[format_pillow]) as image:
                _reencoder(image, format_pillow, sortie)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise Refus(TROP_GRANDE) from exc


def octets_decodes(mode: str, largeur: int, hauteur: int) -> int:
    """Memory Pillow takes for these pixels."""
    if mode in {"1", "L", "P"}:
        par_pixel = 1
    elif mode.startswith("I;16"):
        par_pixel = 2
    else:
        par_pixel = 4
    return largeur * hauteur * par_pixel


def _dimensions_verifier(image: Image.Image) -> None:
    """From the header only: refuse what would not fit the budget once decoded (a JPEG may be
    decoded at a reduced scale, see _jpeg_reduire)."""
    if image.format == "JPEG":
        _facteur_jpeg(image)
        return
    largeur, hauteur = image.size
    if largeur * hauteur > PIXELS_MAX or (
        octets_decodes(image.mode, largeur, hauteur) > OCTETS_PIXELS_MAX
    ):
        raise Refus(TROP_GRANDE)


def _facteur_jpeg(image: Image.Image) -> int:
    """The smallest JPEG scale-down (1, 2, 4 or 8) that fits the budget."""
    largeur, hauteur = image.size
    for facteur in (1, 2, 4, 8):
        if octets_decodes(image.mode, -(-largeur // facteur), -(-hauteur // facteur)) <= (
            OCTETS_PIXELS_MAX
        ):
            return facteur
    raise Refus(TROP_GRANDE)


def _reencoder(image: Image.Image, format_pillow: str, sortie: IO[bytes]) -> None:
    """Save the decoded pixels only: no metadata, no ICC profile, no trailing bytes."""
    if format_pillow == "TIFF":
        # A multi-page scan keeps its pages, each checked, decoded and written one at a time.
        if getattr(image, "n_frames", 1) > PAGES_MAX:
            raise Refus(TROP_GRANDE)
        compression = image.info.get("compression", "raw")
        with TiffImagePlugin.AppendingTiffWriter(sortie, new=True) as tiff:
            for page in ImageSequence.Iterator(image):
                _dimensions_verifier(page)
                _enregistrer(_sans_metadonnees(page), tiff, "TIFF", compression=compression)
                tiff.newFrame()
        return
    if format_pillow == "JPEG":
        orientation = image.getexif().get(ORIENTATION)
        facteur = _facteur_jpeg(image)
        if facteur > 1:
            largeur, hauteur = image.size
            image.draft(None, (-(-largeur // facteur), -(-hauteur // facteur)))
        options = {"quality": 92}
        if orientation in range(2, 9):
            # Keep the photo upright without a second copy of its pixels: the tag, not a turn.
            exif = Image.Exif()
            exif[ORIENTATION] = orientation
            options["exif"] = exif
        _enregistrer(_sans_metadonnees(image), sortie, "JPEG", **options)
        return
    _enregistrer(_sans_metadonnees(image), sortie, format_pillow)


def _enregistrer(pixels: Image.Image, sortie: IO[bytes], format_pillow: str, **options) -> None:
    """Save in the format, falling back to RGB (and plain compression) for the odd modes and
    codecs a format can read but not write."""
    debut = sortie.tell()
    try:
        pixels.save(sortie, format_pillow, **options)
    except (OSError, ValueError, KeyError):
        sortie.seek(debut)
        sortie.truncate()
        if "compression" in options:
            options["compression"] = "tiff_deflate"
        pixels.convert("RGB").save(sortie, format_pillow, **options)


def _sans_metadonnees(image: Image.Image) -> Image.Image:
    """The decoded pixels (shared, not copied) and palette under a plain Image without `info`
    or the TIFF tags its save would carry over."""
    image.load()
    pixels = image._new(image.im)
    transparence = image.info.get("transparency")
    pixels.info = {} if transparence is None else {"transparency": transparence}
    return pixels


# --- PDF ------------------------------------------------------------------------------------
