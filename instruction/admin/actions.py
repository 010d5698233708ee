"""One admin view per action on a request (a form that calls one service): never a forged
POST, never `response_change`. The request page lists `possibles(request, demande)`."""

from dataclasses import dataclass

from django.urls import reverse

from demandes.etats import Transition
from demandes.transitions import refus


@dataclass(frozen=True)
class Action:
    code: str  # URL: /back-office/demandes/demande/<pk>/<code>/, name admin:demande_<code>
    libelle: str
    transition: Transition
    vue: object  # the view: (model_admin, request, demande) -> HttpResponse


ACTIONS: list[Action] = []


def urls(model_admin) -> list:
    from django.urls import path

    def vue(action):
        def view(request, pk):
            demande = model_admin.get_object(request, str(pk))
            return action.vue(model_admin, request, demande)

        return model_admin.admin_site.admin_view(view)

    return [path(f"<int:pk>/{a.code}/", vue(a), name=f"demande_{a.code}") for a in ACTIONS]


def possibles(request, demande) -> list[tuple[Action, str]]:
    """The actions the table allows this agent on this request now, with their URLs."""
    return [
        (a, reverse(f"admin:demande_{a.code}", args=[demande.pk]))
        for a in ACTIONS
        if refus(demande, a.transition, request.user) is None
    ]
