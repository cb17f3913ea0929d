"""One search box over articles, events, networks, projects and organisations.

Each kind is searched by its queryset's `search()`, the rule every search box shares
(web/fulltext.py): full-text search in Swedish and English on PostgreSQL, Snowball stems on
SQLite.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from companies.models import Organisation
from events.models import Event
from networks.models import Network
from news.models import Article
from projects.models import Project

MAX_QUERY_LENGTH = 200
RESULTS_PER_KIND = 10


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    queryset: QuerySet
    related: tuple[str, ...] = ()
    title_field: str = "name"  # what a result is called by, to mark it when in the other language


def sections() -> list[Section]:
    return [
        Section(
            "articles",
            _("News"),
            Article.objects.published(),
            ("organisation",),
            "title",
        ),
        Section(
            "events",
            _("Events"),
            Event.objects.published(),
            title_field="title",
        ),
        Section(
            "networks",
            _("Networks"),
            Network.objects.active(),
        ),
        Section(
            "projects",
            _("Projects"),
            Project.objects.visible(),
            ("owner",),
        ),
        Section(
            "organisations",
            _("Organisations"),
            Organisation.objects.listed(),
            ("county",),
        ),
    ]


def find(text: str) -> list[tuple[Section, list]]:
    results = []
    for section in sections():
        matches = section.queryset.search(text).order_by("-search_rank", "pk")
        rows = list(matches.select_related(*section.related)[:RESULTS_PER_KIND])
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
