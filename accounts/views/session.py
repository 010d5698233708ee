"""« Rester connecté »: the expiry warning's button (static/js/session.js) posts here."""

from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from accounts.middleware import session_expire_dans, session_prolonger


@require_POST
def prolonger(request):
    """Touch the session. Anonymous (or already expired, which the middleware turned into a
    redirect to the login page): 401. Without the script the form posts here and comes back."""
    if not request.user.is_authenticated:
        return JsonResponse({"connecte": False}, status=401)
    session_prolonger(request)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse({"connecte": True, "expire_dans": round(session_expire_dans(request))})
    suivant = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(suivant, {request.get_host()}, request.is_secure()):
        suivant = "/"
    return redirect(suivant)
