"""The agents' actions on a deposited request: one service per transition of `demandes.etats`.

Each takes `par=` the acting agent, goes through `demandes.transitions.transition_appliquer`
(row lock, table, guards, history row in the same transaction) and writes its own rows in that
transaction. What the applicant is told (in-site notifications) is scheduled after commit by
`instruction.avis`.
"""

import datetime
import hashlib
from decimal import Decimal

from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import services as comptes
from accounts.models import DocumentSejour, StatutCompte
from attestations import regles as regles_attestations
from attestations import selectors as attestations_lues
from attestations import services as attestations
from attestations.models import TypeAttestation
from demandes import catalogue, wizard
from demandes.etats import Transition
from demandes.models import Demande, SensDecision
from demandes.transitions import DemandeError, TransitionRefusee, refus, transition_appliquer
from instruction import avis
from instruction.models import (
    Complement,
    Decision,
    ElementComplement,
    MotifComplement,
    NoteInterne,
    Remise,
    StatutComplement,
    StatutDecision,
    TypeCarte,
)

__all__ = ["InstructionError", "TransitionRefusee"]


class InstructionError(DemandeError):
    """An action refused for a reason of its own (the message is displayable)."""


def demande_prendre_en_charge(*, demande: Demande, par) -> Demande:
    """Déposée → en instruction, assigned to `par`. For a visa-only applicant this activates
    the account: an N° étranger is allocated and a temporary password e-mailed."""

    def appliquer(locked: Demande) -> None:
        locked.agent = par
        usager = locked.usager
        if usager.statut == StatutCompte.EN_ATTENTE_NUMERO:
            numero = comptes.numero_etranger_allouer(
                departement=locked.numero[:2], document=usager.document
            )
            comptes.compte_attribuer_numero_etranger(user=usager, numero_etranger=numero, par=par)

    return transition_appliquer(
        demande=demande, transition=Transition.PRENDRE_EN_CHARGE, par=par, appliquer=appliquer
    )


def demande_assigner(*, demandes, agent, par) -> int:
    """Give requests under instruction to another agent of the same prefecture (bulk action).
    Not a transition: the state stays; each change is recorded as an internal note (who gave
    the request to whom). Returns the number of requests that changed hands."""
    if not agent.is_active or not agent.is_staff:
        raise InstructionError(_("Cet agent n'appartient pas à votre préfecture."))
    if not par.is_superuser and agent.prefecture_id != par.prefecture_id:
        raise InstructionError(_("Cet agent n'appartient pas à votre préfecture."))
    n = 0
    with transaction.atomic():
        for demande in demandes:
            locked = Demande.objects.select_for_update(of=("self",)).get(pk=demande.pk)
            if not par.is_superuser and locked.prefecture_id != par.prefecture_id:
                raise InstructionError(_("Cette demande relève d'une autre préfecture."))
            # A national administrator too: the request goes to an agent of its prefecture.
            if locked.prefecture_id != agent.prefecture_id:
                raise InstructionError(_("Cet agent n'appartient pas à la préfecture compétente."))
            if locked.agent_id != agent.pk:
                locked.agent = agent
                locked.save(update_fields=["agent", "modifiee_le"])
                NoteInterne.objects.create(
                    demande=locked,
                    auteur=par,
                    texte=_("Demande confiée à %(agent)s (%(identifiant)s).")
                    % {"agent": agent.get_full_name(), "identifiant": agent.identifiant},
                )
                n += 1
    return n


