"""The wizard: one view per step nature, driven by the motif catalogue."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import selectors as accounts_selectors
from accounts import services as accounts_services
from demandes import catalogue, regles, selectors, services, wizard
from demandes.catalogue.types import NatureEtape
from demandes.forms.justificatifs import FichierSupprimerForm, PieceForm
from demandes.forms.recapitulatif import DepotForm, PartieForm
from demandes.recapitulatif import resume
from justificatifs import selectors as justificatifs_selectors
from justificatifs import services as justificatifs_services
from justificatifs.forms import EPhotoForm, FichierForm
from justificatifs.regles import TOTAL_MAX_MO
from justificatifs.upload_handlers import FichierTropGros, upload_trop_gros

NAVIGATION = {"precedent", "quitter", "abandonner"}
# « Modifier ma saisie » on the récapitulatif links to a step with ?retour=recapitulatif: once
# that step is saved, the applicant goes back to the récapitulatif, not on to the next step.
RETOUR_RECAPITULATIF = "recapitulatif"


def _redirect_etape(demande, etape):
    return redirect("demandes:etape", pk=demande.pk, etape=etape.code)


def _etape_recapitulatif_de(motif):
    """« Récapitulatif », or « Dépôt de la demande » for the ASE."""
    return next((e for e in motif.etapes if e.nature == NatureEtape.RECAPITULATIF), None)


def _etape_apres(request, demande, etape):
    """The step shown once `etape` is saved."""
    if request.GET.get("retour") == RETOUR_RECAPITULATIF:
        return _etape_recapitulatif_de(wizard.motif_de(demande))
    return wizard.etape_suivante(demande, etape)


def _navigation(request, demande, etape, action):
    if action == "precedent":
        precedente = wizard.etape_precedente(demande, etape)
        if precedente is None:
            return redirect("demandes:preambule_motif", motif=demande.motif)
        return _redirect_etape(demande, precedente)
    if action == "quitter":
        messages.info(
            request,
            _(
                "Votre saisie est enregistrée jusqu'à la dernière étape validée : vous pourrez "
                "reprendre votre demande depuis votre compte."
            ),
        )
        return redirect("demandes:mon_compte")
    return redirect("demandes:abandonner", pk=demande.pk)


def _contexte(demande, etape, **extra):
    motif = wizard.motif_de(demande)
    position = wizard.index(motif, etape.code)
    return {
        "demande": demande,
        "motif": motif,
        "etape": etape,
        "numero_etape": position + 1,
        "nombre_etapes": len(motif.etapes),
        "etape_suivante": motif.etapes[position + 1] if position + 1 < len(motif.etapes) else None,
        "premiere_etape": position == 0,
        "etape_recapitulatif": _etape_recapitulatif_de(motif),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def etape(request, pk, etape):
    demande = selectors.demande_de(request.user, pk)
    if demande is None:
        raise Http404
    motif = wizard.motif_de(demande)
    try:
        courante = motif.etape(etape)
    except KeyError:
        return _redirect_etape(demande, wizard.premiere_etape_incomplete(demande))
    if courante.nature == NatureEtape.CONFIRMATION:
        if demande.est_brouillon:
            return _redirect_etape(demande, wizard.premiere_etape_incomplete(demande))
        return render(request, courante.template, _contexte(demande, courante))
    if not demande.est_brouillon:
        return redirect("demandes:etape", pk=demande.pk, etape="confirmation")
    if not wizard.peut_acceder(demande, courante):
        return _redirect_etape(demande, wizard.premiere_etape_incomplete(demande))
    view = {
        NatureEtape.FORMULAIRE: _etape_formulaire,
        NatureEtape.JUSTIFICATIFS: _etape_justificatifs,
        NatureEtape.RECAPITULATIF: _etape_recapitulatif,
    }[courante.nature]
    return view(request, demande, courante)


def _initial(demande, etape):
    initial = dict(demande.saisie.get(etape.code) or {})
    if etape.initial_du_compte and not initial:
        user = demande.usager
        initial = {"email": user.email, "telephone": user.telephone or ""}
    return initial


def _etape_formulaire(request, demande, etape):
    saisie = wizard.saisie_de(demande)
    motif = wizard.motif_de(demande)
    data = request.POST if request.method == "POST" else _saisie_reprise(request)
    action = request.POST.get("action", "enregistrer") if request.method == "POST" else None
    form = etape.form(
        data, initial=_initial(demande, etape), saisie=saisie, motif=motif, demande=demande
    )
    modal = None
    if action in NAVIGATION:
        if form.is_valid():
            services.etape_enregistrer(
                demande=demande, etape=etape.code, donnees=form.donnees(), par=request.user
            )
        return _navigation(request, demande, etape, action)
    # A step's own buttons (add or remove a resource line) re-render without saving.
    locale = form.action_locale(action) if action and hasattr(form, "action_locale") else None
    if locale is not None:
        form = locale
    elif action == "enregistrer" and form.is_valid():
        donnees = form.donnees()
        if etape.blocage is not None and (modal := etape.blocage(donnees, saisie)):
            pass
        else:
            demande = services.etape_enregistrer(
                demande=demande, etape=etape.code, donnees=donnees, par=request.user
            )
            if etape.avertissement is not None and (modal := etape.avertissement(donnees, saisie)):
                pass
            else:
                return _redirect_etape(demande, _etape_apres(request, demande, etape))
    context = _contexte(
        demande,
        etape,
        form=form,
        action_locale=action if locale is not None else None,
        modal=modal,
        etape_apres=_etape_apres(request, demande, etape),
        document=demande.document_actuel or accounts_selectors.statut_actuel(demande.usager),
    )
    status = 400 if action and form.is_bound and not form.is_valid() else 200
    return render(request, etape.template, context, status=status)


def _saisie_reprise(request):
    """What the applicant had typed on this step when their session expired (kept by
    accounts.middleware): shown again, with its errors, not saved until they confirm it."""
    donnees = accounts_services.saisie_reprendre(usager=request.user, chemin=request.path)
    if donnees is not None:
        messages.info(
            request,
            _(
                "Votre session avait expiré : ce que vous aviez saisi sur cette étape a été "
                "conservé. Vérifiez-le puis enregistrez."
            ),
        )
    return donnees


# The upload script (static/js/anef.js) asks for the updated item alone with this header.
EN_TETE_FRAGMENT = "X-Anef-Fragment"


def _etape_justificatifs(request, demande, etape):
    """Every button of the page submits one multipart form: the files chosen in any item go with
    it and are stored first, whatever the button, so that a file chosen but not sent is never
    lost; when one is refused, the page comes back with the reason beside its field and the
    button's action is not carried out (see docs/justificatifs.md)."""
    pieces = {piece.code: piece for piece in wizard.pieces_demandees(demande)}
    ephoto_form = None
    forms = {}
    erreur_envoi = None
    manquantes = []
    if request.method == "POST":
        action = request.POST.get("action", "enregistrer")
        if request.POST.get("ajouter"):
            action = "ajouter"
        if action == "abandonner":
            return _navigation(request, demande, etape, action)
        forms, erreur_envoi = _fichiers_recus(request, demande, pieces)
        if request.headers.get(EN_TETE_FRAGMENT):
            return _piece_fragment(request, demande, pieces, forms, erreur_envoi)
        if erreur_envoi or any(form.errors for form in forms.values()):
            pass
        elif action in NAVIGATION:
            return _navigation(request, demande, etape, action)
        elif request.POST.get("supprimer"):
            return _fichier_supprimer(request, demande)
        elif action == "ajouter":
            piece_form = PieceForm(
                {"piece": next(iter(forms), request.POST.get("ajouter"))}, pieces=pieces
            )
            if piece_form.is_valid():
                messages.success(
                    request,
                    _("Le fichier a été joint au document « %(piece)s ».")
                    % {"piece": piece_form.cleaned_data["piece"].libelle},
                )
            return redirect(request.get_full_path())
        elif action == "ephoto_confirmer":
            ephoto_form = EPhotoForm(request.POST)
            if ephoto_form.is_valid():
                try:
                    justificatifs_services.ephoto_confirmer(
                        demande=demande, code=ephoto_form.cleaned_data["code"], par=request.user
                    )
                except justificatifs_services.EPhotoRefusee as exc:
                    ephoto_form.add_error("code", str(exc))
                else:
                    messages.success(request, _("Votre numéro ephoto est enregistré."))
                    return redirect(request.get_full_path())
        elif action == "ephoto_supprimer":
            justificatifs_services.ephoto_supprimer(demande=demande, par=request.user)
            messages.success(request, _("Votre numéro ephoto est supprimé."))
            return redirect(request.get_full_path())
        elif action == "enregistrer":
            manquantes = wizard.pieces_manquantes(
                demande,
                justificatifs_selectors.fichiers_par_piece(demande),
                justificatifs_selectors.ephoto_de(demande),
            )
            if not manquantes:
                demande = services.etape_enregistrer(
                    demande=demande, etape=etape.code, donnees={"complet": True}, par=request.user
                )
                return _redirect_etape(demande, _etape_apres(request, demande, etape))
    fichiers = justificatifs_selectors.fichiers_par_piece(demande)
    saisie = wizard.saisie_de(demande)
    sections = {
        section: [
            {
                "piece": piece,
                "obligatoire": piece.obligatoire(saisie),
                "fichiers": fichiers.get(piece.code, []),
                "form": forms.get(piece.code),
            }
            for piece in pieces_section
        ]
        for section, pieces_section in catalogue.sections_de(
            wizard.motif_de(demande), saisie
        ).items()
    }
    fichiers_en_erreur = [(pieces[code], form) for code, form in forms.items() if form.errors]
    context = _contexte(
        demande,
        etape,
        sections=sections,
        ephoto=justificatifs_selectors.ephoto_de(demande),
        ephoto_form=ephoto_form or EPhotoForm(),
        bouton_ajout=wizard.motif_de(demande).bouton_ajout_fichier,
        manquantes=manquantes,
        fichiers_en_erreur=fichiers_en_erreur,
        erreur_envoi=erreur_envoi,
    )
    en_erreur = bool(manquantes or fichiers_en_erreur or erreur_envoi) or (
        ephoto_form and ephoto_form.errors
    )
    return render(request, etape.template, context, status=400 if en_erreur else 200)


