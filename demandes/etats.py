"""The life of a request, in one table: its states, the transitions between them, who may take
each one, and the four stages the applicant sees.

`demandes.transitions.transition_appliquer` is the only code that writes `Demande.etat`; every
service that moves a request (the deposit here, the agents' actions in `instruction`, the
applicant's withdrawal) names its transition and goes through it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class EtatDemande(models.TextChoices):
    BROUILLON = "brouillon", _("Brouillon")
    DEPOSEE = "deposee", _("Déposée")
    EN_INSTRUCTION = "en_instruction", _("En instruction")
    COMPLEMENT_DEMANDE = "complement_demande", _("Complément demandé")
    COMPLEMENT_RECU = "complement_recu", _("Complément reçu")
    DECISION_PROPOSEE = "decision_proposee", _("Décision proposée")
    DECISION_FAVORABLE = "decision_favorable", _("Décision favorable")
    DECISION_DEFAVORABLE = "decision_defavorable", _("Décision défavorable")
    TITRE_EN_FABRICATION = "titre_en_fabrication", _("Titre en fabrication")
    TITRE_DISPONIBLE = "titre_disponible", _("Titre disponible")
    TITRE_REMIS = "titre_remis", _("Titre remis")
    CLOTUREE = "cloturee", _("Clôturée")
    CLASSEE_SANS_SUITE = "classee_sans_suite", _("Classée sans suite")


E = EtatDemande

# Before a decision: such a request blocks another one for the same current document and motif
# (a renewal filed twice); a decision, a closure or a withdrawal frees the pair.
ETATS_EN_COURS = [
    E.BROUILLON,
    E.DEPOSEE,
    E.EN_INSTRUCTION,
    E.COMPLEMENT_DEMANDE,
    E.COMPLEMENT_RECU,
    E.DECISION_PROPOSEE,
]
# Deposited and not decided: the prefecture's work in progress (the agents' queue).
ETATS_A_INSTRUIRE = ETATS_EN_COURS[1:]
# A favourable decision was signed: the states of the card's making and delivery.
ETATS_FAVORABLES = [
    E.DECISION_FAVORABLE,
    E.TITRE_EN_FABRICATION,
    E.TITRE_DISPONIBLE,
    E.TITRE_REMIS,
]
ETATS_DECIDES = [*ETATS_FAVORABLES, E.DECISION_DEFAVORABLE]
ETATS_FINAUX = [E.TITRE_REMIS, E.DECISION_DEFAVORABLE, E.CLOTUREE, E.CLASSEE_SANS_SUITE]
# The applicant may attach or remove files (justificatifs.services, through
# `Demande.pieces_ajoutables`): while the request is a draft.
ETATS_PIECES_AJOUTABLES = [E.BROUILLON]


class Stade(models.TextChoices):
    """The applicant's progress bar (docs/instruction.md): four stages, whatever the agents'
    states."""

    DEPOT = "depot", _("Dépôt de la demande")
    INSTRUCTION = "instruction", _("Instruction en cours")
    DECISION = "decision", _("Décision statuée")
    TITRE_DISPONIBLE = "titre_disponible", _("Titre de séjour disponible")


STADES = list(Stade)

STADE_DE: dict[str, Stade] = {
    E.DEPOSEE: Stade.DEPOT,
    E.EN_INSTRUCTION: Stade.INSTRUCTION,
    E.COMPLEMENT_DEMANDE: Stade.INSTRUCTION,
    E.COMPLEMENT_RECU: Stade.INSTRUCTION,
    # A proposal is the agents' business until it is signed.
    E.DECISION_PROPOSEE: Stade.INSTRUCTION,
    E.DECISION_FAVORABLE: Stade.DECISION,
    E.DECISION_DEFAVORABLE: Stade.DECISION,
    E.TITRE_EN_FABRICATION: Stade.DECISION,
    E.TITRE_DISPONIBLE: Stade.TITRE_DISPONIBLE,
    E.TITRE_REMIS: Stade.TITRE_DISPONIBLE,
}


class Acteur(models.TextChoices):
    USAGER = "usager", _("l'usager")
    AGENT = "agent", _("un agent")
    SYSTEME = "systeme", _("le service")


class Transition(models.TextChoices):
    DEPOSER = "deposer", _("Dépôt de la demande")
    PRENDRE_EN_CHARGE = "prendre_en_charge", _("Prise en charge")
    DEMANDER_COMPLEMENT = "demander_complement", _("Demande de complément")
    RECEVOIR_COMPLEMENT = "recevoir_complement", _("Réception du complément")
    REPRENDRE_INSTRUCTION = "reprendre_instruction", _("Reprise de l'instruction")
    DELIVRER_ADP = "delivrer_adp", _("Délivrance d'une attestation de prolongation")
    PROPOSER_DECISION = "proposer_decision", _("Proposition de décision")
    RENVOYER_PROPOSITION = "renvoyer_proposition", _("Renvoi de la proposition")
    SIGNER_FAVORABLE = "signer_favorable", _("Signature d'une décision favorable")
    SIGNER_DEFAVORABLE = "signer_defavorable", _("Signature d'une décision défavorable")
    LANCER_FABRICATION = "lancer_fabrication", _("Titre en fabrication")
    TITRE_DISPONIBLE = "titre_disponible", _("Titre disponible")
    REMETTRE_TITRE = "remettre_titre", _("Remise du titre")
    CLOTURER = "cloturer", _("Clôture (demande incomplète)")
    SE_DESISTER = "se_desister", _("Désistement de l'usager")


T = Transition


@dataclass(frozen=True)
class RegleTransition:
    """One row of the table: from which states, to which (None: the state stays, the
    transition is only recorded), by whom, and the permission an agent needs."""

    transition: Transition
    depuis: frozenset[str]
    vers: EtatDemande | None
    acteurs: frozenset[str]
    permission: str | None = None
    # The reason is required (shown to the applicant or kept for the file).
    motif_requis: bool = False

    def destination(self, etat: str) -> str:
        return self.vers or etat


def _regle(transition, depuis, vers, acteurs, permission=None, motif_requis=False):
    return RegleTransition(
        transition=transition,
        depuis=frozenset(depuis),
        vers=vers,
        acteurs=frozenset(acteurs),
        permission=permission,
        motif_requis=motif_requis,
    )


INSTRUIRE = "demandes.instruire_demande"
SIGNER = "demandes.signer_decision"
A, U, S = Acteur.AGENT, Acteur.USAGER, Acteur.SYSTEME
AVANT_DECISION = [E.EN_INSTRUCTION, E.COMPLEMENT_DEMANDE, E.COMPLEMENT_RECU, E.DECISION_PROPOSEE]

TRANSITIONS: dict[Transition, RegleTransition] = {
    r.transition: r
    for r in [
        _regle(T.DEPOSER, [E.BROUILLON], E.DEPOSEE, [U]),
        _regle(T.PRENDRE_EN_CHARGE, [E.DEPOSEE], E.EN_INSTRUCTION, [A], INSTRUIRE),
        _regle(T.DEMANDER_COMPLEMENT, [E.EN_INSTRUCTION], E.COMPLEMENT_DEMANDE, [A], INSTRUIRE),
        _regle(T.RECEVOIR_COMPLEMENT, [E.COMPLEMENT_DEMANDE], E.COMPLEMENT_RECU, [U]),
        _regle(T.REPRENDRE_INSTRUCTION, [E.COMPLEMENT_RECU], E.EN_INSTRUCTION, [A], INSTRUIRE),
        _regle(T.DELIVRER_ADP, AVANT_DECISION, None, [A], INSTRUIRE),
        _regle(T.PROPOSER_DECISION, [E.EN_INSTRUCTION], E.DECISION_PROPOSEE, [A], INSTRUIRE),
        _regle(
            T.RENVOYER_PROPOSITION,
            [E.DECISION_PROPOSEE],
            E.EN_INSTRUCTION,
            [A],
            SIGNER,
            motif_requis=True,
        ),
        _regle(T.SIGNER_FAVORABLE, [E.DECISION_PROPOSEE], E.DECISION_FAVORABLE, [A], SIGNER),
        _regle(T.SIGNER_DEFAVORABLE, [E.DECISION_PROPOSEE], E.DECISION_DEFAVORABLE, [A], SIGNER),
        _regle(
            T.LANCER_FABRICATION, [E.DECISION_FAVORABLE], E.TITRE_EN_FABRICATION, [A], INSTRUIRE
        ),
        _regle(T.TITRE_DISPONIBLE, [E.TITRE_EN_FABRICATION], E.TITRE_DISPONIBLE, [A], INSTRUIRE),
        _regle(T.REMETTRE_TITRE, [E.TITRE_DISPONIBLE], E.TITRE_REMIS, [A], INSTRUIRE),
        # Manual (an agent, the request being incomplete) or automatic (the service, when the
        # complement's delay has run out).
        _regle(
            T.CLOTURER,
            [E.EN_INSTRUCTION, E.COMPLEMENT_DEMANDE, E.COMPLEMENT_RECU],
            E.CLOTUREE,
            [A, S],
            INSTRUIRE,
            motif_requis=True,
        ),
        _regle(T.SE_DESISTER, [E.DEPOSEE, *AVANT_DECISION], E.CLASSEE_SANS_SUITE, [U]),
    ]
}


def regle(transition: str) -> RegleTransition:
    return TRANSITIONS[Transition(transition)]


def stade_de(etat: str) -> Stade | None:
    return STADE_DE.get(etat)


def diagramme_mermaid() -> str:
    """The state diagram of docs/instruction.md, generated from the table (a test keeps the
    page equal to it)."""
    lignes = ["stateDiagram-v2", f"    [*] --> {E.BROUILLON.value}"]
    for r in TRANSITIONS.values():
        for depuis in sorted(r.depuis, key=list(E).index):
            vers = r.destination(depuis)
            lignes.append(f"    {depuis} --> {vers}: {r.transition.value}")
    for etat in ETATS_FINAUX:
        lignes.append(f"    {etat.value} --> [*]")
    return "\n".join(lignes) + "\n"
