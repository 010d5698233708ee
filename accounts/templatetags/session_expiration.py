from django import template
from django.conf import settings

from accounts.middleware import session_expire_dans

register = template.Library()


@register.inclusion_tag("accounts/_session_expiration.html", takes_context=True)
def session_expiration(context):
    """The expiry warning of a signed-in page, timed by the server (static/js/session.js)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return {"actif": False}
    avertir_avant = settings.SESSION_EXPIRY_WARNING.total_seconds()
    return {
        "actif": True,
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "expire_dans": round(session_expire_dans(request)),
        "avertir_avant": round(avertir_avant),
        "avertir_minutes": max(1, round(avertir_avant / 60)),
        "duree": round(settings.SESSION_IDLE_TIMEOUT.total_seconds()),
    }
