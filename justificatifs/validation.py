"""Content checks of an uploaded document: no database, no request, only the bytes.

The type is read from the content (magic bytes), never from the name. Raster images are decoded
by Pillow under a pixel limit and re-encoded in the same format, which drops whatever rides
along the pixels (trailing HTML or script of a polyglot, metadata). PDFs are scanned for active
content, raw and through pypdf's object model, and refused when they carry any.

Memory stays bounded: files are read in chunks, re-encoded images are written to a spooled
temporary file that moves to disk past 1 MB. Decoding an image costs its pixels (at most
PIXELS_MAX × 4 bytes), never the size the compressed file claims.
"""

import hashlib
import re
import struct
import tempfile
import unicodedata
import warnings
import zlib
from dataclasses import dataclass
from typing import IO

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, ImageSequence, TiffImagePlugin

TAILLE_MAX = 10 * 1024 * 1024
# Files one request may carry (the upload handler stops a bigger body).
FICHIERS_PAR_REQUETE_MAX = 3
PIXELS_MAX = 50_000_000
PAGES_MAX = 100
NOM_LONGUEUR_MAX = 150
TAILLE_BLOC = 64 * 1024
SPOOL_MAX = 1024 * 1024

EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/pdf": "pdf",
    "image/tiff": "tiff",
    "image/bmp": "bmp",
}
# Extensions a user's file name may keep for each type; anything else gets the right one added.
EXTENSIONS_ADMISES = {
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "application/pdf": (".pdf",),
    "image/tiff": (".tif", ".tiff"),
    "image/bmp": (".bmp",),
}
FORMATS_PILLOW = {
    "image/jpeg": "JPEG",
    "image/png": "PNG",
    "image/tiff": "TIFF",
    "image/bmp": "BMP",
}

# PDF names that run code, act on opening or carry other files.
NOMS_PDF_ACTIFS = frozenset(
    {
        b"JavaScript",
        b"JS",
        b"OpenAction",
        b"AA",
        b"Launch",
        b"EmbeddedFile",
        b"EmbeddedFiles",
        b"RichMedia",
        b"XFA",
    }
)
NOM_PDF = re.compile(rb"/([^\x00\t\n\x0c\r /\[\]()<>{}%]*)")
ECHAPPEMENT_NOM = re.compile(rb"#([0-9A-Fa-f]{2})")
NOM_PDF_LONGUEUR_MAX = 256

