"""The wizard engine: which step a draft may show, and what is still missing. Pure reads over
the catalogue and the draft; writes are in services.py."""

from demandes import catalogue
from demandes.catalogue.types import Etape, Motif, NatureEtape, Piece, Saisie
from demandes.models import Demande

NATURES_SAISIE = {NatureEtape.FORMULAIRE, NatureEtape.JUSTIFICATIFS}


def motif_de(demande: Demande) -> Motif:
    return catalogue.motif(demande.motif)


def saisie_de(demande: Demande) -> Saisie:
    return Saisie(demande.saisie, demande=demande)


def etapes_saisie(motif: Motif) -> list[Etape]:
    return [etape for etape in motif.etapes if etape.nature in NATURES_SAISIE]


def index(motif: Motif, code: str) -> int:
    return [etape.code for etape in motif.etapes].index(code)


def premiere_etape_incomplete(demande: Demande) -> Etape:
    """The first step without saved answers; the recap once every step is saved."""
    motif = motif_de(demande)
    for etape in etapes_saisie(motif):
        if etape.code not in demande.saisie:
            return etape
    return next(e for e in motif.etapes if e.nature == NatureEtape.RECAPITULATIF)


def peut_acceder(demande: Demande, etape: Etape) -> bool:
    motif = motif_de(demande)
    if etape.nature == NatureEtape.CONFIRMATION:
        return not demande.est_brouillon
    if not demande.est_brouillon:
        return False
    return index(motif, etape.code) <= index(motif, premiere_etape_incomplete(demande).code)


def etape_precedente(demande: Demande, etape: Etape) -> Etape | None:
    motif = motif_de(demande)
    position = index(motif, etape.code)
    return motif.etapes[position - 1] if position > 0 else None


def etape_suivante(demande: Demande, etape: Etape) -> Etape:
    motif = motif_de(demande)
    return motif.etapes[index(motif, etape.code) + 1]


def pieces_demandees(demande: Demande) -> list[Piece]:
    return motif_de(demande).pieces_demandees(saisie_de(demande))


def pieces_manquantes(demande: Demande, fichiers_par_piece: dict, ephoto) -> list[Piece]:
    """Required items with nothing attached (or no confirmed e-photo)."""
    saisie = saisie_de(demande)
    manquantes = []
    for piece in pieces_demandees(demande):
        if not piece.obligatoire(saisie):
            continue
        present = ephoto is not None if piece.ephoto else bool(fichiers_par_piece.get(piece.code))
        if not present:
            manquantes.append(piece)
    return manquantes


def parties_recap(demande: Demande):
    return motif_de(demande).parties_recap


def toutes_parties_validees(demande: Demande) -> bool:
    return len(set(demande.parties_validees)) >= len(parties_recap(demande))
