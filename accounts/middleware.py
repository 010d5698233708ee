import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.services import saisie_conserver

AUTH_AT = "auth_at"
SEEN_AT = "seen_at"
# Writing the session on every request would cost a query each time: a minute is precise enough.
SEEN_AT_RESOLUTION = 60


def session_commencer(request) -> None:
    """Called right after login so both timeouts count from the login itself."""
    request.session[AUTH_AT] = request.session[SEEN_AT] = time.time()


def session_prolonger(request) -> None:
    """« Rester connecté »: counts as activity now, whatever the SEEN_AT_RESOLUTION throttle
    let the middleware write."""
    request.session[SEEN_AT] = time.time()


def session_expire_dans(request) -> float:
    """Seconds before the session ends for lack of activity (or at its absolute limit)."""
    session = request.session
    now = time.time()
    fin = min(
        session.get(SEEN_AT, now) + settings.SESSION_IDLE_TIMEOUT.total_seconds(),
        session.get(AUTH_AT, now) + settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds(),
    )
    return max(0.0, fin - now)


class SessionLifetimeMiddleware:
    """Re-authentication after SESSION_IDLE_TIMEOUT idle and SESSION_ABSOLUTE_TIMEOUT in all."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            session = request.session
            auth_at = session.get(AUTH_AT)
            seen_at = session.get(SEEN_AT)
            # Read on each request, not once: the expiry warning's tests shorten the timeout.
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            absolute = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
            if auth_at is None:
                session[AUTH_AT] = session[SEEN_AT] = now
            elif now - seen_at > idle or now - auth_at > absolute:
                if request.method == "POST" and _csrf_valide(request):
                    # What was typed when the session ended is kept for the same user and page.
                    saisie_conserver(usager=request.user, chemin=request.path, donnees=request.POST)
                logout(request)
                messages.info(
                    request, _("Votre session a expiré. Veuillez vous identifier de nouveau.")
                )
                return redirect_to_login(request.get_full_path(), reverse(settings.LOGIN_URL))
            elif now - seen_at > SEEN_AT_RESOLUTION:
                session[SEEN_AT] = now
        return self.get_response(request)


def _csrf_valide(request) -> bool:
    """The CSRF check the view would have made: only a form the user sent is kept."""
    return CsrfViewMiddleware(lambda r: None).process_view(request, _csrf_valide, (), {}) is None


class MotDePasseProvisoireMiddleware:
    """A temporary password must be replaced before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.doit_changer_mot_de_passe:
            allowed = {reverse("accounts:mot_de_passe_changer"), reverse("accounts:deconnexion")}
            if request.path not in allowed and not request.path.startswith(settings.STATIC_URL):
                return redirect("accounts:mot_de_passe_changer")
        return self.get_response(request)
