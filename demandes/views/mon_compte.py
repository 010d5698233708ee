"""Mon compte: the applicant's personal space, gathering every app's view of them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts import selectors as accounts_selectors
from demandes import selectors
from demandes.models import ETAPES_SUIVI
from notifications import selectors as notifications_selectors


@login_required
def mon_compte(request):
    user = request.user
    documents = list(accounts_selectors.documents_du_titulaire(user))
    context = {
        "statut": accounts_selectors.statut_actuel(user),
        "historique": documents,
        "demandes": list(selectors.demandes_en_cours(user)),
        "etapes_suivi": ETAPES_SUIVI,
        "notifications": list(notifications_selectors.notifications_de(user)[:5]),
    }
    return render(request, "demandes/mon_compte.html", context)
