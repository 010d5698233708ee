"""The applicant's side of a « Demande de complément »: opening it (the acknowledgement that
starts the 30 days), attaching new versions of the documents asked for, and answering
(« Valider et envoyer »), document by document.

Every write locks the request's row first (as every transition does, so the schedule's closure
and an answer never deadlock), then the complement's, and checks on fresh values that the
complement still waits for this applicant's answer within its delay. New files are stored beside
the old ones (`Fichier.element_complement`); they stay pending until the answer is sent. A second
answer, or one after the delay, is refused with its reason and writes nothing.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from demandes.etats import Transition
from demandes.models import Demande
from demandes.transitions import TransitionRefusee, transition_appliquer
from instruction.models import (
    Complement,
    ElementComplement,
    ReponseComplement,
    StatutComplement,
)
from instruction.services import InstructionError
from justificatifs import services as justificatifs
from justificatifs.models import Fichier
from justificatifs.services import FICHIERS_PAR_PIECE_MAX, FichierRefuse
from justificatifs.validation import empreinte

MESSAGE_LONGUEUR_MAX = 5000
RAISON_LONGUEUR_MAX = 2000

__all__ = [
    "FichierRefuse",
    "InstructionError",
    "Reponse",
    "TransitionRefusee",
    "cle_notification",
    "complement_accuser",
    "complement_fichier_ajouter",
    "complement_fichier_supprimer",
    "complement_repondre",
    "refus_reponse",
]


def cle_notification(complement: Complement) -> str:
    """The key of the complement's notification (`instruction.services.complement_demander`)."""
    return f"complement:{complement.pk}"


@dataclass
class Reponse:
    """The applicant's answer for one document: keep it (with the reason) or update it (with
    the files attached to it beforehand, `complement_fichier_ajouter`)."""

    reponse: str
    raison: str = ""


def complement_accuser(*, complement: Complement, par) -> bool:
    """The applicant opens the complement's page: the first time, record that they read it
    (`Complement.accuse_le`, which starts the 30 days, and the notification's `lue_le`).
    Only the owner acknowledges; conditional updates, so two tabs record one moment.
    Returns True when this call recorded it."""
    from notifications.models import Notification

    if getattr(par, "pk", None) is None or complement.demande.usager_id != par.pk:
        return False
    maintenant = timezone.now()
    with transaction.atomic():
        n = Complement.objects.filter(
            pk=complement.pk, statut=StatutComplement.EN_ATTENTE, accuse_le__isnull=True
        ).update(accuse_le=maintenant)
        Notification.objects.filter(
            cle=cle_notification(complement), usager=par, lue_le__isnull=True
        ).update(lue_le=maintenant)
    if n:
        complement.accuse_le = maintenant
    return bool(n)


def refus_reponse(complement: Complement, maintenant) -> str | None:
    """Why the complement can no longer be answered (None: it can)."""
    if complement.statut == StatutComplement.REPONDU:
        return _("Vous avez déjà répondu à cette demande de complément.")
    if complement.statut == StatutComplement.EXPIRE or complement.delai_depasse(maintenant):
        echeance = complement.echeance
        if echeance is None:
            return _("Cette demande de complément n'attend plus de réponse.")
        return _(
            "Le délai de 30 jours pour répondre à cette demande de complément a expiré le "
            "%(date)s : votre réponse ne peut plus être prise en compte."
        ) % {"date": formats.date_format(timezone.localtime(echeance), "d/m/Y")}
    return None


def _verrouiller(complement_pk: int, demande_pk: int, par) -> Complement:
    """Lock the request, then the complement; check the owner and that it still waits."""
    demande = (
        Demande.objects.select_for_update(of=("self",)).only("pk", "usager_id").get(pk=demande_pk)
    )
    if demande.usager_id != getattr(par, "pk", None):
        raise TransitionRefusee(_("Cette demande n'est pas la vôtre."))
    locked = Complement.objects.select_for_update(of=("self",)).get(pk=complement_pk)
    if raison := refus_reponse(locked, timezone.now()):
        raise InstructionError(raison)
    return locked


