"""Reading generated PDFs back the way a person or a scanner would."""

import datetime
import io
import re
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

from django.test import TestCase
from django.utils import timezone
from PIL import Image
from pypdf import PdfReader

from tests.demandes.factories import PERSONNEL, DemandeFactory


def demande_deposee(*, depot: datetime.date | None = None, personnel=None, **kwargs):
    """A request deposited on `depot` under a number of sequence 0000190."""
    depot = depot or timezone.localdate()
    saisie = {"personnel": {**PERSONNEL, **(personnel or {})}, **kwargs.pop("saisie", {})}
    return DemandeFactory(
        deposee=True,
        depot=depot,
        numero=kwargs.pop("numero", f"5901{depot:%Y%m%d}0000190"),
        saisie=saisie,
        **kwargs,
    )


def apres_commit(service, **kwargs):
    """Run a service as a request would: its on-commit work (the PDF rendering) done after."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return service(**kwargs)


def adf_pluriannuelle(demande, **kwargs):
    """An ADF for a four-year « vie privée et familiale » card, rendered after commit."""
    from attestations import services

    valeurs = {
        "type_carte": "carte de séjour pluriannuelle",
        "date_debut": datetime.date(2023, 9, 13),
        "date_fin": datetime.date(2027, 9, 12),
        "mention": "Vie privée et familiale",
        "montant_taxe": Decimal("225"),
        "autorise_travail": True,
        "par": None,
    }
    return apres_commit(services.adf_generer, demande=demande, **{**valeurs, **kwargs})


def texte_pdf(pdf: bytes) -> str:
    """The PDF's text, whitespace collapsed (lines wrap where the layout wants)."""
    lecteur = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in lecteur.pages))


def pages_png(pdf: bytes, resolution: int = 150) -> list[Image.Image]:
    """Rasterise with poppler's pdftoppm, as a scanner or a phone camera would see the page."""
    with tempfile.TemporaryDirectory() as dossier:
        source = Path(dossier) / "page.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(resolution),
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(source),
                str(Path(dossier) / "page"),
            ],
            capture_output=True,
            check=True,
            timeout=60,
        )
        contenu = (Path(dossier) / "page.png").read_bytes()
    return [Image.open(io.BytesIO(contenu))]


def datamatrix_de_la_page(pdf: bytes) -> str:
    import zxingcpp

    image = pages_png(pdf)[0]
    resultats = zxingcpp.read_barcodes(
        image, formats=zxingcpp.BarcodeFormat.DataMatrix, text_mode=zxingcpp.TextMode.Plain
    )
    assert len(resultats) == 1, resultats
    return resultats[0].text
