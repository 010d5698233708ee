"""The « Liste des documents justificatifs à fournir » of a motif as a PDF: the catalogue
printed, with the attestations' look and renderer."""

from django.core.cache import cache
from django.utils import translation

from attestations import rendu
from demandes.catalogue.types import Motif, sections_de
from justificatifs.regles import limites_envoi

DUREE_CACHE = 24 * 3600


def liste_pieces_pdf(*, motif: Motif) -> bytes:
    """The same for everyone, so kept in the cache for a day."""
    cle = f"demandes:liste-pieces:{motif.code}:{translation.get_language()}"
    pdf = cache.get(cle)
    if pdf is None:
        pdf = rendu.render_to_pdf(
            "demandes/liste_pieces.html",
            {
                "motif": motif,
                "titre": motif.titre_liste_pieces(),
                "sections": sections_de(motif),
                "limites_fichiers": limites_envoi(),
            },
        )
        cache.set(cle, pdf, DUREE_CACHE)
    return pdf