def complement_demander(*, demande: Demande, elements: list[dict], par) -> Complement:
    """En instruction → complément demandé. `elements`: one dict per document (piece, libelle,
    motif among MotifComplement, observation). The applicant answers it (notifications issue)."""
    if not elements:
        raise InstructionError(_("Sélectionnez au moins un document à demander."))
    pieces = [(element.get("piece") or "").strip() for element in elements]
    if not all(pieces):
        raise InstructionError(_("Chaque élément demandé doit désigner un document."))
    if len(set(pieces)) != len(pieces):
        raise InstructionError(_("Chaque document ne peut être demandé qu'une seule fois."))
    for element in elements:
        if element.get("motif") not in MotifComplement.values:
            raise InstructionError(
                _("Indiquez pour chaque document s'il est manquant, non lisible ou non valide.")
            )
        if not (element.get("observation") or "").strip():
            raise InstructionError(_("Chaque document demandé doit avoir une observation."))
    cree: list[Complement] = []

    def appliquer(locked: Demande) -> None:
        complement = Complement.objects.create(
            demande=locked, demande_par=par, demande_le=timezone.now()
        )
        ElementComplement.objects.bulk_create(
            ElementComplement(
                complement=complement,
                piece=e["piece"].strip(),
                libelle=str(e.get("libelle") or e["piece"]),
                motif=e["motif"],
                observation=e["observation"].strip(),
            )
            for e in elements
        )
        cree.append(complement)

    locked = transition_appliquer(
        demande=demande,
        transition=Transition.DEMANDER_COMPLEMENT,
        par=par,
        appliquer=appliquer,
        donnees={
            "elements": [
                {
                    "piece": e["piece"].strip(),
                    "motif": e["motif"],
                    "observation": e["observation"].strip(),
                }
                for e in elements
            ]
        },
    )
    avis.programmer(locked, Transition.DEMANDER_COMPLEMENT, cle=f"complement:{cree[0].pk}")
    return cree[0]


def instruction_reprendre(*, demande: Demande, par) -> Demande:
    """Complément reçu → en instruction: the agent has read the answer."""
    return transition_appliquer(
        demande=demande, transition=Transition.REPRENDRE_INSTRUCTION, par=par
    )


def adp_delivrer(
    *, demande: Demande, debut: datetime.date, fin: datetime.date, par
) -> "attestations.Attestation":
    """Issue an attestation de prolongation d'instruction valid from `debut` to `fin`; the
    wording follows the request (first request or renewal, BPI). The state stays."""
    if fin < debut:
        raise InstructionError(_("La fin de validité doit suivre son début."))
    cree = []

    def pas_deux_fois(locked: Demande) -> str | None:
        # The state does not change, so the table cannot refuse a double submit: the same
        # period issued twice is one.
        for attestation in attestations_lues.attestations_de(locked):
            if attestation.type == TypeAttestation.PROLONGATION and (
                attestation.valide_du,
                attestation.valide_au,
            ) == (debut, fin):
                return _("Une attestation de prolongation pour cette période est déjà délivrée.")
        return None

    def appliquer(locked: Demande) -> None:
        cree.append(
            attestations.adp_generer(
                demande=locked,
                periode=regles_attestations.Periode(debut, fin),
                protection=catalogue.motif(locked.motif).protection_de(wizard.saisie_de(locked)),
                par=par,
            )
        )

    locked = transition_appliquer(
        demande=demande,
        transition=Transition.DELIVRER_ADP,
        par=par,
        gardes=pas_deux_fois,
        appliquer=appliquer,
        donnees={"debut": debut.isoformat(), "fin": fin.isoformat()},
    )
    avis.programmer(locked, Transition.DELIVRER_ADP, cle=f"adp:{cree[0].pk}")
    return cree[0]


