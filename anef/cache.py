"""The Redis cache, made optional: when Redis fails, the site keeps answering without it.

Every operation that fails (connection refused, or no answer within `REDIS_TIMEOUT`) behaves
as a cache miss, and Redis is then left alone for `PAUSE_APRES_PANNE` seconds in this process,
so a hung Redis costs one timeout per process every few seconds, not one per cache call.

What a miss means for each use (fail open everywhere; a cache holds nothing that protects
data):
- `demandes.liste_pieces.liste_pieces_pdf`: the PDF is rendered again (slower, same result);
- `attestations.views._quota_depasse` (verification page): the counter restarts at 1, so the
  rate limit does not apply while Redis is down — the page verifies a signature and reads no
  personal data, and refusing every verification would be worse;
- sessions do not use the cache (database sessions, see settings).
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

PAUSE_APRES_PANNE = 5.0

# Per process and per Redis location: until when (time.monotonic()) the cache is skipped.
_pannes: dict[str, float] = {}


class DegradableRedisCache(RedisCache):
    def _essayer(self, methode: str, repli, *args, **kwargs):
        cle = ",".join(self._servers)
        if time.monotonic() < _pannes.get(cle, 0.0):
            return repli()
        try:
            return getattr(super(), methode)(*args, **kwargs)
        except (RedisError, OSError) as exc:
            _pannes[cle] = time.monotonic() + PAUSE_APRES_PANNE
            logger.warning(
                "Cache Redis indisponible (%s) : ignoré pendant %s s",
                type(exc).__name__,
                PAUSE_APRES_PANNE,
            )
            return repli()

    def get(self, key, default=None, version=None):
        return self._essayer("get", lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._essayer("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._essayer("has_key", lambda: False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._essayer("add", lambda: False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._essayer("set", lambda: None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._essayer("set_many", lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._essayer("touch", lambda: False, key, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._essayer("incr", _cle_absente, key, delta, version)

    def delete(self, key, version=None):
        return self._essayer("delete", lambda: False, key, version)

    def delete_many(self, keys, version=None):
        return self._essayer("delete_many", lambda: None, keys, version)

    def clear(self):
        return self._essayer("clear", lambda: False)


def _cle_absente():
    # What RedisCache.incr raises for a missing key: callers already handle it.
    raise ValueError("Cache indisponible")
