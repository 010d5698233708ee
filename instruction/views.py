"""The applicant's side of the instruction: « TÉLÉCHARGER LE DOCUMENT DE DÉCISION » of a
refused request, from Mon compte or the decision's notification; the page of a « Demande de
complément » and its answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from anef.reseau import est_une_ouverture
from instruction import complements, selectors
from instruction.forms_complement import ReponseComplementForm
from instruction.models import MotifComplement, ReponseComplement, StatutComplement
from justificatifs.models import Fichier
from notifications import selectors as notifications_selectors
from notifications import services as notifications_services


@login_required
@require_GET
def document_refus(request, pk: int):
    """The signed refusal the prefecture uploaded, as a PDF attachment, to the request's
    applicant only; 404 for anyone else, and for a request that was not refused."""
    decision = selectors.decision_refus_de(request.user, pk)
    if decision is None:
        raise Http404
    return reponse_document_refus(decision)


def reponse_document_refus(decision) -> FileResponse:
    """The refusal PDF as an attachment with the download headers (the applicant's view and
    the back office's)."""
    try:
        flux = decision.document_refus.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        flux,
        as_attachment=True,
        filename=f"decision-{decision.demande.numero}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@login_required
@require_GET
def complement_notification(request, pk: int):
    """A complement request's notification, or a reminder of it, opens on the answer page. A
    reminder opened by its owner is read; the request's own notification is read (and the 30
    days start) when the answer page opens."""
    notification = notifications_selectors.notifications_de(request.user).filter(pk=pk).first()
    objet = selectors.complement_de_notification(notification) if notification else None
    if objet is None:
        raise Http404
    if notification.cle != f"complement:{objet.pk}" and est_une_ouverture(request):
        notifications_services.notification_marquer_lue(notification=notification)
    return redirect("instruction:complement", pk=objet.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def complement(request, pk: int):
    """The page of a « Demande de complément » (pk of the Complement): the documents asked
    for, the applicant's answer. Opening it (a GET by the owner, not HEAD nor a prefetch) is
    the acknowledgement that starts the 30 days. 404 for anyone but the applicant."""
    objet = selectors.complement_de(request.user, pk)
    if objet is None:
        raise Http404
    if est_une_ouverture(request):
        complements.complement_accuser(complement=objet, par=request.user)
    elements = list(objet.elements.order_by("pk"))
    if request.method != "POST":
        form = ReponseComplementForm(elements=elements)
        return _page(request, objet, form)
    envoi = "envoyer" in request.POST
    form = ReponseComplementForm(request.POST, request.FILES, elements=elements, envoi=envoi)
    valide = form.is_valid()
    if supprimer := request.POST.get("supprimer"):
        return _supprimer(request, objet, form, supprimer)
    if ajouter := request.POST.get("ajouter"):
        return _ajouter(request, objet, form, ajouter)
    if not envoi:
        return _page(request, objet, form, status=400)
    # Files chosen without pressing « Joindre un document » go with the answer.
    if not _fichiers_joindre(request, form, seulement_mise_a_jour=True):
        return _page(request, objet, form, status=400)
    if not valide:
        return _page(request, objet, form, status=400)
    try:
        complements.complement_repondre(
            complement=objet,
            reponses=form.reponses(),
            message=form.cleaned_data.get("message", ""),
            par=request.user,
        )
    except complements.InstructionError as exc:
        form.add_error(None, str(exc))
        return _page(request, objet, form, status=400)
    messages.success(
        request,
        _("Votre réponse a bien été envoyée à l'agent instructeur. Merci."),
    )
    return redirect("instruction:complement", pk=objet.pk)


def _ajouter(request, objet, form, valeur):
    element = next((e for e in form.elements if str(e.pk) == valeur), None)
    if element is None:
        raise Http404
    champ = f"fichier_{element.pk}"
    if form.errors.get(champ):
        return _page(request, objet, form, status=400)
    if not (form.cleaned_data or {}).get(champ):
        form.add_error(champ, _("Sélectionnez un fichier à joindre."))
        return _page(request, objet, form, status=400)
    if not _fichiers_joindre(request, form, elements=[element]):
        return _page(request, objet, form, status=400)
    return _page(request, objet, form)


def _fichiers_joindre(request, form, *, elements=None, seulement_mise_a_jour=False) -> bool:
    """Attach the chosen files; a refused one gets its reason beside its field."""
    ok = True
    for element, upload in form.fichiers_choisis():
        if elements is not None and element not in elements:
            continue
        champ = f"fichier_{element.pk}"
        if form.errors.get(champ):
            ok = False
            continue
        if seulement_mise_a_jour and (
            form.cleaned_data.get(f"reponse_{element.pk}") != ReponseComplement.METTRE_A_JOUR
        ):
            continue
        try:
            complements.complement_fichier_ajouter(element=element, upload=upload, par=request.user)
        except (complements.FichierRefuse, complements.InstructionError) as exc:
            form.add_error(champ, str(exc))
            ok = False
    return ok


def _supprimer(request, objet, form, valeur):
    fichier = (
        Fichier.objects.filter(element_complement__complement=objet, pk=valeur).first()
        if valeur.isdigit()
        else None
    )
    if fichier is None:
        raise Http404
    try:
        complements.complement_fichier_supprimer(fichier=fichier, par=request.user)
    except complements.InstructionError as exc:
        form.add_error(None, str(exc))
        return _page(request, objet, form, status=400)
    return _page(request, objet, form)


def _page(request, objet, form, status=200):
    objet.refresh_from_db()
    refus = complements.refus_reponse(objet, timezone.now())
    return render(
        request,
        "instruction/complement.html",
        {
            "complement": objet,
            "demande": objet.demande,
            "usager": request.user,
            "groupes": [
                (
                    MotifComplement(motif),
                    [
                        {
                            "element": affiche.element,
                            "anciens": affiche.anciens,
                            "nouveaux": affiche.nouveaux,
                            "reponse": form[f"reponse_{affiche.element.pk}"],
                            "raison": form[f"raison_{affiche.element.pk}"],
                            "fichier": form[f"fichier_{affiche.element.pk}"],
                        }
                        for affiche in liste
                    ],
                )
                for motif, liste in selectors.complement_par_motif(objet)
            ],
            "form": form,
            "refus": refus,
            "modifiable": refus is None and objet.statut == StatutComplement.EN_ATTENTE,
            "echeance": objet.echeance,
        },
        status=status,
    )
