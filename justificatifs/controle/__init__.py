"""The parsing half of the content checks, run on untrusted bytes in a limited child process.

`validation.verifier_fichier` runs this package (`__main__.py`) through `anef.sandbox` (CPU
and address-space limits): stdin is the upload, stdout receives the re-encoded image, the exit
code is the verdict (`verdict.py`). No Django, no database, no gettext: the parent turns the code
into the French message. Its functions also work in-process (the tests call them).

Images: the size in the header is checked against a decoded-memory budget before a pixel is
decoded; a JPEG larger than the budget is decoded at 1/2, 1/4 or 1/8 scale (`Image.draft`), the
others are refused. The pixels are re-encoded in the same format, which drops whatever rides
along (trailing HTML or script of a polyglot, metadata); a JPEG keeps its orientation tag only.

PDFs: accepted when a lenient reader opens them — pypdf in non-strict mode, then, if that fails,
a reader that ignores the cross-reference data and finds the objects by scanning the bytes, as
poppler and PDFium do for the damaged files scanners and phones produce. Refused when they carry
active content (JavaScript, launch, embedded files, forms), found by a scan of the raw bytes and
by a walk of every object, including those inside compressed object streams, as seen by both
readers. An action that leaves the document (a link to a web address or to another file, a form
submission) is neutralised instead: a copy without it is written to `sortie`, re-checked like
an upload, and is what gets stored (bank statements and attestations carry a web link in their
footer; agents must never be one click away from a UNC path or a form that posts).
"""

from typing import IO

from justificatifs.controle.images import (
    FORMATS_PILLOW,
    ORIENTATION,
    PIXELS_MAX,
    image_neutraliser,
)
from justificatifs.controle.pdf import (
    TAILLE_BLOC,
    _pdf_objets_verifier,
    pdf_noms_bruts,
    pdf_verifier,
)
from justificatifs.controle.verdict import (
    ACCEPTE,
    ACTIF,
    CHIFFRE,
    CORROMPU,
    ERREURS_LECTURE,
    NEUTRALISE,
    SORTANT,
    TROP_GRANDE,
    Refus,
)

# What the parent (validation.py), the bench and the tests read from here.
__all__ = [
    "ACCEPTE",
    "ACTIF",
    "CHIFFRE",
    "CORROMPU",
    "NEUTRALISE",
    "ORIENTATION",
    "PIXELS_MAX",
    "SORTANT",
    "TAILLE_BLOC",
    "TROP_GRANDE",
    "_pdf_objets_verifier",
    "image_neutraliser",
    "main",
    "pdf_noms_bruts",
    "pdf_verifier",
    "verifier",
]


def verifier(type_mime: str, entree: IO[bytes], sortie: IO[bytes]) -> int:
    """The verdict for a file of this (detected) type; an image is re-encoded into `sortie`, a
    PDF whose outgoing actions were removed is written there (NEUTRALISE)."""
    try:
        if type_mime == "application/pdf":
            if pdf_verifier(entree, sortie):
                return NEUTRALISE
        else:
            image_neutraliser(entree, sortie, FORMATS_PILLOW[type_mime])
    except Refus as refus:
        return refus.code
    except ERREURS_LECTURE:
        return CORROMPU
    return ACCEPTE


def main(argv: list[str]) -> int:
    entree = open(0, "rb", closefd=False)  # noqa: SIM115 - the process's own stdin
    sortie = open(1, "r+b", closefd=False)  # noqa: SIM115 - read back by the TIFF writer
    code = verifier(argv[0], entree, sortie)
    sortie.flush()
    return code
