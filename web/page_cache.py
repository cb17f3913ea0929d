"""Whole-page cache for what anonymous visitors see, kept in the Django cache (Redis).

A page is stored per language and full URL together with the *content version* it was rendered
under; a write to any model a public page shows (an organisation, network, project, event, news
article, document, ...: every app but those in `PRIVATE_APPS`) bumps the version, so every
cached page is out of date at once and the next visitor renders it afresh. A registration is
the exception, as it is the write a busy site makes most: it bumps only its event's own version,
which the event's page (`cache_public_page(event_kwarg="slug")`) is checked against, and bumps
the whole site only when the event fills up or frees its last seat (the "full" badge on every
list). A hit costs one cache round trip (the versions and the page in one `get_many`). Bulk
`QuerySet.update()` sends no signal: `PUBLIC_PAGE_CACHE_SECONDS` bounds how stale such a page
can get, and `manage.py after_restore` makes everything stale.

Never cached: logged-in visitors, requests with pending messages, anything but GET/HEAD,
responses other than 200, and responses that set a cookie. The CSRF token in a cached page's
forms is replaced by a placeholder and filled in with the visitor's own token when served.
While Redis is down (`cache.degraded`, see web/cache.py) pages are served uncached.
"""

import functools
import hashlib
import logging
import re
import time

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from .cache import RedisCache

logger = logging.getLogger(__name__)

# Writes to these apps' models change nothing a public page shows (a login updates the user's
# row; mail, exports and sessions are private), so they leave the cache alone.
PRIVATE_APPS = {
    "account",
    "accounts",
    "admin",
    "auth",
    "contenttypes",
    "notifications",
    "privacy",
    "reports",
    "sessions",
}
VERSION_KEY = "public-page:version"
CSRF_PLACEHOLDER = b"__public_page_csrf_token__"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def event_version_key(slug: str) -> str:
    return f"public-page:event:{slug}"


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        # Not in the cache yet (or evicted): start a new series from the clock, so that a
        # lost counter never returns to a number an old page was stored under.
        if not cache.add(key, time.time_ns(), timeout=None):
            cache.incr(key)


def _bump_now_and_on_commit(key: str) -> None:
    """Bump now (so this request's own next read is fresh) and again once the write commits
    (so a page rendered meanwhile from the old rows is not kept under the new version). A cache
    failure is logged, never raised into the write."""

    def bump():
        try:
            _bump(key)
        except Exception:
            logger.exception("Could not invalidate cached pages (%s)", key)

    bump()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(bump)


def bump_content_version() -> None:
    """Make every cached page stale."""
    _bump_now_and_on_commit(VERSION_KEY)


def bump_event_version(*, event, site_wide: bool) -> None:
    """Make the event's own page stale, and every page too when `site_wide`."""
    _bump_now_and_on_commit(event_version_key(event.slug))
    if site_wide:
        bump_content_version()


# A process that saw Redis go away may have written meanwhile without bumping anything.
RedisCache.on_recovery.append(bump_content_version)


# Models a write to which makes only some pages stale: model label -> a function of the written
# instance (and whether it was deleted) that bumps what it changed; the owning app registers it.
NARROW_INVALIDATION = {}


def invalidate_narrowly(model_label: str, bump) -> None:
    """Let the app that owns `model_label` decide which pages a write to it makes stale."""
    NARROW_INVALIDATION[model_label] = bump


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def invalidate_public_pages(sender, **kwargs):
    narrow = NARROW_INVALIDATION.get(sender._meta.label)
    if narrow is not None:
        narrow(kwargs["instance"], deleted=kwargs["signal"] is post_delete)
    elif sender._meta.app_label not in PRIVATE_APPS:
        bump_content_version()


def page_key(request) -> str:
    url = request.build_absolute_uri()
    digest = hashlib.sha256(f"{get_language()}|{url}".encode()).hexdigest()
    return f"public-page:{digest}"


def _cacheable_request(request) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and len(messages.get_messages(request)) == 0
    )


def _cacheable_response(request, response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
        and len(messages.get_messages(request)) == 0
    )


def _without_csrf_token(content: bytes) -> bytes:
    match = CSRF_INPUT.search(content)
    return content.replace(match.group(1), CSRF_PLACEHOLDER) if match else content


def _shared_cache_down() -> bool:
    return getattr(cache, "degraded", False)


def cache_public_page(view=None, *, event_kwarg: str | None = None):
    """Serve the view's page to anonymous visitors from the cache (see the module docstring).
    With `event_kwarg`, the page shows that URL argument's event's seats and is also checked
    against the event's own version."""
    if view is None:
        return functools.partial(cache_public_page, event_kwarg=event_kwarg)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request) or _shared_cache_down():
            return view(request, *args, **kwargs)
        key = page_key(request)
        event_key = event_version_key(kwargs[event_kwarg]) if event_kwarg else None
        # One round trip: the current content versions and the page stored with its versions.
        found = cache.get_many([VERSION_KEY, key, *([event_key] if event_key else [])])
        if _shared_cache_down():
            return view(request, *args, **kwargs)
        version = found.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, time.time_ns(), timeout=None)
            version = cache.get(VERSION_KEY)
        versions = (version, found.get(event_key) if event_key else None)
        cached = found.get(key)
        if cached is not None and cached[0] == versions:
            _versions, content_type, content = cached
            if CSRF_PLACEHOLDER in content:
                content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _cacheable_response(request, response) and not _shared_cache_down():
            content = _without_csrf_token(response.content)
            entry = (versions, response["Content-Type"], content)
            cache.set(key, entry, settings.PUBLIC_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper
