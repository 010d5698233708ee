"""The shapes of the motif catalogue: plain data, read by the wizard engine and the views."""

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from dateutil.relativedelta import relativedelta
from django import forms
from django.utils.translation import gettext_lazy as _

from attestations.regles import AdpAuDepot, DebutAdp, RegleAdp

# A condition reads the answers saved so far (see `Saisie`) and says yes or no.
Condition = Callable[["Saisie"], bool]


def toujours(_saisie: "Saisie") -> bool:
    return True


def jamais(_saisie: "Saisie") -> bool:
    return False


class Saisie:
    """Read access to a request's answers: `saisie.get("personnel", "situation_familiale")`."""

    def __init__(self, donnees: dict, *, demande=None):
        self.donnees = donnees or {}
        self.demande = demande

    def etape(self, code: str) -> dict:
        return self.donnees.get(code) or {}

    def get(self, etape: str, champ: str, default=None):
        return self.etape(etape).get(champ, default)


@dataclass(frozen=True)
class Attestation:
    """An « attestation sur l'honneur » line and when it is asked for."""

    code: str
    texte: str
    condition: Condition = toujours


@dataclass(frozen=True)
class Piece:
    """A requested document (pièce justificative) of the Justificatifs step."""

    code: str
    section: str
    libelle: str
    aide: tuple[str, ...] = ()
    demandee: Condition = toujours
    obligatoire: Condition = jamais
    # The e-photo item takes a code, not files.
    ephoto: bool = False


class NatureEtape(StrEnum):
    """What a wizard step is, which tells the engine the view that renders it."""

    FORMULAIRE = "formulaire"
    JUSTIFICATIFS = "justificatifs"
    RECAPITULATIF = "recapitulatif"
    CONFIRMATION = "confirmation"


@dataclass(frozen=True)
class Etape:
    """One wizard step. `form` is the step's form class (for a `FORMULAIRE`)."""

    code: str
    titre: str
    intitule: str
    nature: NatureEtape = NatureEtape.FORMULAIRE
    form: type[forms.Form] | None = None
    template: str = "demandes/etapes/formulaire.html"
    # A step that opens a blocking modal instead of saving (e.g. ASE eligibility): returns the
    # modal's key, or None.
    blocage: Callable[[dict, "Saisie"], str | None] | None = None
    # A step that saves but warns in a modal first (e.g. resources under the minimum).
    avertissement: Callable[[dict, "Saisie"], str | None] | None = None
    # The empty form starts from the account's e-mail and phone (step 1).
    initial_du_compte: bool = False
    # Récapitulatif: rows (label, value) for answers no field of the form labels, e.g. the
    # resources' lines; shown before the fields' rows.
    lignes_recap: Callable[[forms.Form, dict], list[tuple[str, str]]] | None = None


@dataclass(frozen=True)
class PartieRecap:
    """An accordion of the Récapitulatif: which steps it shows."""

    titre: str
    etapes: tuple[str, ...]


# The ADP at deposit of most motifs: for a renewal whose title ends within 60 days, from the
# day after the title ends, 3 months (docs/attestations.md, « Rule: ADP at deposit »); the
# agents' ADP lasts as long (instruction/regles.py).
REGLE_ADP_PAR_DEFAUT = RegleAdp(
    au_depot=AdpAuDepot.ECHEANCE, duree=relativedelta(months=3), debut=DebutAdp.FIN_TITRE
)


@dataclass(frozen=True)
class Motif:
    code: str
    libelle: str
    titre_demarche: str
    type_demande: str
    type_demande_renouvellement: str
    etapes: tuple[Etape, ...]
    pieces: tuple[Piece, ...]
    attestations: tuple[Attestation, ...] = ()
    # Texts of the preamble ("Votre démarche en ligne").
    public: tuple[str, ...] = ()
    legendes_etapes: tuple[str, ...] = ()
    bouton_preambule: str = _("Je commence")
    # Récapitulatif: accordions (Étudiant, BPI) or a single "Dépôt de la demande" step (ASE).
    parties_recap: tuple[PartieRecap, ...] = ()
    intro_recap: str = ""
    bouton_depot: str = _("Déposer la demande")
    bouton_ajout_fichier: str = _("Joindre un document")
    # Document title of the confirmation PDF and e-mail: "première demande" or "renouvellement".
    renouvellement_possible: bool = True
    # Registry motifs (DocumentSejour.motif) whose holders are offered "renouvellement".
    motifs_registre: tuple[str, ...] = field(default_factory=tuple)
    # A short slug for the choice list on "Votre situation actuelle".
    choix: str = ""
    # What the motif changes in the attestations (attestations/ knows no motif: the callers
    # pass these). When the ADP comes with the deposit, and for how long:
    regle_adp: RegleAdp = REGLE_ADP_PAR_DEFAUT
    # The ADF's work clause says « à titre accessoire » (titles allowing ancillary work only).
    travail_a_titre_accessoire: bool = False
    # The ADP of a protection beneficiary names the protection, read from the answers
    # ("refugie" or "subsidiaire"); None: the usual ADP wording.
    protection: Callable[["Saisie"], str] | None = None
    # Title of the printed « Liste des documents justificatifs à fournir » (official French
    # wording, not translated); empty: the label in capitals.
    titre_liste: str = ""

    def etape(self, code: str) -> Etape:
        for etape in self.etapes:
            if etape.code == code:
                return etape
        raise KeyError(code)

    def pieces_demandees(self, saisie: Saisie) -> list[Piece]:
        return [piece for piece in self.pieces if piece.demandee(saisie)]

    def attestations_demandees(self, saisie: Saisie) -> list[Attestation]:
        return [a for a in self.attestations if a.condition(saisie)]

    def protection_de(self, saisie: Saisie) -> str | None:
        return self.protection(saisie) if self.protection is not None else None

    def titre_liste_pieces(self) -> str:
        return self.titre_liste or str(self.libelle).upper()


def sections_de(motif: Motif, saisie: Saisie | None = None) -> dict[str, list[Piece]]:
    """The motif's documents grouped by section title, in catalogue order: those requested by
    `saisie`, or all of them (the printed and online lists, before any answer)."""
    pieces = motif.pieces if saisie is None else motif.pieces_demandees(saisie)
    sections: dict[str, list[Piece]] = {}
    for piece in pieces:
        sections.setdefault(str(piece.section), []).append(piece)
    return sections
