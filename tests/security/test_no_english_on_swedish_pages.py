"""No English on a Swedish page: every page of the URL walk, public and admin, and a few forms
with errors, is requested in Swedish (no prefix) by the user it belongs to, and its text is
compared with every English message of the catalogues the site uses (the project's, Django's,
allauth's and those of the libraries it imports) that has a different Swedish translation.

Such a message on a Swedish page was shown untranslated: a string missing from the catalogue,
a library catalogue that is never loaded, or a label made from a field's name. Text inside an
element marked with another language (the language switcher's "English") is not Swedish and is
left out. A message whose English is also the Swedish of some message ("Status") proves
nothing and is not looked for.
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import django
import pytest
from babel.messages.pofile import read_po
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from .test_url_authorisation import admin_url, body, client_for, pattern_id
from .url_registry import ADMIN_OBJECTS, ADMIN_SITE_ROUTES, ROUTES, admin_route, walk

PATTERNS = [
    pattern
    for pattern in walk()
    if (pattern.name in ROUTES and ROUTES[pattern.name].method == "get")
    or (pattern.name in ADMIN_SITE_ROUTES and ADMIN_SITE_ROUTES[pattern.name].method == "get")
    or ((route := admin_route(pattern)) is not None and route.method == "get")
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
WORD = re.compile(r"[^\W\d_]+")
VOID_ELEMENTS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr",
}  # fmt: skip
TEXT_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}


def catalogue_files():
    """The Swedish and English catalogues of the project and of every imported package."""
    directories = {Path(path) for path in settings.LOCALE_PATHS}
    directories.add(Path(django.__file__).parent / "conf" / "locale")
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if path and (Path(path).parent / "locale").is_dir():
            directories.add(Path(path).parent / "locale")
    for directory in sorted(directories):
        for language in ("sv", "en"):
            po = directory / language / "LC_MESSAGES" / "django.po"
            if po.exists():
                yield language, po


def normalised(text: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", text).split()).casefold().rstrip(":*").strip()


@dataclass(frozen=True)
class English:
    """One English message to look for: the whole text of an element or a phrase in the text."""

    msgid: str
    words: frozenset[str]
    pattern: re.Pattern | None  # None: a single word, matched as an element's whole text


@functools.cache
def english_messages() -> tuple[dict[str, English], list[English]]:
    """English messages with another Swedish translation: single words by their normalised
    text, longer messages as patterns (placeholders match anything short)."""
    swedish: set[str] = set()
    translated: set[str] = set()
    candidates: set[str] = set()
    for language, po in catalogue_files():
        with po.open("rb") as file:
            messages = read_po(file)
        for message in messages:
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            candidates.update(ids)
            if language != "sv":
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            swedish.update(normalised(s) for s in strings if s)
            if message.string and not message.fuzzy and any(s and s not in ids for s in strings):
                translated.update(ids)
    with translation.override("sv"):
        for msgid in candidates:
            if translation.gettext(msgid) != msgid:
                translated.add(msgid)
            swedish.add(normalised(translation.gettext(msgid)))
    words_only: dict[str, English] = {}
    phrases: list[English] = []
    for msgid in translated:
        text = normalised(msgid)
        literal = PLACEHOLDER.sub(" ", text)
        words = WORD.findall(literal)
        if text in swedish or not words or len(literal.strip()) < 3:
            continue
        if len(words) == 1 and not PLACEHOLDER.search(text):
            words_only[text] = English(msgid, frozenset(words), None)
        elif len(words) >= 2:
            parts = [re.escape(part) for part in PLACEHOLDER.split(text)]
            pattern = re.compile(r"(?<!\w)" + r".{1,80}?".join(parts) + r"(?!\w)")
            phrases.append(English(msgid, frozenset(words), pattern))
    return words_only, phrases


class SwedishText(HTMLParser):
    """The text segments a reader of a Swedish page sees: text nodes and the text attributes,
    without scripts, styles, code and elements in another language."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.segments: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)

    @property
    def skipping(self) -> bool:
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        language = (attributes.get("lang") or "sv").lower()
        # <code> holds what a program reads or sends (parameter names, enum values), not prose.
        skipped = tag in ("script", "style", "template", "code") or not language.startswith("sv")
        if not self.skipping and not skipped:
            self.segments.extend(
                value for name, value in attrs if name in TEXT_ATTRIBUTES and value
            )
            if tag == "input" and attributes.get("type") in ("submit", "button"):
                self.segments.append(attributes.get("value") or "")
        if tag not in VOID_ELEMENTS:
            self.stack.append((tag, skipped))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID_ELEMENTS and self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.segments.append(data)


def english_on(html: str) -> list[str]:
    parser = SwedishText()
    parser.feed(html)
    parser.close()
    segments = [normalised(segment) for segment in parser.segments]
    text = " ".join(segments)
    words = set(WORD.findall(text))
    words_only, phrases = english_messages()
    found = {words_only[s].msgid for s in segments if s in words_only}
    found.update(
        english.msgid
        for english in phrases
        if english.words <= words and english.pattern.search(text)
    )
    return sorted(found)


def swedish_page(client, method: str, url: str, data=None):
    response = getattr(client, method)(url, data)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    return body(response)


def request_for(pattern, world):
    """(user, url, query) of a pattern: its owner's page, as the URL walk requests it."""
    if pattern.name in ROUTES or pattern.name in ADMIN_SITE_ROUTES:
        route = ROUTES.get(pattern.name) or ADMIN_SITE_ROUTES[pattern.name]
        url = reverse(pattern.name, kwargs=route.kwargs(world))
        return world.users[route.entitled], url, route.query(world) if route.query else None
    route = admin_route(pattern)
    return world.users[ADMIN_OBJECTS[route.model_label][1]], admin_url(route, world), None


@pytest.fixture(scope="module")
def swedish_world(world, django_db_blocker):
    """The world with Swedish content where its English sample texts are also interface
    messages ("Workshop report", "From the day"): only the interface is judged here."""
    with django_db_blocker.unblock():
        world.document.title = "Rapport från workshoppen"
        world.document.save(update_fields=["title"])
        world.event_report.body = "<p>Bilder från dagen.</p>"
        world.event_report.save(update_fields=["body"])
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", PATTERNS, ids=[pattern_id(p) for p in PATTERNS])
def test_a_swedish_page_shows_no_english_message(swedish_world, world_files, pattern):
    world = swedish_world
    with translation.override("sv"):
        user, url, query = request_for(pattern, world)
    # The owner's page; where the owner may not (adding a county), the superuser's; pages for
    # people who are not logged in (sign-up, password reset) send the others away.
    for reader in (user, world.users["superuser"], None):
        html = swedish_page(client_for(reader), "get", url, query)
        if html is not None:
            break
    else:
        # A redirect, a file, JSON or a feed: no page of text for a reader. (Not a skip: CI's
        # full run counts a skip as a failure.)
        return
    assert '<html lang="sv"' in html or 'lang="sv"' in html[:500], url
    english = english_on(html)
    assert english == [], f"English on the Swedish page {url}: {english}"


def forms_with_errors(world):
    """Pages whose messages appear only when the input is wrong."""
    return [
        (
            world.users["sme_b"],
            reverse("companies:create"),
            {"name": "Nytt AB", "organisation_number": "556036-0794", "kind": "company"},
        ),
        (None, reverse("account_signup"), {"email": "inte-en-adress", "password1": "a"}),
        (None, reverse("account_login"), {"login": "ingen@example.org", "password": "fel"}),
        (world.users["sme_b"], reverse("me:profile"), {"phone": "ring mig"}),
    ]


@pytest.mark.django_db
def test_form_errors_on_swedish_pages_are_swedish(world):
    failures = []
    with translation.override("sv"):
        requests = forms_with_errors(world)
    for user, url, data in requests:
        html = body(client_for(user).post(url, data))
        failures.extend(f"{url}: {msgid!r}" for msgid in english_on(html))
    assert failures == []


# The check itself ------------------------------------------------------------------------------


def test_an_english_message_on_a_swedish_page_is_found():
    html = """<html lang="sv"><body><h1>Evenemang</h1><button>Save</button>
        <p>Showing upcoming events. Choose dates to see past ones.</p>
        <label>First name:</label></body></html>"""
    found = english_on(html)
    assert "Showing upcoming events. Choose dates to see past ones." in found
    assert "Upcoming events" in found
    assert "first name" in found


def test_swedish_text_and_the_language_switcher_pass():
    html = """<html lang="sv"><body><h1>Evenemang</h1><button>Spara</button>
        <p>Visar kommande evenemang. Välj datum för att se tidigare.</p>
        <nav><a href="/en/" lang="en" hreflang="en">English</a></nav>
        <script>var label = "Save";</script></body></html>"""
    assert english_on(html) == []


def test_a_message_with_placeholders_is_found_whatever_fills_them():
    with translation.override("sv"):
        swedish = translation.gettext("Logged in as %(email)s.") % {"email": "anna@example.org"}
    html = f"<p>Logged in as anna@example.org.</p><p>{swedish}</p>"
    assert english_on(html) == ["Logged in as %(email)s."]
    assert english_on(f"<p>{swedish}</p>") == []
