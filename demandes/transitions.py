"""The one writer of `Demande.etat`: checks a transition against the table of `demandes.etats`,
applies it under a row lock and writes its history row in the same transaction.

Services name their transition and pass what it changes (`appliquer`, run on the locked row
before it is saved) and the data it carried (`donnees`, kept in the history). A refusal is a
`TransitionRefusee` whose message can be shown as it is.
"""

from collections.abc import Callable

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from demandes.etats import Acteur, EtatDemande, Transition, regle
from demandes.models import Demande, HistoriqueEtat


class DemandeError(Exception):
    """A refusal to show the user as it is."""


class TransitionRefusee(DemandeError):
    """A transition the table or its conditions refuse."""


def acteur_de(par) -> str:
    if par is None:
        return Acteur.SYSTEME
    if par.is_staff or par.is_superuser:
        return Acteur.AGENT
    return Acteur.USAGER


def refus(demande: Demande, transition: str, par) -> str | None:
    """Why `par` may not take `transition` on `demande` as it is now (None: allowed). Reads
    the row as given: `transition_appliquer` asks again on the locked row."""
    r = regle(transition)
    if demande.etat not in r.depuis:
        return _("Action impossible : la demande est à l'état « %(etat)s ».") % {
            "etat": EtatDemande(demande.etat).label
        }
    acteur = acteur_de(par)
    if acteur not in r.acteurs:
        return _("Vous ne pouvez pas effectuer cette action sur cette demande.")
    if acteur == Acteur.USAGER and demande.usager_id != par.pk:
        return _("Cette demande n'est pas la vôtre.")
    if acteur == Acteur.AGENT:
        if not par.is_superuser and par.prefecture_id != demande.prefecture_id:
            return _("Cette demande relève d'une autre préfecture.")
        if r.permission and not par.has_perm(r.permission):
            return _("Votre rôle ne permet pas cette action.")
    return None


def transition_appliquer(
    *,
    demande: Demande,
    transition: Transition | str,
    par,
    motif: str = "",
    donnees: dict | None = None,
    appliquer: Callable[[Demande], None] | None = None,
    gardes: Callable[[Demande], str | None] | None = None,
) -> Demande:
    """Take `transition` on `demande` for `par` (a user, or None for the service itself).

    Locks the row, checks the table and `gardes` (a further condition of the caller, returning a
    refusal or None) on the locked row, runs `appliquer` on it, sets the new state and writes
    the history row — all in one transaction, which the caller may extend (its own writes then
    commit or roll back with the transition). Returns the locked, saved row."""
    r = regle(transition)
    motif = (motif or "").strip()
    if r.motif_requis and not motif:
        raise TransitionRefusee(_("Indiquez le motif."))
    with transaction.atomic():
        locked = (
            Demande.objects.select_for_update(of=("self",))
            .select_related("usager", "document_actuel", "prefecture")
            .get(pk=demande.pk)
        )
        if raison := refus(locked, r.transition, par):
            raise TransitionRefusee(raison)
        if gardes and (raison := gardes(locked)):
            raise TransitionRefusee(raison)
        depuis = locked.etat
        if appliquer:
            appliquer(locked)
        maintenant = timezone.now()
        vers = r.destination(depuis)
        if vers != depuis:
            locked.etat = vers
            locked.etat_depuis = maintenant
        locked.save()
        HistoriqueEtat.objects.create(
            demande=locked,
            transition=r.transition,
            depuis=depuis,
            vers=vers,
            par=par,
            le=maintenant,
            motif=motif,
            donnees=donnees or {},
        )
    return locked