# Bidirectional controls that make "photo\u202egnp.exe" display as "photoexe.png".
BIDI = frozenset("\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


class FichierRefuse(Exception):
    """An uploaded file that cannot be accepted; the message is the reason shown to the user."""


@dataclass(frozen=True)
class Verdict:
    type_mime: str
    extension: str
    # What to store: the re-encoded image, or the original PDF; positioned at 0.
    contenu: IO[bytes]
    taille: int


def detecter_type(head: bytes) -> str | None:
    """The MIME type of a file from its first bytes, among the accepted formats."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "image/tiff"
    if head.startswith(b"BM"):
        return "image/bmp"
    return None


def verifier_fichier(fileobj: IO[bytes]) -> Verdict:
    """Check an uploaded file (any seekable binary file) and return what to store.

    Raises FichierRefuse with the reason, in French."""
    taille = _taille(fileobj)
    if max(taille, getattr(fileobj, "size", 0) or 0) > TAILLE_MAX:
        raise FichierRefuse(_("Le fichier dépasse la taille maximale de 10 Mo."))
    if taille == 0:
        raise FichierRefuse(_("Le fichier est vide."))
    fileobj.seek(0)
    type_mime = detecter_type(fileobj.read(16))
    if type_mime is None:
        raise FichierRefuse(
            _(
                "Format non accepté : seuls les fichiers .jpg, .png, .pdf, .tiff et .bmp "
                "sont acceptés."
            )
        )
    if type_mime == "application/pdf":
        _pdf_verifier(fileobj, taille)
        fileobj.seek(0)
        contenu, taille_finale = fileobj, taille
    else:
        contenu = _image_neutraliser(fileobj, FORMATS_PILLOW[type_mime])
        taille_finale = _taille(contenu)
        contenu.seek(0)
    return Verdict(
        type_mime=type_mime,
        extension=EXTENSIONS[type_mime],
        contenu=contenu,
        taille=taille_finale,
    )


def nom_nettoyer(nom: str, *, type_mime: str) -> str:
    """The name shown for a file: its base name without control or bidirectional characters,
    ending with an extension that matches its real type, at most 150 characters."""
    nom = unicodedata.normalize("NFC", nom or "")
    nom = nom.replace("\\", "/").rsplit("/", 1)[-1]
    nom = "".join(c for c in nom if c not in BIDI and unicodedata.category(c) != "Cc")
    nom = nom.strip().strip(".").strip() or _("document")
    extension = "." + EXTENSIONS[type_mime]
    if not nom.lower().endswith(EXTENSIONS_ADMISES[type_mime]):
        nom = nom[: NOM_LONGUEUR_MAX - len(extension)] + extension
    elif len(nom) > NOM_LONGUEUR_MAX:
        base, point, ext = nom.rpartition(".")
        nom = base[: NOM_LONGUEUR_MAX - len(ext) - 1] + point + ext
    return nom


def empreinte(fileobj: IO[bytes]) -> str:
    """SHA-256 of a file, read in chunks."""
    fileobj.seek(0)
    sha = hashlib.sha256()
    while bloc := fileobj.read(TAILLE_BLOC):
        sha.update(bloc)
    fileobj.seek(0)
    return sha.hexdigest()


def _taille(fileobj: IO[bytes]) -> int:
    fileobj.seek(0, 2)
    return fileobj.tell()


# --- Images ---------------------------------------------------------------------------------


def _image_neutraliser(fileobj: IO[bytes], format_pillow: str) -> IO[bytes]:
    """Decode the image (refusing it when too large or corrupted) and re-encode its pixels."""
    trop_grande = _("Image trop grande : ses dimensions dépassent 50 millions de pixels.")
    corrompu = _("Le fichier est corrompu ou illisible : il ne peut pas être ouvert.")
    sortie = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            fileobj.seek(0)
            with Image.open(fileobj, formats=[format_pillow]) as image:
                _pixels_verifier(image)
                image.verify()
            fileobj.seek(0)
            with Image.open(fileobj, formats=[format_pillow]) as image:
                _reencoder(image, format_pillow, sortie)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError, _TropGrande) as exc:
        sortie.close()
        raise FichierRefuse(trop_grande) from exc
    except (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error) as exc:
        sortie.close()
        raise FichierRefuse(corrompu) from exc
    sortie.seek(0)
    return sortie


class _TropGrande(Exception):
    pass


def _pixels_verifier(image: Image.Image) -> None:
    largeur, hauteur = image.size
    if largeur * hauteur > PIXELS_MAX:
        raise _TropGrande


def _reencoder(image: Image.Image, format_pillow: str, sortie: IO[bytes]) -> None:
    """Save the decoded pixels only: no metadata, no ICC profile, no trailing bytes."""
    if format_pillow == "TIFF":
        # A multi-page scan keeps its pages, each checked, decoded and written one at a time.
        if getattr(image, "n_frames", 1) > PAGES_MAX:
            raise _TropGrande
        compression = image.info.get("compression", "raw")
        with TiffImagePlugin.AppendingTiffWriter(sortie, new=True) as tiff:
            for page in ImageSequence.Iterator(image):
                _pixels_verifier(page)
                _enregistrer(_sans_metadonnees(page), tiff, "TIFF", compression=compression)
                tiff.newFrame()
        return
    image.load()
    if format_pillow == "JPEG":
        pixels = _sans_metadonnees(ImageOps.exif_transpose(image))
        _enregistrer(pixels, sortie, "JPEG", quality=92)
    else:
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
    """A copy holding the pixels and palette only (Pillow copies `info`; drop it)."""
    copie = image.copy()
    transparence = image.info.get("transparency")
    copie.info = {} if transparence is None else {"transparency": transparence}
    return copie


# --- PDF ------------------------------------------------------------------------------------


def _pdf_verifier(fileobj: IO[bytes], taille: int) -> None:
    actif = _(
        "Ce PDF contient du contenu actif (JavaScript ou action automatique) : "
        "il ne peut pas être accepté."
    )
    corrompu = _("Le fichier est corrompu ou illisible : il ne peut pas être ouvert.")
    fileobj.seek(max(0, taille - 1024))
    if b"%%EOF" not in fileobj.read():
        raise FichierRefuse(corrompu)
    if _pdf_noms_actifs(fileobj):
        raise FichierRefuse(actif)
    _pdf_ouvrir(fileobj, actif=actif, corrompu=corrompu)


def _pdf_noms_actifs(fileobj: IO[bytes]) -> bool:
    """Scan the raw bytes, chunk by chunk, for a name of NOMS_PDF_ACTIFS (#xx escapes decoded)."""
    fileobj.seek(0)
    reste = b""
    while bloc := fileobj.read(TAILLE_BLOC):
        tampon = reste + bloc
        reste = b""
        for trouve in NOM_PDF.finditer(tampon):
            if trouve.end() == len(tampon):
                # The name may go on in the next chunk.
                reste = tampon[trouve.start() :][:NOM_PDF_LONGUEUR_MAX]
                break
            if _nom_pdf(trouve.group(1)) in NOMS_PDF_ACTIFS:
                return True
    return bool(reste) and _nom_pdf(reste[1:]) in NOMS_PDF_ACTIFS


def _nom_pdf(brut: bytes) -> bytes:
    return ECHAPPEMENT_NOM.sub(lambda m: bytes([int(m.group(1), 16)]), brut)


def _pdf_ouvrir(fileobj: IO[bytes], *, actif: str, corrompu: str) -> None:
    """Parse the PDF with pypdf and look at every object's keys: this sees inside compressed
    object streams, where the raw scan is blind."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError
    from pypdf.generic import DictionaryObject, NameObject

    fileobj.seek(0)
    try:
        reader = PdfReader(fileobj)
        if reader.is_encrypted and not reader.decrypt(""):
            raise FichierRefuse(
                _(
                    "Ce PDF est protégé par un mot de passe : enregistrez-le sans protection "
                    "puis joignez-le à nouveau."
                )
            )
        if len(reader.pages) == 0:
            raise FichierRefuse(corrompu)
        for numero in _pdf_numeros_objets(reader):
            objet = reader.get_object(numero)
            if not isinstance(objet, DictionaryObject):
                continue
            noms = {str(cle)[1:].encode() for cle in objet}
            for cle in ("/S", "/Type", "/Subtype"):
                valeur = objet.get(cle)
                if isinstance(valeur, NameObject):
                    noms.add(str(valeur)[1:].encode())
            if noms & NOMS_PDF_ACTIFS:
                raise FichierRefuse(actif)
    except FichierRefuse:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError,
            IndexError, RecursionError, struct.error, zlib.error) as exc:  # fmt: skip
        raise FichierRefuse(corrompu) from exc


def _pdf_numeros_objets(reader) -> list[int]:
    numeros = {numero for par_generation in reader.xref.values() for numero in par_generation}
    numeros.update(reader.xref_objStm)
    return sorted(numeros)
