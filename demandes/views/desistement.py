"""« Je me désiste de ma demande »: the applicant withdraws a deposited request until a
decision is signed; it is then classée sans suite (demandes.services.demande_desister)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from demandes import selectors, services
from demandes.etats import EtatDemande, Transition
from demandes.transitions import TransitionRefusee, refus


@login_required
def desister(request, pk):
    demande = selectors.demande_de(request.user, pk)
    if demande is None:
        raise Http404
    if demande.etat == EtatDemande.CLASSEE_SANS_SUITE:
        return _deja_classee(request, demande)
    if refus(demande, Transition.SE_DESISTER, request.user):
        messages.error(request, _impossible(demande))
        return redirect("demandes:mon_compte")
    if request.method == "POST":
        try:
            services.demande_desister(demande=demande, par=request.user)
        except TransitionRefusee:
            # Another tab withdrew it, or an agent signed a decision, since the page was shown.
            demande.refresh_from_db(fields=["etat"])
            if demande.etat == EtatDemande.CLASSEE_SANS_SUITE:
                return _deja_classee(request, demande)
            messages.error(request, _impossible(demande))
            return redirect("demandes:mon_compte")
        messages.success(
            request,
            _("Votre désistement est enregistré : la demande n° %(numero)s est classée sans suite.")
            % {"numero": demande.numero},
        )
        return redirect("demandes:mon_compte")
    return render(request, "demandes/desister.html", {"demande": demande})


def _deja_classee(request, demande):
    messages.info(
        request,
        _("La demande n° %(numero)s est déjà classée sans suite.") % {"numero": demande.numero},
    )
    return redirect("demandes:mon_compte")


def _impossible(demande) -> str:
    if demande.est_brouillon:
        return _(
            "Cette demande n'est pas encore déposée : vous pouvez l'abandonner depuis Mon compte."
        )
    return _(
        "Vous ne pouvez plus vous désister de la demande n° %(numero)s : elle est à l'état "
        "« %(etat)s »."
    ) % {"numero": demande.numero, "etat": demande.get_etat_display()}
