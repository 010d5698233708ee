"""Downloads (owner, competent agents), the published public keys and the public verification
page."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET, require_http_methods

from anef import limites
from anef.reseau import client_ip
from attestations import cles, deuxddoc, selectors, verification
from attestations.forms import VerificationForm

FENETRE_VERIFICATIONS = timedelta(minutes=10)


def _pdf(contenu_ou_flux, nom: str) -> FileResponse:
    response = FileResponse(
        contenu_ou_flux, as_attachment=True, filename=nom, content_type="application/pdf"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@login_required
@require_GET
def telecharger(request, pk: int):
    """The stored PDF, byte for byte, to its applicant or an agent of the competent
    prefecture; 404 for anyone else. While it is being rendered: a page that refreshes."""
    attestation = selectors.attestation_accessible(request.user, pk)
    if attestation is None:
        raise Http404
    if not attestation.disponible:
        # RGAA 13.1: the applicant can stop the automatic reload (and start it again).
        rechargement = request.GET.get("rechargement") != "non"
        response = render(
            request,
            "attestations/en_cours.html",
            {"attestation": attestation, "rechargement": rechargement},
            status=202,
        )
        if rechargement:
            response["Refresh"] = "5"
        return response
    try:
        flux = attestation.fichier.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = _pdf(flux, attestation.nom_fichier)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@cache_control(public=True, max_age=3600)
def cle_publique(request, autorite: str, certificat: str):
    """The public key of a certificate the portal signs with, PEM (stable URL)."""
    cle = cles.cle_publique(autorite, certificat)
    if cle is None:
        raise Http404
    response = HttpResponse(deuxddoc.public_key_to_pem(cle), content_type="application/x-pem-file")
    response["Content-Disposition"] = f'inline; filename="2ddoc-{autorite}-{certificat}.pem"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _quota_depasse(request) -> bool:
    nombre = limites.compter("verifications", client_ip(request), fenetre=FENETRE_VERIFICATIONS)
    return nombre > settings.ATTESTATIONS_VERIFICATIONS_MAX


@require_http_methods(["GET", "POST"])
def verifier(request):
    """« Vérifier une attestation » — public, rate-limited, nothing stored."""
    resultat = None
    if request.method == "POST":
        if _quota_depasse(request):
            return render(
                request,
                "attestations/verifier.html",
                {
                    "form": VerificationForm(),
                    "quota": _(
                        "Vous avez effectué trop de vérifications. Réessayez dans 10 minutes."
                    ),
                },
                status=429,
            )
        form = VerificationForm(request.POST, request.FILES)
        if form.is_valid():
            fichier = form.cleaned_data.get("fichier")
            if fichier:
                resultat = verification.verifier_fichier(fichier.read())
            else:
                resultat = verification.verifier_texte(form.cleaned_data["texte"])
    else:
        form = VerificationForm()
    response = render(request, "attestations/verifier.html", {"form": form, "resultat": resultat})
    response["Cache-Control"] = "no-store"
    return response
