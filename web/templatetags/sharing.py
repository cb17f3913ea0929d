"""What a page offers when it is shared: Open Graph and Twitter card tags for <head>, and links
that share the page on the common services. One include for every public detail page."""

from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.utils.translation import gettext

from web.brand import portal_name

register = template.Library()


def absolute(url: str) -> str:
    """An address as the outside world needs it (shared links have no host to be relative to)."""
    return url if url.startswith(("http://", "https://")) else f"{settings.SITE_URL}{url}"


@register.inclusion_tag("web/_share_meta.html")
def share_meta(*, title, description="", url, image=None, image_alt=""):
    """`url` a page's path or address; `image` an ImageField's file (or nothing)."""
    return {
        "title": title,
        "description": description,
        "url": absolute(url),
        "image": absolute(image.url) if image else "",
        "image_alt": image_alt,
        "site_name": portal_name(),
    }


@register.inclusion_tag("web/_share_links.html")
def share_links(*, title, url):
    address = absolute(url)
    return {
        "links": [
            (
                "LinkedIn",
                "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": address}),
            ),
            ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": address})),
            ("X", "https://twitter.com/intent/tweet?" + urlencode({"url": address, "text": title})),
            (
                gettext("Email"),
                # %20 for a space: mail programs show quote_plus's "+" as it is.
                "mailto:?" + urlencode({"subject": title, "body": address}, quote_via=quote),
            ),
        ]
    }
