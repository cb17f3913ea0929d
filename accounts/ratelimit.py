"""A small cache-based rate limit for views that write on a person's behalf.

allauth limits login, sign-up and password reset itself (ACCOUNT_RATE_LIMITS); this decorator
does the same for the portal's own writes, one line per view:

    @rate_limited(key="events:register", rate="10/m")
    def register(request, slug): ...

It counts per signed-in user, or per client IP address for visitors, in fixed windows in the
Django cache (Redis in production, so the count is shared by every web process).
"""

from __future__ import annotations

import logging
import re
import time
from functools import wraps
from http import HTTPStatus

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}
RATE = re.compile(r"^(?P<count>\d+)/(?P<amount>\d*)(?P<unit>[smhd])$")


def parse_rate(rate: str) -> tuple[int, int]:
    """'10/m' → (10, 60); '5/15m' → (5, 900)."""
    match = RATE.match(rate)
    if not match:
        raise ValueError(f"A rate looks like '10/m' or '5/15m', not {rate!r}.")
    return int(match["count"]), int(match["amount"] or 1) * PERIODS[match["unit"]]


def client_key(request) -> str:
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return f"ip:{get_adapter(request).get_client_ip(request)}"


def consume(request, *, key: str, rate: str) -> bool:
    """Count one attempt; False when it is over the limit."""
    limit, period = parse_rate(rate)
    window = int(time.time() // period)
    cache_key = f"rate-limit:{key}:{client_key(request)}:{period}:{window}"
    cache.add(cache_key, 0, timeout=period + 1)
    try:
        attempts = cache.incr(cache_key)
    except ValueError:  # the window expired between add and incr
        cache.set(cache_key, 1, timeout=period + 1)
        attempts = 1
    return attempts <= limit


def too_many_requests(request, exception=None):
    """The 429 page, also used by allauth (handler429 in the root URLconf)."""
    response = render(request, "429.html", status=HTTPStatus.TOO_MANY_REQUESTS)
    response["Retry-After"] = "60"
    return response


def rate_limited(*, key: str, rate: str, methods: tuple[str, ...] = ("POST",)):
    """Answer 429 when one person calls the view more often than `rate` (only for `methods`)."""
    parse_rate(rate)  # a malformed rate fails at import, not at the first request

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and not consume(request, key=key, rate=rate):
                return too_many_requests(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


# Caches that live inside one process: with several web workers each keeps its own counts.
PROCESS_LOCAL_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)
PER_PROCESS_WARNING = (
    "Rate limits and the login lock are counted per process (no REDIS_URL): with N workers an "
    "address gets N times the limit. Set REDIS_URL to share the counts."
)


def counted_per_process() -> bool:
    """True when the counts (ours and allauth's) live in each process's own memory."""
    return settings.CACHES["default"]["BACKEND"] in PROCESS_LOCAL_CACHES


def warn_if_counted_per_process() -> None:
    """Say so in the log when a production server starts with per-process counts."""
    if not settings.DEBUG and counted_per_process():
        logging.getLogger(__name__).warning(PER_PROCESS_WARNING)
