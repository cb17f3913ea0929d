"""One search box over articles, events, networks, projects and organisations.

On PostgreSQL: full-text search with the Swedish and the English configuration together, so
"workshopen" finds "workshop" and "workshops" finds "workshop", whatever language a row is in.
Snowball's Swedish stemmer leaves definite forms in -et alone ("nätverket", "mötet"), so each
word is also matched as a prefix after trimming a common Swedish ending: "nätverket" becomes
nätverk:* and finds "nätverk", "nätverket" and "nätverkets".
On SQLite (development without a database server): every word must occur, case-insensitively,
in one of the fields; no stemming.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from companies.models import Organisation
from events.models import Event
from networks.models import Network
from news.models import Article
from projects.models import Project

MAX_QUERY_LENGTH = 200
MAX_WORDS = 10
RESULTS_PER_KIND = 10
CONFIGS = ("swedish", "english")
# Longest first; a word keeps at least MIN_PREFIX letters.
SWEDISH_ENDINGS = ("arnas", "ernas", "ornas", "arna", "erna", "orna", "ens", "ets", "et", "en",
                   "ar", "er", "or", "na", "s", "n", "t")  # fmt: skip
MIN_PREFIX = 4


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    queryset: QuerySet
    fields: tuple[str, ...]  # first is the most important (weighted A)
    related: tuple[str, ...] = ()


def sections() -> list[Section]:
    return [
        Section(
            "articles",
            _("News"),
            Article.objects.published(),
            ("title", "summary", "body"),
            ("organisation",),
        ),
        Section(
            "events",
            _("Events"),
            Event.objects.published(),
            ("title", "description", "venue_name", "city"),
        ),
        Section(
            "networks",
            _("Networks"),
            Network.objects.active(),
            ("name", "description", "audience"),
        ),
        Section(
            "projects",
            _("Projects"),
            Project.objects.visible(),
            ("name", "acronym", "description"),
            ("owner",),
        ),
        Section(
            "organisations",
            _("Organisations"),
            Organisation.objects.listed(),
            ("name", "description", "municipality", "sector"),
            ("county",),
        ),
    ]


def trim_ending(word: str) -> str:
    for ending in SWEDISH_ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= MIN_PREFIX:
            return word[: -len(ending)]
    return word


def search_query(text: str) -> SearchQuery:
    """Websearch syntax in both languages, or every word as a trimmed prefix."""
    query = None
    for config in CONFIGS:
        part = SearchQuery(text, config=config, search_type="websearch")
        query = part if query is None else query | part
    words = re.findall(r"\w+", text.lower())[:MAX_WORDS]
    if words:
        # Only word characters reach the raw tsquery, so no input can break its syntax.
        prefixes = " & ".join(f"'{trim_ending(word)}':*" for word in words)
        query |= SearchQuery(prefixes, config="simple", search_type="raw")
    return query


def full_text(section: Section, text: str) -> QuerySet:
    vector = None
    for config in CONFIGS:
        part = SearchVector(section.fields[0], config=config, weight="A") + SearchVector(
            *section.fields[1:], config=config, weight="B"
        )
        vector = part if vector is None else vector + part
    query = search_query(text)
    return (
        section.queryset.annotate(search=vector, search_rank=SearchRank(vector, query))
        .filter(search=query)
        .order_by("-search_rank", "pk")
    )


def contains_every_word(section: Section, text: str) -> QuerySet:
    queryset = section.queryset
    for word in text.split()[:MAX_WORDS]:
        any_field = Q()
        for field in section.fields:
            any_field |= Q(**{f"{field}__icontains": word})
        queryset = queryset.filter(any_field)
    return queryset.order_by("pk")


def find(text: str) -> list[tuple[Section, list]]:
    match = full_text if connection.vendor == "postgresql" else contains_every_word
    results = []
    for section in sections():
        rows = list(match(section, text).select_related(*section.related)[:RESULTS_PER_KIND])
        results.append((section, rows))
    return results


@require_safe
def search(request):
    raw = request.GET.get("q", "")
    # Control characters (a NUL above all) cannot reach PostgreSQL; whitespace is normalised.
    text = " ".join("".join(c for c in raw if c.isprintable() or c.isspace()).split())
    text = text[:MAX_QUERY_LENGTH]
    results = find(text) if text else []
    return render(
        request,
        "search/search.html",
        {
            "q": text,
            "results": [(section, rows) for section, rows in results if rows],
            "searched": bool(text),
        },
    )
