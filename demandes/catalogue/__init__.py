"""The motif catalogue: every motif the online service offers, as data.

Adding a motif means adding a module with a `MOTIF` (see etudiant.py) and naming it in
`MOTIFS_MODULES` (or in the ANEF_MOTIFS_SUPPLEMENTAIRES setting); no view changes.
"""

import unicodedata
from functools import cache
from importlib import import_module

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from demandes.catalogue.types import Motif
from demandes.catalogue.types import sections_de as sections_de

MOTIFS_MODULES = (
    "demandes.catalogue.etudiant",
    "demandes.catalogue.bpi",
    "demandes.catalogue.vpf_ase",
)

# « JE SOLLICITE UN AUTRE TITRE DE SÉJOUR », the service's list of titles: choice → motif code, or None
# when the motif is not offered online (the user is sent to their prefecture).
CHOIX_AUTRE_TITRE = (
    ("etudiant", _("En tant qu'étudiant")),
    ("visiteur", _("En tant que visiteur")),
    ("passeport_talent", _("En tant que passeport talent")),
    ("bpi", _("En tant que bénéficiaire de la protection internationale")),
    ("salarie", _("En tant que salarié - Hors passeport talent & hors Citoyen UE")),
    ("famille", _("En tant que membre de famille")),
    ("vulnerabilite", _("Je suis en situation de vulnérabilité")),
    ("citoyen_ue", _("En tant que citoyen de l'Union Européenne")),
    ("ne_en_france", _("En tant que ressortissant étranger né en France")),
    ("humanitaire", _("Pour motif humanitaire")),
    (
        "autre",
        _("En tant que jeune au pair, ancien combattant ou retraité ayant travaillé en France"),
    ),
)


@cache
def motifs() -> dict[str, Motif]:
    modules = list(MOTIFS_MODULES) + list(getattr(settings, "ANEF_MOTIFS_SUPPLEMENTAIRES", []))
    found = {}
    for path in modules:
        motif = import_module(path).MOTIF
        found[motif.code] = motif
    return found


def motif(code: str) -> Motif:
    return motifs()[code]


def motif_par_choix(choix: str) -> Motif | None:
    for candidate in motifs().values():
        if candidate.choix == choix:
            return candidate
    return None


def _normalise(texte: str) -> str:
    sans_accents = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return " ".join(sans_accents.upper().replace("-", " - ").split()).replace(" - ", "-")


def motif_du_registre(motif_registre: str) -> Motif | None:
    """The online motif whose renewal a registry title allows (« Etudiant » → étudiant...)."""
    cle = _normalise(motif_registre)
    for candidate in motifs().values():
        if any(_normalise(m) == cle for m in candidate.motifs_registre):
            return candidate
    return None


def choix_autre_titre() -> list[tuple[str, str]]:
    offered = {m.choix for m in motifs().values()}
    extra = [
        (m.choix, m.libelle) for m in motifs().values() if m.choix not in dict(CHOIX_AUTRE_TITRE)
    ]
    return [(code, label) for code, label in CHOIX_AUTRE_TITRE] + extra if offered else []
