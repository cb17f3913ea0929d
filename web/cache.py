"""Django's Redis cache backend, carrying on in local memory while Redis is down.

Redis is a cache here, never the truth: when it cannot be reached, every call goes to a
per-process local-memory cache instead for `RETRY_SECONDS` (so an outage costs one failed
connection every few seconds, not one per call), and one warning a minute says so in the log.
Rate-limit counters keep counting there (per web process, not shared); the page cache asks
`degraded` and serves pages uncached meanwhile. When Redis answers again, the functions in
`on_recovery` run once in each process that noticed the outage.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# After a failed call, Redis is left alone this long before it is tried again.
RETRY_SECONDS = 5
WARN_EVERY_SECONDS = 60
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
FALLBACK_METHODS = (
    "add",
    "get",
    "set",
    "touch",
    "delete",
    "get_many",
    "has_key",
    "incr",
    "set_many",
    "delete_many",
    "clear",
)


class RedisCache(DjangoRedisCache):
    # Functions run (once per process) when Redis answers again after an outage.
    on_recovery: list = []

    def __init__(self, server, params):
        super().__init__(server, params)
        self.fallback = LocMemCache(f"redis-fallback:{server}", {"OPTIONS": {}})
        self.down_since = None
        self.retry_at = 0.0
        self.warned_at = 0.0
        self.lock = threading.Lock()

    @property
    def degraded(self) -> bool:
        """True while Redis is taken to be down and calls go to local memory (the next call
        after `RETRY_SECONDS` tries Redis again)."""
        return self.down_since is not None and time.monotonic() < self.retry_at

    def mark_down(self, exc: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            if self.down_since is None:
                self.down_since = now
            self.retry_at = now + RETRY_SECONDS
            warn = now - self.warned_at >= WARN_EVERY_SECONDS or not self.warned_at
            if warn:
                self.warned_at = now
        if warn:
            logger.warning(
                "Redis cache unreachable (%s: %s): caching in this process's memory; rate "
                "limits count per process and pages are served uncached until it is back",
                type(exc).__name__,
                exc,
            )

    def mark_up(self) -> None:
        with self.lock:
            was_down, self.down_since = self.down_since is not None, None
        if was_down:
            logger.warning("Redis cache reachable again")
            self.fallback.clear()
            for function in self.on_recovery:
                function()


def _with_fallback(name):
    redis_method = getattr(DjangoRedisCache, name)

    def method(self, *args, **kwargs):
        fallback = getattr(self.fallback, name)
        if self.down_since is not None and time.monotonic() < self.retry_at:
            return fallback(*args, **kwargs)
        try:
            result = redis_method(self, *args, **kwargs)
        except UNREACHABLE as exc:
            self.mark_down(exc)
            return fallback(*args, **kwargs)
        if self.down_since is not None:
            self.mark_up()
        return result

    method.__name__ = name
    method.__doc__ = redis_method.__doc__
    return method


for _name in FALLBACK_METHODS:
    setattr(RedisCache, _name, _with_fallback(_name))