def decision_proposer(
    *,
    demande: Demande,
    sens: str,
    par,
    type_carte: str = "",
    date_debut: datetime.date | None = None,
    date_fin: datetime.date | None = None,
    mention: str = "",
    montant_taxe: Decimal | None = None,
    autorise_travail: bool = False,
    motifs_refus: str = "",
    document_refus=None,
) -> Decision:
    """En instruction → décision proposée. Favourable: the card (type, validity, mention, tax).
    Unfavourable: the reasons and the signed refusal as a PDF whose content was checked
    (`justificatifs.validation.verifier_fichier`: pass its `contenu`)."""
    if sens == SensDecision.FAVORABLE:
        if type_carte not in TypeCarte.values or not (date_debut and date_fin):
            raise InstructionError(_("Indiquez le type de titre et ses dates de validité."))
        if date_fin < date_debut:
            raise InstructionError(_("La fin de validité du titre doit suivre son début."))
        if montant_taxe is None or montant_taxe < 0:
            raise InstructionError(_("Indiquez le montant des taxes."))
    elif sens == SensDecision.DEFAVORABLE:
        if not motifs_refus.strip() or document_refus is None:
            raise InstructionError(
                _("Indiquez les motifs du refus et joignez la décision signée (PDF).")
            )
    else:
        raise InstructionError(_("Choisissez le sens de la décision."))
    cree: list[Decision] = []

    def appliquer(locked: Demande) -> None:
        decision = Decision(
            demande=locked,
            sens=sens,
            proposee_par=par,
            proposee_le=timezone.now(),
        )
        if sens == SensDecision.FAVORABLE:
            decision.type_carte = type_carte
            decision.date_debut = date_debut
            decision.date_fin = date_fin
            decision.mention = mention.strip()
            decision.montant_taxe = montant_taxe
            decision.autorise_travail = autorise_travail
        else:
            decision.motifs_refus = motifs_refus.strip()
            document_refus.seek(0)
            decision.document_refus_sha256 = hashlib.sha256(document_refus.read()).hexdigest()
            document_refus.seek(0)
            decision.document_refus.save("refus.pdf", File(document_refus), save=False)
        try:
            with transaction.atomic():
                decision.save()
        except BaseException:
            if decision.document_refus:
                decision.document_refus.storage.delete(decision.document_refus.name)
            raise
        cree.append(decision)

    transition_appliquer(
        demande=demande,
        transition=Transition.PROPOSER_DECISION,
        par=par,
        appliquer=appliquer,
        donnees={"sens": sens},
    )
    return cree[0]


def _decision_proposee(locked: Demande) -> Decision:
    return Decision.objects.select_for_update().get(demande=locked, statut=StatutDecision.PROPOSEE)


def decision_renvoyer(*, demande: Demande, commentaire: str, par) -> Decision:
    """Décision proposée → en instruction: the valideur sends the proposal back."""
    renvoyee = []

    def appliquer(locked: Demande) -> None:
        decision = _decision_proposee(locked)
        decision.statut = StatutDecision.RENVOYEE
        decision.commentaire_renvoi = commentaire.strip()
        decision.save(update_fields=["statut", "commentaire_renvoi"])
        renvoyee.append(decision)

    transition_appliquer(
        demande=demande,
        transition=Transition.RENVOYER_PROPOSITION,
        par=par,
        motif=commentaire,
        appliquer=appliquer,
    )
    return renvoyee[0]


def decision_signer(*, demande: Demande, par) -> Decision:
    """Décision proposée → favorable or défavorable, signed by a valideur who did not propose
    it (four eyes). A favourable decision issues the ADF; both are offered to the applicant."""
    proposee = Decision.objects.filter(demande=demande, statut=StatutDecision.PROPOSEE).first()
    if proposee is None:
        # Most often another agent signed or sent it back a moment ago: say so as the table
        # would, rather than that nothing was ever proposed.
        if raison := refus(Demande.objects.get(pk=demande.pk), Transition.SIGNER_FAVORABLE, par):
            raise TransitionRefusee(raison)
        raise InstructionError(_("Aucune décision n'est proposée pour cette demande."))
    favorable = proposee.sens == SensDecision.FAVORABLE
    transition = Transition.SIGNER_FAVORABLE if favorable else Transition.SIGNER_DEFAVORABLE
    signee = []

    def quatre_yeux(locked: Demande) -> str | None:
        decision = _decision_proposee(locked)
        if decision.pk != proposee.pk:
            return _("La proposition a changé : rechargez la page.")
        if decision.proposee_par_id == par.pk:
            return _("Une décision est signée par un autre agent que celui qui l'a proposée.")
        return None

    def appliquer(locked: Demande) -> None:
        decision = _decision_proposee(locked)
        maintenant = timezone.now()
        decision.statut = StatutDecision.SIGNEE
        decision.signee_par = par
        decision.signee_le = maintenant
        decision.save(update_fields=["statut", "signee_par", "signee_le"])
        locked.decision = decision.sens
        locked.decision_le = maintenant
        if favorable:
            attestations.adf_generer(
                demande=locked,
                type_carte=decision.get_type_carte_display(),
                date_debut=decision.date_debut,
                date_fin=decision.date_fin,
                mention=decision.mention,
                montant_taxe=decision.montant_taxe,
                autorise_travail=decision.autorise_travail,
                a_titre_accessoire=catalogue.motif(locked.motif).travail_a_titre_accessoire,
                par=par,
                emise_le=timezone.localdate(maintenant),
            )
        signee.append(decision)

    locked = transition_appliquer(
        demande=demande,
        transition=transition,
        par=par,
        gardes=quatre_yeux,
        appliquer=appliquer,
        donnees={"decision": proposee.pk, "sens": proposee.sens},
    )
    avis.programmer(locked, transition, cle=f"decision:{signee[0].pk}")
    return signee[0]