def _fichiers_recus(request, demande, pieces):
    """Store the files the POST carries, one per item (field `fichier_<code>`, or the older
    `piece` + `fichier` pair). Returns the FichierForm of each item that received one (with its
    errors when refused) and a page-level error when some of the body could not be read."""
    recus = {
        nom.removeprefix("fichier_"): fichier
        for nom, fichier in request.FILES.items()
        if nom.startswith("fichier_")
    }
    if "fichier" in request.FILES:
        recus.setdefault(request.POST.get("piece", ""), request.FILES["fichier"])
    bouton = PieceForm({"piece": request.POST.get("ajouter")}, pieces=pieces)
    if not recus and bouton.is_valid():
        # « Envoyer le fichier » with nothing chosen: say so beside it.
        recus[bouton.cleaned_data["piece"].code] = None
    erreur_envoi = None
    if upload_trop_gros(request) and not any(
        isinstance(fichier, FichierTropGros) for fichier in recus.values()
    ):
        erreur_envoi = _(
            "Les fichiers choisis dépassent ensemble %(total)s Mo : certains n'ont pas été reçus. "
            "Vérifiez la liste des fichiers joints et choisissez à nouveau ceux qui manquent."
        ) % {"total": TOTAL_MAX_MO}
    forms = {}
    for code, fichier in recus.items():
        piece_form = PieceForm({"piece": code}, pieces=pieces)
        if not piece_form.is_valid():
            erreur_envoi = piece_form.errors["piece"][0]
            continue
        form = FichierForm({}, {f"fichier_{code}": fichier} if fichier else {}, piece=code)
        forms[code] = form
        if not form.is_valid():
            continue
        try:
            justificatifs_services.fichier_ajouter(
                demande=demande, piece=code, upload=form.cleaned_data["fichier"], par=request.user
            )
        except justificatifs_services.FichierRefuse as exc:
            form.add_error("fichier", str(exc))
    return forms, erreur_envoi


def _piece_fragment(request, demande, pieces, forms, erreur_envoi):
    """The updated item, for the upload script: 200 when stored, 400 with the reason."""
    piece_form = PieceForm({"piece": next(iter(forms), request.POST.get("ajouter"))}, pieces=pieces)
    if not piece_form.is_valid():
        return HttpResponseBadRequest(erreur_envoi or "")
    piece = piece_form.cleaned_data["piece"]
    code = piece.code
    form = forms.get(code)
    context = {
        "piece": piece,
        "obligatoire": piece.obligatoire(wizard.saisie_de(demande)),
        "fichiers": justificatifs_selectors.fichiers_par_piece(demande).get(code, []),
        "form": form,
        "bouton_ajout": wizard.motif_de(demande).bouton_ajout_fichier,
    }
    en_erreur = bool(erreur_envoi or form is None or form.errors)
    return render(request, "justificatifs/_piece.html", context, status=400 if en_erreur else 200)


def _fichier_supprimer(request, demande):
    form = FichierSupprimerForm(request.POST)
    if not form.is_valid():
        raise Http404
    fichier = justificatifs_selectors.fichier_accessible(
        request.user, form.cleaned_data["supprimer"]
    )
    if fichier is None or fichier.demande_id != demande.pk:
        raise Http404
    justificatifs_services.fichier_supprimer(fichier=fichier, par=request.user)
    messages.success(request, _("Le fichier « %(nom)s » a été supprimé.") % {"nom": fichier.nom})
    return redirect(request.path)


