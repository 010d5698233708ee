"""Small real files of each format, built in memory, and the hostile ones of the corpus."""

import io
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, StreamObject, TextStringObject


def image(format_pillow: str, taille=(40, 30), mode="RGB", **options) -> bytes:
    sortie = io.BytesIO()
    Image.new(mode, taille, "red" if mode != "1" else 1).save(sortie, format_pillow, **options)
    return sortie.getvalue()


def png() -> bytes:
    return image("PNG")


def jpeg() -> bytes:
    return image("JPEG")


def tiff() -> bytes:
    return image("TIFF")


def bmp() -> bytes:
    return image("BMP")


def pdf(*, rembourrage: int = 0) -> bytes:
    """A one-page PDF; its page content is `rembourrage` bytes of comment lines."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    if rembourrage:
        contenu = StreamObject()
        ligne = b"%" + b"x" * 1022 + b"\n"
        donnees = ligne * (rembourrage // len(ligne))
        donnees += b"%" * (rembourrage - len(donnees))
        contenu.set_data(donnees)
        page[NameObject("/Contents")] = writer._add_object(contenu)
    sortie = io.BytesIO()
    writer.write(sortie)
    return sortie.getvalue()


def pdf_a_taille(taille: int) -> bytes:
    """A valid PDF of exactly `taille` bytes."""
    rembourrage = taille - len(pdf(rembourrage=1))
    for _essai in range(3):
        contenu = pdf(rembourrage=rembourrage)
        if len(contenu) == taille:
            return contenu
        rembourrage += taille - len(contenu)
    raise AssertionError(len(contenu))


def pdf_javascript() -> bytes:
    """A PDF that runs JavaScript when opened (/OpenAction → /S /JavaScript)."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )
    sortie = io.BytesIO()
    writer.write(sortie)
    return sortie.getvalue()


def pdf_javascript_compresse() -> bytes:
    """The same active content hidden in a compressed object stream, with a #xx-escaped name
    nowhere in clear: only the object-level check can see it."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("1")}
    )
    sortie = io.BytesIO()
    writer.write(sortie)
    return sortie.getvalue()


def polyglotte_png_html() -> bytes:
    return png() + b"<html><body><script>alert(document.cookie)</script></body></html>"


def png_geant(largeur=20000, hauteur=20000) -> bytes:
    """A tiny real PNG whose header declares `largeur` × `hauteur` pixels (CRC recomputed)."""
    contenu = bytearray(png())
    ihdr = bytearray(contenu[16:29])
    ihdr[0:8] = struct.pack(">II", largeur, hauteur)
    contenu[16:29] = ihdr
    contenu[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + bytes(ihdr)) & 0xFFFFFFFF)
    return bytes(contenu)


def executable() -> bytes:
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200 + b"This program"
