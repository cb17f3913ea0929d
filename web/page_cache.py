"""Whole-page cache for what anonymous visitors see, kept in the Django cache (Redis).

A page is stored per language and full URL together with the *content version* it was rendered
under; any write to a portal model (an organisation, network, project, event, registration, ...)
bumps the version, so every cached page is out of date at once and the next visitor renders it
afresh. A hit costs one cache round trip (the version and the page in one `get_many`). Bulk
`QuerySet.update()` sends no signal: `PUBLIC_PAGE_CACHE_SECONDS` bounds how stale such a page
can get.

Never cached: logged-in visitors, requests with pending messages, anything but GET/HEAD,
responses other than 200, and responses that set a cookie. The CSRF token in a cached page's
forms is replaced by a placeholder and filled in with the visitor's own token when served.
"""

import functools
import hashlib
import re

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

# Writes to these apps' models change what public pages show.
CONTENT_APPS = {"companies", "events", "networks", "projects", "regions"}
VERSION_KEY = "public-page:version"
CSRF_PLACEHOLDER = b"__public_page_csrf_token__"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


def bump_content_version() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not in the cache yet (or evicted): start a new series
        cache.add(VERSION_KEY, 1, timeout=None)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def invalidate_public_pages(sender, **kwargs):
    if sender._meta.app_label in CONTENT_APPS:
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


def cache_public_page(view):
    """Serve the view's page to anonymous visitors from the cache (see the module docstring)."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = page_key(request)
        # One round trip: the current content version and the page stored with its version.
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, 1, timeout=None)
            version = cache.get(VERSION_KEY, 1)
        cached = found.get(key)
        if cached is not None and cached[0] == version:
            _version, content_type, content = cached
            if CSRF_PLACEHOLDER in content:
                content = content.replace(CSRF_PLACEHOLDER, get_token(request).encode())
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _cacheable_response(request, response):
            content = _without_csrf_token(response.content)
            entry = (version, response["Content-Type"], content)
            cache.set(key, entry, settings.PUBLIC_PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper
