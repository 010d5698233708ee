"""One admin view per action on a request (a form that calls one service): never a forged
POST, never `response_change`. The request page lists `possibles(request, demande)`.

Every view works the same way (`_vue`): the request comes through the admin's `get_object`
(another prefecture's request: 404); a role without the action's permission gets a 403; a GET
on a request whose state no longer allows the action goes back to the request page with the
reason; a POST validates the form and calls the action's service with `par=request.user`
(the service writes the history row); a refusal of the service — the table, a guard, a second
agent who was quicker, a double submit — is shown above the form with what was typed (400),
never a 500. Success: back to the request page with a message.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import StatutCompte
from accounts.services import CompteError
from attestations.services import AttestationError
from demandes.etats import Transition, regle
from demandes.transitions import DemandeError, refus
from instruction import forms, services

GABARIT = "admin/instruction/actions/formulaire.html"


@dataclass(frozen=True)
class Action:
    code: str  # URL: /back-office/demandes/demande/<pk>/<code>/, name admin:demande_<code>
    libelle: str
    transition: Transition
    vue: object  # the view: (model_admin, request, demande) -> HttpResponse


def url_demande(demande) -> str:
    return reverse("admin:demandes_demande_change", args=[demande.pk])


def _vue(
    *,
    transition: Transition,
    titre,
    form_class: type[forms.ActionForm],
    executer: Callable,
    succes,
    bouton,
    explication=None,
    gabarit: str = GABARIT,
):
    """The view of an action: `executer(demande=, form=, par=)` calls its one service."""

    def vue(model_admin, request, demande):
        permission = regle(transition).permission
        if permission and not request.user.has_perm(permission):
            raise PermissionDenied
        statut = 200
        if request.method == "POST":
            form = form_class(request.POST, request.FILES, demande=demande)
            if form.is_valid():
                try:
                    executer(demande=demande, form=form, par=request.user)
                except (DemandeError, CompteError, AttestationError) as exc:
                    form.add_error(None, str(exc))
                else:
                    messages.success(request, succes)
                    return redirect(url_demande(demande))
            statut = 400
        else:
            if raison := refus(demande, transition, request.user):
                messages.warning(request, raison)
                return redirect(url_demande(demande))
            form = form_class(demande=demande)
        contexte = {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "title": titre,
            "demande": demande,
            "form": form,
            "url_demande": url_demande(demande),
            "bouton": bouton,
            "explication": explication(demande) if callable(explication) else explication,
        }
        return TemplateResponse(request, gabarit, contexte, status=statut)

    return vue


# --- What each action calls -------------------------------------------------------------------


def _prendre_en_charge(*, demande, form, par):
    services.demande_prendre_en_charge(demande=demande, par=par)


def _explication_prise_en_charge(demande):
    texte = _("La demande passe à l'état « En instruction » et vous est attribuée.")
    if demande.usager.statut == StatutCompte.EN_ATTENTE_NUMERO:
        return [
            texte,
            _(
                "L'usager n'a qu'un visa : son compte personnel est activé. Un N° étranger lui "
                "est attribué et il reçoit par courriel son identifiant et un mot de passe "
                "provisoire, à changer à sa première connexion."
            ),
        ]
    return [texte]


def _demander_complement(*, demande, form, par):
    services.complement_demander(demande=demande, elements=form.cleaned_data["elements"], par=par)


def _reprendre(*, demande, form, par):
    services.instruction_reprendre(demande=demande, par=par)


def _delivrer_adp(*, demande, form, par):
    services.adp_delivrer(
        demande=demande, debut=form.cleaned_data["debut"], fin=form.cleaned_data["fin"], par=par
    )


def _proposer(*, demande, form, par):
    arguments = form.arguments()
    try:
        services.decision_proposer(demande=demande, par=par, **arguments)
    finally:
        if "document_refus" in arguments:
            arguments["document_refus"].close()


def _signer(*, demande, form, par):
    services.decision_signer(demande=demande, par=par)


def _renvoyer(*, demande, form, par):
    services.decision_renvoyer(
        demande=demande, commentaire=form.cleaned_data["commentaire"], par=par
    )


def _cloturer(*, demande, form, par):
    services.demande_cloturer(demande=demande, motif=form.cleaned_data["motif"], par=par)


def _lancer_fabrication(*, demande, form, par):
    services.titre_lancer_fabrication(demande=demande, par=par)


def _titre_disponible(*, demande, form, par):
    services.titre_disponible(demande=demande, par=par)


def _remettre(*, demande, form, par):
    d = form.cleaned_data
    services.titre_remettre(
        demande=demande,
        numero_titre=d["numero_titre"],
        numero_timbre=d["numero_timbre"],
        montant_timbre=d["montant_timbre"],
        par=par,
    )


def _action(code, libelle, transition, **kwargs) -> Action:
    kwargs.setdefault("titre", libelle)
    return Action(code, libelle, transition, _vue(transition=transition, **kwargs))


T = Transition

ACTIONS: list[Action] = [
    _action(
        "prendre_en_charge",
        _("Prendre en charge"),
        T.PRENDRE_EN_CHARGE,
        form_class=forms.ConfirmationForm,
        executer=_prendre_en_charge,
        succes=_("La demande est prise en charge : elle est en instruction."),
        bouton=_("Prendre en charge la demande"),
        explication=_explication_prise_en_charge,
    ),
    _action(
        "demander_complement",
        _("Demander un complément"),
        T.DEMANDER_COMPLEMENT,
        form_class=forms.ComplementForm,
        executer=_demander_complement,
        succes=_("La demande de complément est envoyée à l'usager."),
        bouton=_("Envoyer la demande de complément"),
        explication=[
            _(
                "Cochez chaque document à demander, dites s'il est manquant, non lisible ou non "
                "valide et écrivez une observation : l'usager la lira dans sa notification."
            )
        ],
        gabarit="admin/instruction/actions/complement.html",
    ),
    _action(
        "reprendre_instruction",
        _("Reprendre l'instruction"),
        T.REPRENDRE_INSTRUCTION,
        form_class=forms.ConfirmationForm,
        executer=_reprendre,
        succes=_("L'instruction de la demande reprend."),
        bouton=_("Reprendre l'instruction"),
        explication=[_("Le complément de l'usager est lu : la demande repasse en instruction.")],
    ),
    _action(
        "delivrer_adp",
        _("Délivrer une ADP"),
        T.DELIVRER_ADP,
        titre=_("Délivrer une attestation de prolongation d'instruction"),
        form_class=forms.AdpForm,
        executer=_delivrer_adp,
        succes=_("L'attestation de prolongation d'instruction est délivrée à l'usager."),
        bouton=_("Délivrer l'attestation"),
        explication=[
            _(
                "L'attestation est mise à disposition de l'usager dans son espace personnel, "
                "avec une notification. Son texte (première demande ou renouvellement) suit la "
                "demande. Par défaut : 3 mois à partir du lendemain de la fin du titre actuel "
                "ou de la dernière attestation, ou à partir d'aujourd'hui."
            )
        ],
    ),
    _action(
        "proposer_decision",
        _("Proposer une décision"),
        T.PROPOSER_DECISION,
        form_class=forms.DecisionForm,
        executer=_proposer,
        succes=_("La décision est proposée : un valideur doit la signer."),
        bouton=_("Proposer la décision"),
        explication=[
            _(
                "Un valideur (un autre agent) signera la décision ou vous la renverra. "
                "Favorable : l'attestation de décision favorable sera générée à la signature. "
                "Défavorable : joignez la décision de refus signée, en PDF."
            )
        ],
        gabarit="admin/instruction/actions/decision.html",
    ),
    _action(
        "signer",
        _("Signer la décision"),
        T.SIGNER_FAVORABLE,
        form_class=forms.SignatureForm,
        executer=_signer,
        succes=_("La décision est signée : l'usager en est informé."),
        bouton=_("Signer la décision"),
        gabarit="admin/instruction/actions/signature.html",
    ),
    _action(
        "renvoyer",
        _("Renvoyer la proposition"),
        T.RENVOYER_PROPOSITION,
        form_class=forms.RenvoiForm,
        executer=_renvoyer,
        succes=_("La proposition est renvoyée à l'instructeur."),
        bouton=_("Renvoyer à l'instructeur"),
        gabarit="admin/instruction/actions/signature.html",
    ),
    _action(
        "cloturer",
        _("Clôturer la demande"),
        T.CLOTURER,
        form_class=forms.ClotureForm,
        executer=_cloturer,
        succes=_("La demande est clôturée : l'usager en est informé."),
        bouton=_("Clôturer la demande"),
        explication=[
            _(
                "La demande est incomplète : elle est clôturée sans décision d'acceptation ou de "
                "refus, et l'usager reçoit une notification de clôture avec ce motif."
            )
        ],
    ),
    _action(
        "lancer_fabrication",
        _("Titre en fabrication"),
        T.LANCER_FABRICATION,
        form_class=forms.ConfirmationForm,
        executer=_lancer_fabrication,
        succes=_("Le titre est en fabrication."),
        bouton=_("Confirmer : le titre est en fabrication"),
        explication=[_("La fabrication du titre est lancée.")],
    ),
    _action(
        "titre_disponible",
        _("Titre disponible"),
        T.TITRE_DISPONIBLE,
        form_class=forms.ConfirmationForm,
        executer=_titre_disponible,
        succes=_("Le titre est disponible : l'usager est informé des modalités de retrait."),
        bouton=_("Confirmer : le titre est disponible"),
        explication=[
            _(
                "Le titre est arrivé en préfecture : l'usager reçoit une notification qui lui "
                "dit comment le retirer et le montant du timbre fiscal électronique."
            )
        ],
    ),
    _action(
        "remettre_titre",
        _("Titre remis"),
        T.REMETTRE_TITRE,
        titre=_("Remise du titre"),
        form_class=forms.RemiseForm,
        executer=_remettre,
        succes=_("Le titre est remis : il est enregistré comme titre actuel de l'usager."),
        bouton=_("Enregistrer la remise du titre"),
        explication=[
            _(
                "Le titre est remis contre un timbre fiscal électronique (16 chiffres ; les "
                "timbres papier ne sont pas acceptés). Il entre dans le registre des titres."
            )
        ],
    ),
]


def urls(model_admin) -> list:
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
