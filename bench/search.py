"""Full-text search over 100,000 events in Swedish and English (issue #14 §2), measured
in-process through the full middleware stack on PostgreSQL.

Builds (once, idempotently) 100,000 published events whose texts are written in both languages,
one in a hundred about sustainability and the circular economy and one in a hundred about life
science, then times the site search (`/search/?q=`) and the event list's free-text filter
(`/events/?q=`) for Swedish words, and the events part of the search itself: from the stored,
GIN-indexed search vector, and (for comparison) with the vector computed per row per query as
the search did before. Each is run 3 times to warm up, then REQUESTS times; median and fastest
are shown.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench_search \\
        .venv/bin/python -m bench.search [requests]
"""

import datetime
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_portal.settings")
os.environ.setdefault("PUBLIC_PAGE_CACHE_SECONDS", "0")
REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 20
EVENTS = 100_000
BATCH = 5_000
WORDS = ["hållbarhet", "cirkulär", "livsvetenskap", "seminarium digitalisering"]

django.setup()

from django.conf import settings  # noqa: E402
from django.test import override_settings  # noqa: E402

# The test client's host, and plain static storage: pages are timed without `collectstatic`.
override_settings(
    ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"],
    STORAGES={
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
).enable()

from django.contrib.postgres.search import SearchRank, SearchVector  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from events.models import Event  # noqa: E402
from web.fulltext import CONFIGS, search_query  # noqa: E402

# (Swedish title, Swedish description, English title, English description)
TOPICS = [
    (
        "Workshop om hållbarhet och cirkulär ekonomi",
        "Hur små och medelstora industriföretag arbetar med hållbarhet, cirkularitet och "
        "cirkulära affärsmodeller.",
        "Workshop on sustainability and the circular economy",
        "How small and medium-sized industrial companies work with sustainability, circularity "
        "and circular business models.",
    ),
    (
        "Nätverksträff för företag inom livsvetenskap",
        "Små företag inom life science och livsvetenskaperna delar erfarenheter av "
        "forskningsinfrastruktur.",
        "Network meeting for life-science companies",
        "Small life-science companies share their experience of research infrastructure.",
    ),
]
FILLER = [
    (
        "Seminarium om digitalisering för små företag",
        "Ett seminarium om digitala verktyg, data och automatisering i vardagen.",
        "Seminar on digitalisation for small companies",
        "A seminar on digital tools, data and automation in everyday work.",
    ),
    (
        "Utbildning i exportförberedelser",
        "För företag som vill sälja på nya marknader: regler, partner och finansiering.",
        "Training in getting ready to export",
        "For companies that want to sell in new markets: rules, partners and funding.",
    ),
    (
        "Matchmaking med investerare",
        "Korta möten mellan växande företag och investerare i regionen.",
        "Matchmaking with investors",
        "Short meetings between growing companies and investors in the region.",
    ),
]


def texts(index: int) -> tuple[str, str, str, str]:
    if index % 100 < len(TOPICS):
        return TOPICS[index % 100]
    return FILLER[index % len(FILLER)]


def build() -> None:
    call_command("migrate", verbosity=0)
    have = Event.objects.filter(slug__startswith="bench-search-").count()
    if have >= EVENTS:
        return
    now = timezone.now()
    for start in range(have, EVENTS, BATCH):
        with transaction.atomic():
            Event.objects.bulk_create(
                Event(
                    slug=f"bench-search-{i}",
                    title_sv=title_sv,
                    description_sv=description_sv,
                    title_en=title_en,
                    description_en=description_en,
                    kind=Event.Kind.WORKSHOP,
                    starts_at=now + datetime.timedelta(hours=i % 5000),
                    ends_at=now + datetime.timedelta(hours=i % 5000 + 3),
                    city=f"Stad {i % 290}",
                    status=Event.Status.PUBLISHED,
                )
                for i in range(start, min(start + BATCH, EVENTS))
                for title_sv, description_sv, title_en, description_en in [texts(i)]
            )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_event")


def computed_per_row(word: str):
    """The search before issue #14: the vector built for every row of every query."""
    vector = None
    for config in CONFIGS:
        part = SearchVector("title_sv", "title_en", config=config, weight="A") + SearchVector(
            "description_sv", "description_en", "venue_name", "city", config=config, weight="B"
        )
        vector = part if vector is None else vector + part
    query = search_query(word)
    return (
        Event.objects.published()
        .annotate(document=vector, rank=SearchRank(vector, query))
        .filter(document=query)
        .order_by("-rank", "pk")
    )


def timed(run, runs=REQUESTS) -> tuple[float, float]:
    for _ in range(min(3, runs)):
        run()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples), min(samples)


def ok(response):
    assert response.status_code == 200, response.status_code
    return response


def main():
    build()
    client = Client()
    print(
        f"{connection.vendor}, {Event.objects.count():,} events, {REQUESTS} runs each "
        f"(median / fastest)"
    )
    for word in WORDS:
        matches = Event.objects.published().search(word).count()
        cases = [
            ("site search page", lambda w=word: ok(client.get("/search/", {"q": w}, secure=True))),
            ("event list ?q=", lambda w=word: ok(client.get("/events/", {"q": w}, secure=True))),
            (
                "events: ten best (stored vector)",
                lambda w=word: list(
                    Event.objects.published().search(w).order_by("-search_rank", "pk")[:10]
                ),
            ),
        ]
        print(f"  {word!r}: {matches:,} matching events")
        for name, run in cases:
            median, fastest = timed(run)
            print(f"    {name:38} {median:8.1f} ms {fastest:8.1f} ms")
        if word == WORDS[0]:
            # Slow by design (every row's vector on every query): a few runs are enough.
            median, fastest = timed(lambda w=word: list(computed_per_row(w)[:10]), runs=3)
            name = "events: ten best (vector per row, before)"
            print(f"    {name:38} {median:8.1f} ms {fastest:8.1f} ms")


if __name__ == "__main__":
    main()
