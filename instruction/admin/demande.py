"""The agents' queue (changelist) and request page (change view) of deposited requests."""

import csv
import logging
import secrets

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from anef.back_office import LectureSeuleAdmin
from demandes import wizard
from demandes.models import Demande
from demandes.recapitulatif import saisie_complete
from instruction import selectors, services, visionneuse
from instruction.admin import actions
from instruction.admin.filtres import (
    AdpADelivrerFilter,
    AgentFilter,
    ComplementEnRetardFilter,
    EtatFilter,
    MotifFilter,
    TitreExpirantFilter,
)
from instruction.models import Decision
from instruction.pagination import EstimatedCountPaginator
from instruction.views import reponse_document_refus
from justificatifs import services as justificatifs_services
from justificatifs.models import Fichier
from justificatifs.views import reponse_fichier

logger = logging.getLogger(__name__)
JETONS_NOTES = "instruction_notes_jetons"


class NoteForm(forms.Form):
    texte = forms.CharField(
        label=_("Nouvelle note interne"),
        help_text=_("Visible des seuls agents ; jamais montrée à l'usager."),
        widget=forms.Textarea(attrs={"rows": 3, "class": "fr-input"}),
        max_length=5000,
        error_messages={"required": _("Écrivez le texte de la note.")},
    )
    jeton = forms.CharField(widget=forms.HiddenInput)


