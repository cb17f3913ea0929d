"""Helpers for hostile-input tests: payloads, and a check that a page would run none of them.

Reusable by the form and filter fuzzing: post PAYLOADS (or hypothesis text) into text fields,
fetch every page that shows them, and assert `active_content(html) == []`.
"""

from html.parser import HTMLParser

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><script>alert(1)</script>',
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)></svg>",
    '<a href="javascript:alert(1)">click</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<div style="background:url(javascript:alert(1))">styled</div>',
    "<body onload=alert(1)>",
    "'; alert(1); //",
    "<scr<script>ipt>alert(1)</script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]


class _ActiveContentFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        src = attributes.get("src") or ""
        if tag == "script" and not (
            src.startswith("/static/")
            # Data blocks: a browser never runs them (JSON-LD escapes "<" inside).
            or (not src and attributes.get("type") in ("application/json", "application/ld+json"))
        ):
            self.found.append(f"<script src={src!r}>")
        if tag in ("iframe", "object", "embed", "style"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name == "style":
                self.found.append(f"<{tag} style=...>")
            if name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith(("javascript:", "data:text/html")):
                self.found.append(f"<{tag} {name}={value!r}>")


def active_content(html: str) -> list[str]:
    """Inline or foreign scripts, event handlers, inline styles and javascript: URLs, if any.

    The portal's own files under /static/ are the only scripts a page may load.
    """
    finder = _ActiveContentFinder()
    finder.feed(html)
    finder.close()
    return finder.found
