"""The applicant's side of the instruction: « TÉLÉCHARGER LE DOCUMENT DE DÉCISION » of a
refused request, from Mon compte or the decision's notification."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from instruction import selectors


@login_required
@require_GET
def document_refus(request, pk: int):
    """The signed refusal the prefecture uploaded, as a PDF attachment, to the request's
    applicant only; 404 for anyone else, and for a request that was not refused."""
    decision = selectors.decision_refus_de(request.user, pk)
    if decision is None:
        raise Http404
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
