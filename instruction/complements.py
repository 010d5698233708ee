"""The applicant's side of a « Demande de complément »: opening it (the acknowledgement that
starts the 30 days) and answering it (« Valider et envoyer »), document by document.

An answer is one transaction: the request's row locked first (as every transition does, so
a closure by the schedule and an answer never deadlock), then the complement's; the
transition RECEVOIR_COMPLEMENT (complément demandé → complément reçu) and its history row;
each element's answer; the new files beside the old ones (`Fichier.element_complement`).
A second answer, or one after the delay, is refused with its reason and writes nothing.
"""

from dataclasses import dataclass, field

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
from justificatifs.services import FICHIERS_PAR_PIECE_MAX, FichierRefuse
from notifications.models import Notification

MESSAGE_LONGUEUR_MAX = 5000


def cle_notification(complement: Complement) -> str:
    """The key of the complement's notification (`instruction.services.complement_demander`)."""
    return f"complement:{complement.pk}"


@dataclass
class Reponse:
    """The applicant's answer for one document: keep it (with the reason) or send new files."""

    reponse: str
    raison: str = ""
    fichiers: list = field(default_factory=list)


def complement_accuser(*, complement: Complement, par) -> bool:
    """The applicant opens the complement's page: the first time, record that they read it
    (`Complement.accuse_le`, which starts the 30 days, and the notification's `lue_le`).
    Only the owner acknowledges; a conditional update, so two tabs record one moment.
    Returns True when this call recorded it."""
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


def complement_repondre(
    *, complement: Complement, reponses: dict[int, Reponse], message: str = "", par
) -> Complement:
    """Record the applicant's answer to every document of `complement` and move the request to
    « complément reçu ». `reponses` maps each element's pk to its Reponse.

    Raises InstructionError (an answer missing, a reason missing, no file or too many, already
    answered, delay over), FichierRefuse (a file refused, the document named) or
    TransitionRefusee (not the applicant's request, not waiting for a complement)."""
    message = (message or "").strip()
    if len(message) > MESSAGE_LONGUEUR_MAX:
        raise InstructionError(
            _("Le message à l'agent ne peut dépasser %(n)s caractères.")
            % {"n": MESSAGE_LONGUEUR_MAX}
        )
    elements = list(complement.elements.order_by("pk"))
    _reponses_verifier(elements, reponses)
    verifies: dict[int, list] = {}
    stockes: list[str] = []
    try:
        for element in elements:
            reponse = reponses[element.pk]
            if reponse.reponse != ReponseComplement.METTRE_A_JOUR:
                continue
            verifies[element.pk] = []
            for upload in reponse.fichiers:
                try:
                    verifies[element.pk].append(justificatifs.fichier_verifier(upload))
                except FichierRefuse as exc:
                    raise FichierRefuse(f"{element.libelle} : {exc}") from exc
        try:
            return _enregistrer(complement, elements, reponses, verifies, message, par, stockes)
        except BaseException:
            justificatifs.objets_supprimer(stockes)
            raise
    finally:
        for element_pk, liste in verifies.items():
            for verifie, upload in zip(liste, reponses[element_pk].fichiers, strict=False):
                verifie.fermer(upload)


def _reponses_verifier(elements: list[ElementComplement], reponses: dict[int, Reponse]) -> None:
    for element in elements:
        reponse = reponses.get(element.pk)
        if reponse is None or reponse.reponse not in ReponseComplement.values:
            raise InstructionError(
                _("Indiquez votre réponse pour le document « %(document)s ».")
                % {"document": element.libelle}
            )
        if reponse.reponse == ReponseComplement.MAINTENIR and not reponse.raison.strip():
            raise InstructionError(
                _("Précisez les raisons du maintien du document « %(document)s ».")
                % {"document": element.libelle}
            )
        if reponse.reponse == ReponseComplement.METTRE_A_JOUR:
            if not reponse.fichiers:
                raise InstructionError(
                    _("Joignez le nouveau document « %(document)s ».")
                    % {"document": element.libelle}
                )
            if len(reponse.fichiers) > FICHIERS_PAR_PIECE_MAX:
                raise InstructionError(
                    _("Joignez 3 fichiers au plus pour le document « %(document)s ».")
                    % {"document": element.libelle}
                )


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


def _enregistrer(complement, elements, reponses, verifies, message, par, stockes) -> Complement:
    with transaction.atomic():
        demande = (
            Demande.objects.select_for_update(of=("self",))
            .only("pk", "usager_id")
            .get(pk=complement.demande_id)
        )
        if demande.usager_id != getattr(par, "pk", None):
            raise TransitionRefusee(_("Cette demande n'est pas la vôtre."))
        locked = Complement.objects.select_for_update().get(pk=complement.pk)
        maintenant = timezone.now()
        if raison := refus_reponse(locked, maintenant):
            raise InstructionError(raison)

        def appliquer(demande: Demande) -> None:
            for element in elements:
                reponse = reponses[element.pk]
                element.complement = locked
                element.reponse = reponse.reponse
                element.raison_maintien = (
                    reponse.raison.strip() if reponse.reponse == ReponseComplement.MAINTENIR else ""
                )
                element.save(update_fields=["reponse", "raison_maintien"])
                for verifie in verifies.get(element.pk, []):
                    fichier = justificatifs.fichier_complement_enregistrer(
                        element=element, verifie=verifie
                    )
                    stockes.append(fichier.fichier.name)
            locked.statut = StatutComplement.REPONDU
            locked.repondu_le = maintenant
            locked.message_usager = message
            locked.save(update_fields=["statut", "repondu_le", "message_usager"])
            Notification.objects.filter(cle=cle_notification(locked)).update(
                repondue_le=maintenant
            )

        transition_appliquer(
            demande=locked.demande,
            transition=Transition.RECEVOIR_COMPLEMENT,
            par=par,
            appliquer=appliquer,
            donnees={
                "complement": locked.pk,
                "reponses": {
                    element.piece: reponses[element.pk].reponse for element in elements
                },
            },
        )
    return locked
