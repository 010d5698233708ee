"""PDF pages as images for the agents' viewer, run in a limited child process (`anef.sandbox`):
poppler parses the applicant's bytes there, never in the web worker. No Django here.

`python -m instruction.apercu pages` prints the page count of the PDF on stdin;
`python -m instruction.apercu page N` writes page N as a PNG to stdout. Exit 0 on success,
ECHEC when poppler refuses the file or the page does not exist."""

import subprocess
import sys
import tempfile
from pathlib import Path

ECHEC = 3
# 100 dpi: an A4 page is 827 x 1169 pixels, readable on screen, a few hundred kB.
RESOLUTION = 100


def _entree(dossier: Path) -> Path:
    chemin = dossier / "document.pdf"
    with open(chemin, "wb") as fichier:
        while bloc := sys.stdin.buffer.read(64 * 1024):
            fichier.write(bloc)
    return chemin


def nombre_de_pages(chemin: Path) -> int | None:
    resultat = subprocess.run(
        ["pdfinfo", str(chemin)], capture_output=True, check=False, stdin=subprocess.DEVNULL
    )
    if resultat.returncode != 0:
        return None
    for ligne in resultat.stdout.decode("latin-1").splitlines():
        if ligne.startswith("Pages:"):
            return int(ligne.split()[1])
    return None


def page_png(chemin: Path, page: int, sortie: Path) -> bytes | None:
    resultat = subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            str(RESOLUTION),
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(chemin),
            str(sortie),
        ],
        capture_output=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    image = sortie.with_suffix(".png")
    if resultat.returncode != 0 or not image.exists():
        return None
    return image.read_bytes()


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory(prefix="apercu-") as dossier:
        chemin = _entree(Path(dossier))
        if argv[:1] == ["pages"]:
            pages = nombre_de_pages(chemin)
            if pages is None:
                return ECHEC
            sys.stdout.write(str(pages))
            return 0
        if argv[:1] == ["page"] and len(argv) == 2 and argv[1].isdigit():
            image = page_png(chemin, int(argv[1]), Path(dossier) / "page")
            if image is None:
                return ECHEC
            sys.stdout.buffer.write(image)
            return 0
    return ECHEC
