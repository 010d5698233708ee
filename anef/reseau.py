"""What a request says about its client: its address, for the counters keyed by it (axes'
lockout: AXES_CLIENT_IP_CALLABLE; account creation; the attestation verification page), and
whether a person opened the page (the read receipts of notifications and complements)."""

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


# Headers by which browsers mark a request made ahead of the user (prefetch, prerender).
ENTETES_PRECHARGEMENT = ("Sec-Purpose", "Purpose", "X-Moz")


def est_une_ouverture(request) -> bool:
    """A GET the user made: not a HEAD, not a prefetch or a prerender, which are no
    acknowledgement of receipt (the login requirement already keeps link-preview bots out)."""
    if request.method != "GET":
        return False
    valeurs = [request.headers.get(entete, "").lower() for entete in ENTETES_PRECHARGEMENT]
    return not any("prefetch" in v or "prerender" in v for v in valeurs)
