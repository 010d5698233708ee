"""The client's address, for the counters keyed by it (axes' lockout: AXES_CLIENT_IP_CALLABLE;
account creation; the attestation verification page)."""

from django.conf import settings


def client_ip(request) -> str:
    """The address that counts for the lockout: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT
    reverse proxies the address the outermost trusted proxy saw (clients can forge the rest
    of X-Forwarded-For)."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
