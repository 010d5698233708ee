"""Counters that cap abuse of the public forms (account creation, reset and account mails, the
attestation verification page).

Kept in the cache (Redis in production), one key per counted value and window; the value itself
never appears in the key, only a keyed digest (no personal data in Redis). The keys keep the
`accounts` prefix and salt of the module's first home, so that running counters survive it.
"""

from datetime import timedelta

from django.core.cache import cache
from django.utils.crypto import salted_hmac


def _cle(espace: str, valeur: str) -> str:
    empreinte = salted_hmac("accounts.limites", valeur.strip().lower(), algorithm="sha256")
    return f"accounts:limites:{espace}:{empreinte.hexdigest()[:32]}"


def compter(espace: str, valeur: str, *, fenetre: timedelta) -> int:
    """Count one more use of `valeur` and return the uses in the current window."""
    cle = _cle(espace, valeur)
    secondes = int(fenetre.total_seconds())
    cache.add(cle, 0, secondes)
    try:
        return cache.incr(cle)
    except ValueError:  # expired between add and incr
        cache.add(cle, 1, secondes)
        return 1


def nombre(espace: str, valeur: str) -> int:
    """Uses of `valeur` in the current window, without counting one."""
    return cache.get(_cle(espace, valeur)) or 0
