"""Before the wizard (README.md, « Filing a request »): for whom → current situation → title
→ preamble → draft."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import selectors as accounts_selectors
from demandes import catalogue, regles, selectors, services, wizard
from demandes.forms.demarche import PourQuiForm, SituationActuelleForm
from demandes.liste_pieces import liste_pieces_pdf
from demandes.models import Situation

SESSION_KEY = "demarche"


def _brouillon_existant(request):
    brouillon = selectors.brouillon_de(request.user)
    if brouillon is not None:
        messages.info(
            request,
            _("Vous avez déjà une demande en cours de saisie : vous pouvez la reprendre ici."),
        )
        etape = wizard.premiere_etape_incomplete(brouillon)
        return redirect("demandes:etape", pk=brouillon.pk, etape=etape.code)
    return None


@login_required
def pour_qui(request):
    if (response := _brouillon_existant(request)) is not None:
        return response
    form = PourQuiForm(request.POST or None, initial=request.session.get(SESSION_KEY, {}))
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_KEY] = dict(form.cleaned_data)
        return redirect("demandes:situation")
    return render(request, "demandes/demarche/pour_qui.html", {"form": form})


@login_required
def situation(request):
    demarche = request.session.get(SESSION_KEY)
    if not demarche:
        return redirect("demandes:pour_qui")
    document = accounts_selectors.statut_actuel(request.user)
    motif_actuel = catalogue.motif_du_registre(document.motif) if document else None
    renouvellement_possible = demarche["situation"] == Situation.TITRE and document is not None
    form = SituationActuelleForm(
        request.POST or None, renouvellement_possible=renouvellement_possible
    )
    hors_ligne = en_cours = None
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["demande"] == "renouvellement":
            motif = motif_actuel
        else:
            motif = catalogue.motif_par_choix(form.cleaned_data["autre_titre"])
        if motif is None:
            hors_ligne = True
        else:
            en_cours = selectors.demande_en_cours_pour(document=document, motif_code=motif.code)
        if motif is not None and en_cours is None:
            request.session[SESSION_KEY] = {
                **demarche,
                "motif": motif.code,
                "renouvellement": form.cleaned_data["demande"] == "renouvellement",
            }
            return redirect("demandes:preambule")
    context = {
        "form": form,
        "document": document,
        "hors_ligne": hors_ligne,
        "en_cours": en_cours and _en_cours_contexte(en_cours),
    }
    return render(
        request, "demandes/demarche/situation.html", context, status=409 if en_cours else 200
    )


def _en_cours_contexte(demande) -> dict:
    """The pending request that blocks the choice: the message and where to see it."""
    if demande.est_brouillon:
        etape = wizard.premiere_etape_incomplete(demande).code
    else:
        etape = "confirmation"
    return {
        "demande": demande,
        "message": services.message_demande_en_cours(demande),
        "url": reverse("demandes:etape", kwargs={"pk": demande.pk, "etape": etape}),
    }


def _demarche_choisie(request):
    demarche = request.session.get(SESSION_KEY) or {}
    if "motif" not in demarche:
        return None, None
    try:
        return demarche, catalogue.motif(demarche["motif"])
    except KeyError:
        return None, None


@login_required
def preambule(request):
    demarche, motif = _demarche_choisie(request)
    if motif is None:
        return redirect("demandes:pour_qui")
    document = accounts_selectors.statut_actuel(request.user)
    fenetre = regles.fenetre_depot(document, timezone.localdate())
    context = {
        "motif": motif,
        "etapes": list(zip(motif.etapes, motif.legendes_etapes, strict=False)),
        "fenetre": fenetre,
    }
    return render(request, "demandes/demarche/preambule.html", context)


@login_required
def preambule_motif(request, motif):
    """The preamble again, from step 1's « Revenir à l'étape précédente »."""
    try:
        entry = catalogue.motif(motif)
    except KeyError as exc:
        raise Http404 from exc
    brouillon = selectors.brouillon_de(request.user)
    context = {
        "motif": entry,
        "etapes": list(zip(entry.etapes, entry.legendes_etapes, strict=False)),
        "fenetre": regles.fenetre_depot(
            brouillon.document_actuel if brouillon else None, timezone.localdate()
        ),
        "brouillon": brouillon if brouillon and brouillon.motif == entry.code else None,
    }
    return render(request, "demandes/demarche/preambule.html", context)


@login_required
@require_POST
def commencer(request):
    demarche, motif = _demarche_choisie(request)
    if motif is None:
        return redirect("demandes:pour_qui")
    if (response := _brouillon_existant(request)) is not None:
        return response
    document = accounts_selectors.statut_actuel(request.user)
    if not regles.fenetre_depot(document, timezone.localdate()).depot_possible:
        return redirect("demandes:preambule")
    try:
        demande = services.brouillon_creer(
            usager=request.user,
            motif_code=motif.code,
            renouvellement=demarche.get("renouvellement", False),
            pour_qui=demarche["pour_qui"],
            situation=demarche["situation"],
            document=document,
            par=request.user,
        )
    except services.DemandeError as exc:
        messages.error(request, str(exc))
        return redirect("demandes:mon_compte")
    request.session.pop(SESSION_KEY, None)
    return redirect("demandes:etape", pk=demande.pk, etape=motif.etapes[0].code)


def liste_pieces(request, motif):
    """The printable list of documents for a motif (preamble: « Télécharger la liste des pièces
    justificatives »), from the catalogue."""
    try:
        entry = catalogue.motif(motif)
    except KeyError as exc:
        raise Http404 from exc
    return render(
        request,
        "demandes/demarche/pieces.html",
        {"motif": entry, "sections": catalogue.sections_de(entry)},
    )


@require_GET
def liste_pieces_telecharger(request, motif):
    """« Télécharger la liste des pièces justificatives » of the preamble, as a PDF (public)."""
    try:
        entry = catalogue.motif(motif)
    except KeyError as exc:
        raise Http404 from exc
    response = FileResponse(
        io.BytesIO(liste_pieces_pdf(motif=entry)),
        as_attachment=True,
        filename=f"LISTE_PIECES_JUSTIFICATIVES_{entry.code.upper()}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "public, max-age=3600"
    return response