def complement_fichier_ajouter(*, element: ElementComplement, upload, par) -> Fichier:
    """Attach a new version of a requested document (the same checks as the Justificatifs
    step: type from the content, 10 Mo, 3 files per document). It is sent with the answer.
    Raises FichierRefuse, InstructionError or TransitionRefusee."""
    complement = element.complement
    verifie = justificatifs.fichier_verifier(upload)
    try:
        with transaction.atomic():
            _verrouiller(complement.pk, complement.demande_id, par)
            joints = Fichier.objects.filter(element_complement=element)
            # The same file sent again (a double click, a reload) is the one attached.
            if deja := joints.filter(sha256=empreinte(verifie.verdict.contenu)).first():
                return deja
            if joints.count() >= FICHIERS_PAR_PIECE_MAX:
                raise FichierRefuse(
                    _(
                        "Vous avez déjà joint 3 fichiers pour ce document : supprimez-en un "
                        "pour en ajouter un autre."
                    )
                )
            return justificatifs.fichier_complement_enregistrer(element=element, verifie=verifie)
    finally:
        verifie.fermer(upload)


def complement_fichier_supprimer(*, fichier: Fichier, par) -> None:
    """Remove a file attached to a complement not answered yet (« SUPPRIMER »)."""
    element = fichier.element_complement
    if element is None:
        raise InstructionError(_("Ce fichier ne peut pas être supprimé."))
    with transaction.atomic():
        _verrouiller(element.complement_id, fichier.demande_id, par)
        justificatifs.fichiers_complement_retirer(fichiers=[fichier])


def complement_repondre(
    *, complement: Complement, reponses: dict[int, Reponse], message: str = "", par
) -> Complement:
    """Record the applicant's answer to every document of `complement` and move the request to
    « complément reçu ». `reponses` maps each element's pk to its Reponse. A document updated
    needs at least one file attached; the files attached to a document maintained are dropped.

    Raises InstructionError (an answer or a reason or a file missing, already answered, delay
    over) or TransitionRefusee (not the applicant's request, not waiting for a complement)."""
    message = (message or "").strip()
    if len(message) > MESSAGE_LONGUEUR_MAX:
        raise InstructionError(
            _("Le message à l'agent ne peut dépasser %(n)s caractères.")
            % {"n": MESSAGE_LONGUEUR_MAX}
        )
    with transaction.atomic():
        locked = _verrouiller(complement.pk, complement.demande_id, par)
        elements = list(locked.elements.order_by("pk"))
        fichiers: dict[int, list[Fichier]] = {element.pk: [] for element in elements}
        for fichier in Fichier.objects.filter(element_complement__complement=locked):
            fichiers[fichier.element_complement_id].append(fichier)
        _reponses_verifier(elements, reponses, fichiers)
        maintenant = timezone.now()

        def appliquer(demande: Demande) -> None:
            from notifications.models import Notification

            for element in elements:
                reponse = reponses[element.pk]
                element.reponse = reponse.reponse
                element.raison_maintien = ""
                if reponse.reponse == ReponseComplement.MAINTENIR:
                    element.raison_maintien = reponse.raison.strip()
                    if fichiers[element.pk]:
                        justificatifs.fichiers_complement_retirer(fichiers=fichiers[element.pk])
                element.save(update_fields=["reponse", "raison_maintien"])
            locked.statut = StatutComplement.REPONDU
            locked.repondu_le = maintenant
            locked.message_usager = message
            locked.save(update_fields=["statut", "repondu_le", "message_usager"])
            Notification.objects.filter(cle=cle_notification(locked)).update(repondue_le=maintenant)

        transition_appliquer(
            demande=locked.demande,
            transition=Transition.RECEVOIR_COMPLEMENT,
            par=par,
            appliquer=appliquer,
            donnees={
                "complement": locked.pk,
                "reponses": {e.piece: reponses[e.pk].reponse for e in elements},
            },
        )
    return locked


def _reponses_verifier(
    elements: list[ElementComplement],
    reponses: dict[int, Reponse],
    fichiers: dict[int, list[Fichier]],
) -> None:
    for element in elements:
        reponse = reponses.get(element.pk)
        if reponse is None or reponse.reponse not in ReponseComplement.values:
            raise InstructionError(
                _("Indiquez votre réponse pour le document « %(document)s ».")
                % {"document": element.libelle}
            )
        if reponse.reponse == ReponseComplement.MAINTENIR:
            raison = reponse.raison.strip()
            if not raison:
                raise InstructionError(
                    _("Précisez les raisons du maintien du document « %(document)s ».")
                    % {"document": element.libelle}
                )
            if len(raison) > RAISON_LONGUEUR_MAX:
                raise InstructionError(
                    _("Les raisons du maintien ne peuvent dépasser %(n)s caractères.")
                    % {"n": RAISON_LONGUEUR_MAX}
                )
        if reponse.reponse == ReponseComplement.METTRE_A_JOUR and not fichiers[element.pk]:
            raise InstructionError(
                _("Joignez le nouveau document « %(document)s ».") % {"document": element.libelle}
            )
