"""`reverse()` for the detail pages addressed by a slug, without resolving the pattern each time.

A list page links every row to its detail page through `get_absolute_url()`, and Django's
`reverse()` walks the namespaces and matches the pattern anew on each call (some 20 µs: a
visitor's own page with 500 registrations spent a quarter of its rendering there). The URL
around the slug depends only on the URLconf, the script prefix and the language (the
i18n_patterns prefix), so it is reversed once per combination and the slug put in; a slug that
is not a plain ASCII slug goes through `reverse()` as before.
"""

import functools
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

PLACEHOLDER = "slug-url-placeholder-7f3a"
PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@functools.lru_cache(maxsize=256)
def _around_slug(viewname, urlconf, script_prefix, language) -> tuple[str, str]:
    url = reverse(viewname, urlconf=urlconf, kwargs={"slug": PLACEHOLDER})
    before, _placeholder, after = url.partition(PLACEHOLDER)
    return before, after


def slug_url(viewname: str, slug: str) -> str:
    """The same as `reverse(viewname, kwargs={"slug": slug})`."""
    if not PLAIN_SLUG.fullmatch(slug):
        return reverse(viewname, kwargs={"slug": slug})
    before, after = _around_slug(
        viewname, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), get_language()
    )
    return before + slug + after


@receiver(setting_changed)
def _forget_urls(*, setting, **kwargs):
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}:
        _around_slug.cache_clear()