class AssignerForm(forms.Form):
    agent = forms.ModelChoiceField(
        label=_("Agent à qui confier les demandes"),
        queryset=None,
        empty_label=_("Choisir un agent"),
        widget=forms.Select(attrs={"class": "fr-select"}),
        error_messages={
            "required": _("Choisissez un agent."),
            "invalid_choice": _("Cet agent n'est pas un agent instructeur de votre préfecture."),
        },
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agent"].queryset = selectors.agents_assignables(user)
        self.fields["agent"].label_from_instance = lambda a: a.get_full_name() or a.identifiant


def _cellule(valeur) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    texte = "" if valeur is None else str(valeur)
    return "'" + texte if texte[:1] in ("=", "+", "-", "@", "\t", "\r") else texte


class _Echo:
    def write(self, value):
        return value


@admin.register(Demande)
class DemandeAdmin(LectureSeuleAdmin):
    """Deposited requests, read-only as rows: they change only through the actions (one view
    and one service each, `instruction.admin.actions`). Drafts are never shown."""

    perimetre_prefecture = "prefecture"
    perimetre_etat = "etat"
    list_display = [
        "numero",
        "demandeur",
        "motif_libelle",
        "etat",
        "deposee_le",
        "jours_dans_etat",
        "fin_validite_titre",
        "agent_en_charge",
    ]
    list_display_links = ["numero"]
    list_filter = [
        EtatFilter,
        MotifFilter,
        AgentFilter,
        TitreExpirantFilter,
        AdpADelivrerFilter,
        ComplementEnRetardFilter,
    ]
    list_select_related = ["usager", "document_actuel", "agent"]
    search_fields = ["numero"]  # read by get_search_results below
    search_help_text = _("N° de la demande ou N° étranger (exact), ou nom et prénom du demandeur.")
    ordering = ["deposee_le", "pk"]
    sortable_by = ["numero", "deposee_le", "fin_validite_titre"]
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = EstimatedCountPaginator
    list_per_page = 50
    actions = ["assigner", "exporter_csv"]
    change_form_template = "admin/demandes/demande/change_form.html"

    # -- queue ----------------------------------------------------------------------------

    @admin.display(description=_("demandeur"))
    def demandeur(self, demande):
        usager = demande.usager
        return f"{usager.nom.upper()} {usager.prenom}".strip() or usager.identifiant

    @admin.display(description=_("motif"))
    def motif_libelle(self, demande):
        return selectors.libelle_motif(demande.motif)

    @admin.display(description=_("jours dans l'état"))
    def jours_dans_etat(self, demande):
        depuis = demande.etat_depuis or demande.deposee_le
        if depuis is None:
            return "—"
        return (timezone.now() - depuis).days

    @admin.display(
        description=_("fin de validité du titre actuel"),
        ordering="document_actuel__date_fin_validite",
    )
    def fin_validite_titre(self, demande):
        document = demande.document_actuel
        return document.date_fin_validite if document else "—"

    @admin.display(description=_("agent en charge"))
    def agent_en_charge(self, demande):
        agent = demande.agent
        if agent is None:
            return "—"
        return agent.get_full_name() or agent.identifiant

    def get_search_results(self, request, queryset, search_term):
        return queryset.filter(selectors.recherche(search_term)), False

    def get_actions(self, request):
        actions_ = super().get_actions(request)
        actions_.pop("delete_selected", None)
        if not request.user.is_superuser and not selectors.est_instructeur(request.user):
            actions_.pop("assigner", None)
        return actions_

    @admin.action(description=_("Assigner à un agent"))
    def assigner(self, request, queryset):
        """An intermediate page choosing an agent of the prefecture, then the service."""
        if "agent" in request.POST:
            form = AssignerForm(request.POST, user=request.user)
            if form.is_valid():
                agent = form.cleaned_data["agent"]
                demandes = list(queryset.select_related(None).only("pk", "numero"))
                try:
                    n = services.demande_assigner(demandes=demandes, agent=agent, par=request.user)
                except services.InstructionError as exc:
                    self.message_user(request, str(exc), messages.ERROR)
                    return None
                for demande in demandes:
                    self.log_change(
                        request,
                        demande,
                        gettext("Assignée à %(agent)s") % {"agent": agent.get_full_name()},
                    )
                self.message_user(
                    request,
                    gettext("%(n)s demande(s) confiée(s) à %(agent)s.")
                    % {"n": n, "agent": agent.get_full_name() or agent.identifiant},
                    messages.SUCCESS,
                )
                return None
        else:
            form = AssignerForm(user=request.user)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Assigner des demandes à un agent"),
            "opts": self.model._meta,
            "form": form,
            "demandes": queryset.select_related("usager")[:200],
            "nombre": len(request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME)),
            "selection": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "query_string": request.GET.urlencode(),
        }
        return TemplateResponse(
            request,
            "admin/demandes/demande/assigner.html",
            context,
            status=400 if form.is_bound else 200,
        )

    @admin.action(description=_("Exporter la sélection en CSV"))
    def exporter_csv(self, request, queryset):
        """The selected (or, « tout sélectionner », the filtered) queue, streamed row by row
        from a server-side cursor: memory stays flat whatever the number of rows."""
        colonnes = [
            gettext("N° de la demande"),
            gettext("Nom"),
            gettext("Prénom"),
            gettext("N° étranger"),
            gettext("Motif"),
            gettext("État"),
            gettext("Déposée le"),
            gettext("Dans cet état depuis"),
            gettext("Fin de validité du titre actuel"),
            gettext("Agent en charge"),
        ]
        etats = dict(Demande._meta.get_field("etat").choices)
        lignes = (
            queryset.order_by("deposee_le", "pk")
            .values_list(
                "numero",
                "usager__nom",
                "usager__prenom",
                "usager__numero_etranger",
                "motif",
                "etat",
                "deposee_le",
                "etat_depuis",
                "document_actuel__date_fin_validite",
                "agent__nom",
                "agent__prenom",
            )
            .iterator(chunk_size=2000)
        )

        def contenu():
            writer = csv.writer(_Echo(), delimiter=";")
            yield "\ufeff" + writer.writerow(colonnes)
            for ligne in lignes:
                numero, nom, prenom, netr, motif, etat, deposee, depuis, fin, a_nom, a_pre = ligne
                yield writer.writerow(
                    _cellule(v)
                    for v in (
                        numero,
                        nom,
                        prenom,
                        netr,
                        selectors.libelle_motif(motif),
                        etats.get(etat, etat),
                        timezone.localtime(deposee).strftime("%d/%m/%Y %H:%M") if deposee else "",
                        timezone.localtime(depuis).strftime("%d/%m/%Y %H:%M") if depuis else "",
                        fin.strftime("%d/%m/%Y") if fin else "",
                        f"{a_pre or ''} {a_nom or ''}".strip(),
                    )
                )

        # Audited without personal data: who, and how much was asked (never the search terms).
        logger.info(
            "export CSV de la file par l'agent %s (%s)",
            request.user.pk,
            "toute la file filtrée"
            if request.POST.get("select_across") == "1"
            else f"{len(request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME))} demande(s)",
        )
        response = StreamingHttpResponse(contenu(), content_type="text/csv; charset=utf-8")
        nom = f"demandes-{timezone.localdate():%Y%m%d}.csv"
        response["Content-Disposition"] = f'attachment; filename="{nom}"'
        response["Cache-Control"] = "private, no-store"
        return response

    # -- request page ---------------------------------------------------------------------

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("usager", "document_actuel", "agent", "prefecture")
        )

    def get_urls(self):
        vue = self.admin_site.admin_view
        return [
            *actions.urls(self),
            path("<int:pk>/notes/", vue(self.note_view), name="demandes_demande_note"),
            path(
                "<int:pk>/fichiers/<int:fichier_pk>/",
                vue(self.fichier_view),
                name="demandes_demande_fichier",
            ),
            path(
                "<int:pk>/fichiers/<int:fichier_pk>/contenu/",
                vue(self.fichier_contenu_view),
                name="demandes_demande_fichier_contenu",
            ),
            path(
                "<int:pk>/fichiers/<int:fichier_pk>/pages/<int:page>.png",
                vue(self.fichier_page_view),
                name="demandes_demande_fichier_page",
            ),
            path(
                "<int:pk>/decisions/<int:decision_pk>/document/",
                vue(self.decision_document_view),
                name="demandes_demande_decision_document",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        demande = self.get_object(request, object_id)
        if request.method not in ("GET", "HEAD"):
            # Rows are read-only: actions and notes post to their own views.
            raise PermissionDenied
        return self._page_demande(request, demande, NoteForm(initial={"jeton": ""}))

    def _page_demande(self, request, demande, note_form, status=200):
        jeton = secrets.token_urlsafe(16)
        jetons = request.session.get(JETONS_NOTES, [])[-19:]
        request.session[JETONS_NOTES] = [*jetons, jeton]
        if not note_form.is_bound:
            note_form = NoteForm(initial={"jeton": jeton})
        else:
            note_form.data = note_form.data.copy()
            note_form.data["jeton"] = jeton
        dossier = selectors.dossier(demande)
        pieces = {p.code: str(p.libelle) for p in wizard.motif_de(demande).pieces}
        fichiers = [
            {
                "fichier": f,
                "piece": pieces.get(f.piece, f.piece),
                "image": f.type_mime in visionneuse.IMAGES_AFFICHABLES,
                "affichable": visionneuse.affichable(f),
            }
            for f in dossier.fichiers
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Demande n° %(numero)s") % {"numero": demande.numero},
            "subtitle": None,
            "opts": self.model._meta,
            "original": demande,
            "demande": demande,
            "motif_libelle": selectors.libelle_motif(demande.motif),
            "blocs": saisie_complete(demande),
            "dossier": dossier,
            "fichiers": fichiers,
            "note_form": note_form,
            "actions_possibles": actions.possibles(request, demande),
            "has_view_permission": True,
            "is_popup": IS_POPUP_VAR in request.GET,
        }
        return TemplateResponse(request, self.change_form_template, context, status=status)

    def note_view(self, request, pk):
        demande = self.get_object(request, str(pk))
        if request.method != "POST":
            return HttpResponseRedirect(self._url_demande(demande))
        return self._note_ajouter(request, demande)

    def _note_ajouter(self, request, demande):
        form = NoteForm(request.POST)
        if not form.is_valid():
            return self._page_demande(request, demande, form, status=400)
        jetons = request.session.get(JETONS_NOTES, [])
        if form.cleaned_data["jeton"] not in jetons:
            # Sent twice (a double click, a replayed form): the first one was recorded.
            return HttpResponseRedirect(self._url_demande(demande) + "#notes")
        request.session[JETONS_NOTES] = [j for j in jetons if j != form.cleaned_data["jeton"]]
        try:
            note = services.note_ajouter(
                demande=demande, texte=form.cleaned_data["texte"], par=request.user
            )
        except services.InstructionError as exc:
            form.add_error("texte", str(exc))
            return self._page_demande(request, demande, form, status=400)
        self.log_change(request, demande, gettext("Note interne ajoutée (n° %s)") % note.pk)
        self.message_user(request, gettext("La note interne a été ajoutée."), messages.SUCCESS)
        return HttpResponseRedirect(self._url_demande(demande) + "#notes")

    def _url_demande(self, demande) -> str:
        return reverse("admin:demandes_demande_change", args=[demande.pk])

    # -- justificatifs: viewer, inline images, PDF pages ------------------------------------

    def _fichier(self, request, pk, fichier_pk) -> Fichier:
        """The file, through the request's scope: 404 outside the agent's prefecture."""
        demande = self.get_object(request, str(pk))
        fichier = Fichier.objects.filter(demande=demande, pk=fichier_pk).first()
        if fichier is None:
            raise Http404
        fichier.demande = demande
        return fichier

    def fichier_view(self, request, pk, fichier_pk):
        fichier = self._fichier(request, pk, fichier_pk)
        pages = None
        if fichier.type_mime == visionneuse.PDF:
            pages = visionneuse.nombre_de_pages(fichier)
        context = {
            **self.admin_site.each_context(request),
            "title": fichier.nom,
            "opts": self.model._meta,
            "demande": fichier.demande,
            "fichier": fichier,
            "image": fichier.type_mime in visionneuse.IMAGES_AFFICHABLES,
            "pdf": fichier.type_mime == visionneuse.PDF,
            "pages": range(1, min(pages, visionneuse.PAGES_MAX) + 1) if pages else None,
            "pages_total": pages,
            "pages_max": visionneuse.PAGES_MAX,
        }
        return TemplateResponse(request, "admin/demandes/demande/fichier.html", context)

    def fichier_contenu_view(self, request, pk, fichier_pk):
        """An image inline (the viewer's <img>), any other type as the usual attachment."""
        fichier = self._fichier(request, pk, fichier_pk)
        justificatifs_services.consultation_enregistrer(fichier=fichier, par=request.user)
        response = reponse_fichier(fichier)
        if fichier.type_mime in visionneuse.IMAGES_AFFICHABLES:
            response["Content-Disposition"] = "inline"
        return response

    def decision_document_view(self, request, pk, decision_pk):
        """The signed refusal uploaded with a proposal, for the agents of the request (the
        valideur reads it before signing); 404 outside the scope or without a document."""
        demande = self.get_object(request, str(pk))
        decision = (
            Decision.objects.filter(demande=demande, pk=decision_pk)
            .exclude(document_refus="")
            .select_related("demande")
            .first()
        )
        if decision is None:
            raise Http404
        return reponse_document_refus(decision)

    def fichier_page_view(self, request, pk, fichier_pk, page):
        fichier = self._fichier(request, pk, fichier_pk)
        if fichier.type_mime != visionneuse.PDF:
            raise Http404
        image = visionneuse.page_png(fichier, page)
        if image is None:
            raise Http404
        justificatifs_services.consultation_enregistrer(fichier=fichier, par=request.user)
        response = HttpResponse(image, content_type="image/png")
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        response["Cross-Origin-Resource-Policy"] = "same-origin"
        return response
