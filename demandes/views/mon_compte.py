"""Mon compte: the applicant's personal space, gathering every app's view of them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts import selectors as accounts_selectors
from demandes import selectors, wizard
from demandes.models import ETAPES_SUIVI
from notifications import selectors as notifications_selectors


@login_required
def mon_compte(request):
    user = request.user
    documents = list(accounts_selectors.documents_du_titulaire(user))
    demandes = list(selectors.demandes_en_cours(user))
    for demande in demandes:
        if demande.est_brouillon:
            demande.reprise = wizard.premiere_etape_incomplete(demande)
    context = {
        "statut": accounts_selectors.statut_parmi(documents),
        "historique": documents,
        "demandes": demandes,
        "brouillon": next((d for d in demandes if d.est_brouillon), None),
        "etapes_suivi": ETAPES_SUIVI,
        "notifications": list(notifications_selectors.notifications_de(user)[:5]),
    }
    return render(request, "demandes/mon_compte.html", context)
