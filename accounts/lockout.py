import hashlib

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed

from accounts.models.user import normaliser_identifiant


def client_str(username, ip_address, user_agent, path_info, request):
    """What django-axes writes in its log lines: a digest, never the identifier or address."""
    digest = hashlib.sha256(f"{username}|{ip_address}".encode()).hexdigest()[:12]
    return f"client {digest}"


def username(request, credentials):
    """Our login form posts `identifiant`; the admin's posts `username`."""
    source = credentials or request.POST
    return normaliser_identifiant(source.get("identifiant") or source.get("username") or "")


def echec_compter(request) -> bool:
    """Count a wrong current password (password-change form) as a login failure of the signed-in
    identifier; True once that locks the identifier from this address, as at login."""
    credentials = {"identifiant": request.user.identifiant}
    user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return bool(getattr(request, "axes_locked_out", False)) or AxesProxyHandler.is_locked(
        request, credentials
    )