def demande_cloturer(*, demande: Demande, motif: str, par) -> Demande:
    """Close an incomplete request: by an agent with a reason, or by the service (`par=None`)
    when the complement's delay has run out (the pending complement then expires)."""

    def appliquer(locked: Demande) -> None:
        Complement.objects.filter(demande=locked, statut=StatutComplement.EN_ATTENTE).update(
            statut=StatutComplement.EXPIRE
        )

    locked = transition_appliquer(
        demande=demande, transition=Transition.CLOTURER, par=par, motif=motif, appliquer=appliquer
    )
    avis.programmer(locked, Transition.CLOTURER, cle=f"cloture:{locked.pk}")
    return locked


def titre_lancer_fabrication(*, demande: Demande, par) -> Demande:
    return transition_appliquer(demande=demande, transition=Transition.LANCER_FABRICATION, par=par)


def titre_disponible(*, demande: Demande, par) -> Demande:
    """The card arrived at the prefecture: the applicant is told how to collect it."""
    locked = transition_appliquer(demande=demande, transition=Transition.TITRE_DISPONIBLE, par=par)
    avis.programmer(locked, Transition.TITRE_DISPONIBLE, cle=f"titre-disponible:{locked.pk}")
    return locked


def titre_remettre(
    *, demande: Demande, numero_titre: str, numero_timbre: str, montant_timbre: Decimal, par
) -> Remise:
    """Titre disponible → titre remis, against a 16-digit electronic fiscal stamp (paper stamps
    are not accepted). The card enters the registry: it becomes the holder's current title."""
    numero_timbre = (numero_timbre or "").replace(" ", "")
    if len(numero_timbre) != 16 or not numero_timbre.isdigit():
        raise InstructionError(_("Le numéro du timbre fiscal électronique comporte 16 chiffres."))
    numero_titre = (numero_titre or "").strip().upper()
    if not numero_titre:
        raise InstructionError(_("Indiquez le numéro du titre remis."))
    if montant_timbre is None or montant_timbre < 0:
        raise InstructionError(_("Indiquez le montant acquitté."))
    if Remise.objects.filter(numero_timbre=numero_timbre).exists():
        raise InstructionError(_("Ce timbre fiscal a déjà été utilisé."))
    if DocumentSejour.objects.filter(numero=numero_titre).exists():
        raise InstructionError(_("Ce numéro de titre existe déjà dans le registre."))
    remise = []

    def appliquer(locked: Demande) -> None:
        decision = Decision.objects.get(demande=locked, statut=StatutDecision.SIGNEE)
        titre = comptes.titre_enregistrer(
            usager=locked.usager,
            numero=numero_titre,
            type_titre=decision.get_type_carte_display(),
            motif=locked.type_demande,
            mention=decision.mention,
            debut=decision.date_debut,
            fin=decision.date_fin,
            prefecture=locked.prefecture,
            modele=locked.document_actuel,
        )
        remise.append(
            Remise.objects.create(
                demande=locked,
                numero_timbre=numero_timbre,
                montant_timbre=montant_timbre,
                titre=titre,
                remis_par=par,
                remis_le=timezone.now(),
            )
        )

    try:
        transition_appliquer(
            demande=demande,
            transition=Transition.REMETTRE_TITRE,
            par=par,
            appliquer=appliquer,
            donnees={"numero_titre": numero_titre, "montant_timbre": str(montant_timbre)},
        )
    except IntegrityError as exc:
        raise InstructionError(
            _("Ce timbre fiscal ou ce numéro de titre est déjà utilisé.")
        ) from exc
    return remise[0]


def note_ajouter(*, demande: Demande, texte: str, par) -> NoteInterne:
    texte = (texte or "").strip()
    if not texte:
        raise InstructionError(_("La note est vide."))
    return NoteInterne.objects.create(demande=demande, auteur=par, texte=texte)
