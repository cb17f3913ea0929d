"""The language switcher: links to the page being read, in each other language.

Links rather than a form posting to `set_language`: the language lives in the address (Swedish
without a prefix, English under /en/), so a link says the same, can be shared and bookmarked,
and leaves an anonymous page free of a CSRF token and cookie, so a cached page is served as it
is.
"""

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def other_languages(context) -> list[dict]:
    """The languages other than the current one, each with the local name and the address of
    this page (query string kept) in that language, or its home page where this address has no
    counterpart (a page not found)."""
    request = context.get("request")
    current = translation.get_language()
    # One leading slash: browsers read "//host/…" and "/\host/…" as another site's address.
    here = "/" + request.get_full_path().lstrip("/\\") if request else "/"
    languages = []
    for code, _name in settings.LANGUAGES:
        if code == current:
            continue
        url = translate_url(here, code)
        if url == here:
            with translation.override(code):
                url = reverse("home")
        languages.append(
            {"code": code, "name": translation.get_language_info(code)["name_local"], "url": url}
        )
    return languages
