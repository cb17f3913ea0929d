"""Marks a text shown in the other language, for screen readers and hyphenation:
`<h1{% lang_if_fallback event "title" %}>{{ event.title }}</h1>` writes ` lang="en"` on a
Swedish page whose event has no Swedish title, and nothing when the text is in the page's
language."""

from django import template
from django.utils import translation
from django.utils.html import format_html

from web.translated_fields import shown_language

register = template.Library()


@register.simple_tag
def lang_if_fallback(obj, field: str) -> str:
    language = shown_language(obj, field)
    if language == translation.get_language():
        return ""
    return format_html(' lang="{}"', language)
