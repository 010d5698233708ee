import hashlib


def client_str(username, ip_address, user_agent, path_info, request):
    """What django-axes writes in its log lines: a digest, never the identifier or address."""
    digest = hashlib.sha256(f"{username}|{ip_address}".encode()).hexdigest()[:12]
    return f"client {digest}"


def username(request, credentials):
    """Our login form posts `identifiant`; the admin's posts `username`."""
    source = credentials or request.POST
    return (source.get("identifiant") or source.get("username") or "").strip()
