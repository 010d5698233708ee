"""Find the DataMatrix texts of a photo or PDF sent to the public verification page, in a child
process with CPU and memory limits (run by `verification.textes_du_fichier` through
`anef.sandbox`): stdin is the file, stdout one JSON list of texts, the exit code the verdict.
No Django here.

An image is decoded within a memory budget checked on its header: a JPEG beyond it is decoded
at 1/2, 1/4 or 1/8 scale (a 2D-DOC stays readable), another format is refused. A PDF gives the
images of its first pages.
"""

import io
import json
import sys
import warnings

from PIL import Image, UnidentifiedImageError

from attestations import codes

LU = 0
ILLISIBLE = 10
TROP_GRANDE = 11

OCTETS_PIXELS_MAX = 64 * 1024 * 1024
PAGES_MAX = 3


class Refus(Exception):
    def __init__(self, code: int):
        super().__init__(code)
        self.code = code


def textes(contenu: bytes) -> list[str]:
    """The DataMatrix texts found ([] if none); Refus(ILLISIBLE or TROP_GRANDE) otherwise."""
    if contenu.startswith(b"%PDF"):
        try:
            trouves = []
            for image in _images_du_pdf(contenu):
                trouves += codes.datamatrix_lire(image)
            return trouves
        except MemoryError:
            raise
        except Exception as exc:  # pypdf raises many kinds of errors on a broken or hostile PDF
            raise Refus(ILLISIBLE) from exc
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(contenu))
            _reduire(image)
            image.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise Refus(TROP_GRANDE) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise Refus(ILLISIBLE) from exc
    return codes.datamatrix_lire(image)


def _octets(mode: str, largeur: int, hauteur: int) -> int:
    return largeur * hauteur * (1 if mode in {"1", "L", "P"} else 4)


def _reduire(image: Image.Image) -> None:
    """Refuse, from the header, what would not fit the budget once decoded; decode a large
    JPEG at a reduced scale."""
    largeur, hauteur = image.size
    facteurs = (1, 2, 4, 8) if image.format == "JPEG" else (1,)
    for facteur in facteurs:
        taille = (-(-largeur // facteur), -(-hauteur // facteur))
        if _octets(image.mode, *taille) <= OCTETS_PIXELS_MAX:
            if facteur > 1:
                image.draft(None, taille)
            return
    raise Refus(TROP_GRANDE)


def _images_du_pdf(contenu: bytes):
    # Imported here: only a PDF needs it, and it takes about 150 ms to import in the child.
    from pypdf import PdfReader

    lecteur = PdfReader(io.BytesIO(contenu))
    for page in lecteur.pages[:PAGES_MAX]:
        for image in page.images:
            yield image.image


def main() -> int:
    try:
        trouves = textes(sys.stdin.buffer.read())
    except Refus as refus:
        return refus.code
    sys.stdout.write(json.dumps(trouves))
    return LU


if __name__ == "__main__":
    sys.exit(main())
