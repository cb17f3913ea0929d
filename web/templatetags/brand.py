"""The brand on a page: `{% portal_name %}`, the favicon and colour links for <head>, and the
logo with the name for the header."""

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from web import brand

register = template.Library()


@register.simple_tag
def portal_name() -> str:
    return brand.portal_name()


@register.simple_tag
def brand_head_links() -> str:
    """The favicon, and the brand's colours as a style sheet (the policy allows no inline style)."""
    settings_brand = settings.BRAND
    links = format_html('<link rel="icon" href="{}">', static(settings_brand["FAVICON"]))
    if settings_brand["ACCENT"]:
        # The colour in the address: a changed colour is a new address, never a stale cache.
        href = reverse("brand_css") + "?" + urlencode({"accent": settings_brand["ACCENT"]})
        links += format_html('\n  <link rel="stylesheet" href="{}">', href)
    return links


@register.simple_tag
def brand_logo() -> str:
    """The brand's logo for beside its name (so its alt text is empty), or nothing."""
    if not settings.BRAND["LOGO"]:
        return ""
    return format_html(
        '<img class="brand-logo" src="{}" alt="" height="32">', static(settings.BRAND["LOGO"])
    )
