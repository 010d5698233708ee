"""The upload limits, each stated once: the checks (validation.py, upload_handlers.py,
services.py), the forms' help texts and the pages (`limites_envoi`, through the context
processor `justificatifs.context_processors.limites`) read them here."""

from django.utils.translation import gettext as _

TAILLE_MAX_MO = 10
TAILLE_MAX = TAILLE_MAX_MO * 1024 * 1024
# Files one item (pièce) may hold.
FICHIERS_PAR_PIECE_MAX = 3
# Files one request may carry (the upload handler stops a bigger body).
FICHIERS_PAR_REQUETE_MAX = 3
TOTAL_MAX_MO = FICHIERS_PAR_REQUETE_MAX * TAILLE_MAX_MO
TOTAL_MAX = FICHIERS_PAR_REQUETE_MAX * TAILLE_MAX
# The file input's `accept` list; the content is checked by its magic bytes (validation.py).
EXTENSIONS_ACCEPTEES = (".jpg", ".jpeg", ".png", ".pdf", ".tif", ".tiff", ".bmp")
# The formats as the pages name them (one spelling per format).
FORMATS_LIBELLE = ".jpg, .png, .pdf, .tiff, .bmp"


def message_taille_max() -> str:
    return _("Le fichier dépasse la taille maximale de %(taille)s Mo.") % {"taille": TAILLE_MAX_MO}


def limites_envoi() -> dict:
    """The limits as the pages print them."""
    return {
        "taille_max_mo": TAILLE_MAX_MO,
        "fichiers_par_piece_max": FICHIERS_PAR_PIECE_MAX,
        "total_max_mo": TOTAL_MAX_MO,
        "formats": FORMATS_LIBELLE,
        "accept": ",".join(EXTENSIONS_ACCEPTEES),
    }
