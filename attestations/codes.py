"""DataMatrix symbols in and out (zxing-cpp, imported inside the functions)."""

import io

from PIL import Image

MODULE_PX = 4  # pixels per module in the embedded PNG: crisp at any print resolution


def datamatrix_png(texte: str) -> bytes:
    """An ECC200 square DataMatrix of `texte` (C40 is chosen by zxing for 2D-DOC text), as a
    1-bit PNG with its quiet zone."""
    import zxingcpp

    symbole = zxingcpp.create_barcode(texte, zxingcpp.BarcodeFormat.DataMatrix, force_square=True)
    image = zxingcpp.write_barcode_to_image(symbole, scale=MODULE_PX)
    hauteur, largeur = image.shape
    png = Image.frombytes("L", (largeur, hauteur), bytes(memoryview(image))).convert("1")
    sortie = io.BytesIO()
    png.save(sortie, format="PNG", optimize=True)
    return sortie.getvalue()


def datamatrix_lire(image: Image.Image) -> list[str]:
    """The texts of every DataMatrix found in `image`, control characters kept as they are
    (GS, US...). Tiny symbols (an image extracted from a PDF) are enlarged first."""
    import zxingcpp

    image = image.convert("L")
    if max(image.size) < 400:
        facteur = max(1, 400 // max(image.size))
        image = image.resize((image.width * facteur, image.height * facteur), Image.NEAREST)
    resultats = zxingcpp.read_barcodes(
        image,
        formats=zxingcpp.BarcodeFormat.DataMatrix,
        text_mode=zxingcpp.TextMode.Plain,
    )
    return [r.text for r in resultats if r.valid]
