"""Mon compte: the applicant's personal space, gathering every app's view of them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from phonenumber_field.phonenumber import PhoneNumber

from accounts import selectors as accounts_selectors
from accounts import services as accounts_services
from attestations import selectors as attestations_selectors
from demandes import selectors, suivi, wizard
from demandes.etats import ETATS_FINAUX, Transition
from demandes.transitions import refus
from notifications import selectors as notifications_selectors


@login_required
def mon_compte(request):
    user = request.user
    documents = list(accounts_selectors.documents_du_titulaire(user))
    demandes = list(selectors.demandes_de(user))
    attestations = attestations_selectors.attestations_par_demande(demandes)
    for demande in demandes:
        demande.attestations_courantes = attestations.get(demande.pk, [])
        demande.etapes = suivi.etapes_de(demande.etat)
        demande.sans_stade = suivi.sans_stade(demande.etat)
        demande.desistement_possible = refus(demande, Transition.SE_DESISTER, user) is None
        if demande.est_brouillon:
            demande.reprise = wizard.premiere_etape_incomplete(demande)
    context = {
        "statut": accounts_selectors.statut_parmi(documents),
        "historique": suivi.historique(documents, demandes, attestations, timezone.localdate()),
        "demandes": [d for d in demandes if d.etat not in ETATS_FINAUX],
        "demandes_precedentes": [d for d in demandes if d.etat in ETATS_FINAUX],
        "brouillon": next((d for d in demandes if d.est_brouillon), None),
        "notifications": list(notifications_selectors.notifications_de(user)[:5]),
        "telephone_propose": _telephone_propose(request, demandes),
    }
    return render(request, "demandes/mon_compte.html", context)


TELEPHONES_IGNORES = "telephones_ignores"


def _telephone_propose(request, demandes) -> PhoneNumber | None:
    numero = selectors.telephone_a_proposer(
        request.user, demandes, ignores=request.session.get(TELEPHONES_IGNORES, [])
    )
    return PhoneNumber.from_string(numero) if numero else None


@login_required
@require_POST
def telephone_profil(request):
    """Answer to « Enregistrer ce numéro dans votre profil ? »: the number is read again from
    the applicant's own requests, never from the form."""
    demandes = list(selectors.demandes_de(request.user))
    numero = selectors.telephone_a_proposer(
        request.user, demandes, ignores=request.session.get(TELEPHONES_IGNORES, [])
    )
    if numero and request.POST.get("action") == "enregistrer":
        accounts_services.telephone_modifier(user=request.user, telephone=numero)
        messages.success(request, _("Votre numéro de téléphone a été mis à jour."))
    elif numero:
        request.session[TELEPHONES_IGNORES] = [
            *request.session.get(TELEPHONES_IGNORES, []),
            numero,
        ]
    return redirect("demandes:mon_compte")
