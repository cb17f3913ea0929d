"""Rich text that people write (descriptions, news bodies) made safe to show as HTML.

Sanitise on the way out, where it is shown: `{% load richtext %}{{ text|rich_text }}`, or call
`sanitise_html()` in a form's clean method as well. Anything not on the lists below is dropped
(scripts, styles, event handlers, iframes, javascript: links); every link gets
rel="noopener noreferrer nofollow".
"""

import nh3

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "sub",
    "sup",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"


def sanitise_html(text: str) -> str:
    """Keep only the allowed tags and attributes; links open safely."""
    return nh3.clean(
        text or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
