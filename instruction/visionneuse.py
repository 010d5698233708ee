"""The agents' viewer of justificatifs: images are shown as they were stored (re-encoded at
upload), PDFs as page images rendered by poppler in a limited child process
(`instruction.apercu` through `anef.sandbox`), so that no PDF reader runs in the browser."""

import tempfile

from anef import sandbox

# Formats a browser shows in an <img>; TIFF is offered as a download only.
IMAGES_AFFICHABLES = {"image/jpeg", "image/png", "image/bmp"}
PDF = "application/pdf"
PAGES_MAX = 50
# Rasterising a dense page takes poppler more than the upload checks' 2 s of CPU.
CPU_SECONDS = 6
ADDRESS_SPACE_BYTES = 384 * 1024 * 1024


def affichable(fichier) -> bool:
    return fichier.type_mime in IMAGES_AFFICHABLES or fichier.type_mime == PDF


def _executer(fichier, *args: str) -> bytes | None:
    with tempfile.TemporaryFile() as entree, tempfile.TemporaryFile() as sortie:
        with fichier.fichier.open("rb") as source:
            while bloc := source.read(64 * 1024):
                entree.write(bloc)
        entree.seek(0)
        code = sandbox.run(
            "instruction.apercu",
            *args,
            stdin=entree,
            stdout=sortie,
            cpu_seconds=CPU_SECONDS,
            address_space_bytes=ADDRESS_SPACE_BYTES,
        )
        if code != 0:
            return None
        sortie.seek(0)
        return sortie.read()


def nombre_de_pages(fichier) -> int | None:
    """The PDF's page count (at most PAGES_MAX are shown), None when poppler cannot read it."""
    sortie = _executer(fichier, "pages")
    if not sortie or not sortie.isdigit():
        return None
    return int(sortie)


def page_png(fichier, page: int) -> bytes | None:
    if not 1 <= page <= PAGES_MAX:
        return None
    return _executer(fichier, "page", str(page))
