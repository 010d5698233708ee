"""Tags of the wizard's Justificatifs step."""

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from justificatifs.regles import limites_envoi

register = template.Library()

PIECE = "justificatifs/_piece.html"
# (id of the catalogue item, required, add button's wording, language) -> (item, HTML).
_PIECES_VIDES: dict[tuple, tuple] = {}


@register.simple_tag
def piece_justificative(item: dict, bouton_ajout=None) -> SafeString:
    """One item of the step: justificatifs/_piece.html with the item's piece, obligatoire,
    fichiers and form (see its header). An item with no file and no refused upload reads only
    the catalogue (label, help, whether it is required), the add button's wording and the
    language: it is rendered once per process and reused, as the ten such items of a step were
    a third of the page's time (docs/benchmarks.md). Catalogue items live as long as the
    process, so their identity is a key (kept beside it: an id is only unique while its object
    lives). Not in DEBUG, where templates are edited while the server runs."""
    # Rendered without the request's context processors: the limits are passed here.
    contexte = {**item, "bouton_ajout": bouton_ajout, "limites_fichiers": limites_envoi()}
    piece = item["piece"]
    if item["fichiers"] or item["form"] is not None or settings.DEBUG:
        return render_to_string(PIECE, contexte)
    cle = (id(piece), bool(item["obligatoire"]), str(bouton_ajout or ""), get_language())
    connue = _PIECES_VIDES.get(cle)
    if connue is None or connue[0] is not piece:
        connue = (piece, render_to_string(PIECE, contexte))
        _PIECES_VIDES[cle] = connue
    return connue[1]
