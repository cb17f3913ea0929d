from django import template
from django.utils.safestring import mark_safe

from companies.richtext import sanitise_html

register = template.Library()


@register.filter(is_safe=True)
def rich_text(value):
    """Show user-written HTML with only the allowed tags (see companies.richtext)."""
    return mark_safe(sanitise_html(str(value or "")))