def _etape_recapitulatif(request, demande, etape):
    erreur = None
    observations = demande.observations
    if request.method == "POST":
        action = request.POST.get("action", "")
        if action in NAVIGATION:
            return _navigation(request, demande, etape, action)
        if action == "valider_partie":
            partie_form = PartieForm(request.POST)
            erreur = _("Cette partie du récapitulatif n'existe pas.")
            if partie_form.is_valid():
                partie = partie_form.cleaned_data["partie"]
                try:
                    demande = services.recap_partie_valider(
                        demande=demande, partie=partie, par=request.user
                    )
                except services.DemandeError:
                    pass
                else:
                    messages.success(
                        request,
                        _("La partie %(n)s du récapitulatif est validée.") % {"n": partie + 1},
                    )
                    return redirect(request.path)
        elif action == "deposer":
            depot_form = DepotForm(request.POST)
            observations = depot_form["observations"].value() or ""
            if not depot_form.is_valid():
                erreur = depot_form.errors["observations"][0]
            else:
                try:
                    demande = services.demande_deposer(
                        demande=demande,
                        observations=depot_form.cleaned_data["observations"],
                        par=request.user,
                    )
                except services.DemandeError as exc:
                    erreur = str(exc)
                else:
                    return redirect("demandes:etape", pk=demande.pk, etape="confirmation")
    fenetre = regles.fenetre_depot(demande.document_actuel, timezone.localdate())
    context = _contexte(
        demande,
        etape,
        parties=resume(demande),
        erreur=erreur,
        observations=observations,
        toutes_validees=wizard.toutes_parties_validees(demande),
        fenetre=fenetre,
    )
    return render(request, etape.template, context, status=400 if erreur else 200)


@login_required
@require_http_methods(["GET", "POST"])
def abandonner(request, pk):
    demande = selectors.demande_de(request.user, pk)
    if demande is None:
        raise Http404
    if not demande.est_brouillon:
        return redirect("demandes:mon_compte")
    if request.method == "POST":
        services.brouillon_abandonner(demande=demande, par=request.user)
        messages.success(request, _("Votre demande a été abandonnée et ses documents supprimés."))
        return redirect("demandes:mon_compte")
    etape = wizard.premiere_etape_incomplete(demande)
    return render(request, "demandes/abandonner.html", {"demande": demande, "etape": etape})
