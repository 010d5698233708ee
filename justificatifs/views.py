"""Serving and deleting attached files. The Justificatifs step itself is the wizard's view
(demandes), which renders the includes of templates/justificatifs/ and calls our services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from justificatifs import selectors, services


@login_required
@require_GET
def telecharger(request, pk: int):
    """Stream a file to whoever may see it (see selectors.fichiers_accessibles), as an
    attachment the browser must not sniff or render; anyone else gets a 404."""
    fichier = selectors.fichier_accessible(request.user, pk)
    if fichier is None:
        raise Http404
    return reponse_fichier(fichier)


def reponse_fichier(fichier) -> FileResponse:
    """The file as an attachment the browser must not sniff or render (also used by the back
    office, justificatifs.admin); a missing stored object is a 404."""
    try:
        flux = fichier.fichier.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        flux, as_attachment=True, filename=fichier.nom, content_type=fichier.type_mime
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@login_required
@require_POST
def supprimer(request, pk: int):
    """Delete a file of one's draft, then go back to the page that asked (`next`)."""
    fichier = selectors.fichier_accessible(request.user, pk)
    if fichier is None:
        raise Http404
    try:
        services.fichier_supprimer(fichier=fichier, par=request.user)
    except services.DemandeNonModifiable as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Le fichier « %(nom)s » a été supprimé.") % {"nom": fichier.nom}
        )
    suivante = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        suivante, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        suivante = "/"
    return redirect(suivante)
