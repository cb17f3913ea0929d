"""Hit rate of the anonymous page cache while people rush to register for one event.

Before issue 13 §7 every registration made every cached page stale; now it makes only its
event's page stale (and every page when the event fills up or frees its last seat). This
replays the same rush both ways on a throwaway SQLite database, in-process, with the
local-memory cache (the hit rate depends on what is invalidated, not on the cache's speed):
`registrations` people register for one event with 100 seats, and between two registrations
anonymous visitors load `views` pages (the rush event's page 40 %, the event list 20 %, the
home page 15 %, ten other events' pages 25 %). `make bench` runs it and reports the figure.

    .venv/bin/python -m bench.registration_rush [registrations] [views]
"""

import json
import os
import random
import sys
import tempfile

import django

REGISTRATIONS = int(sys.argv[1]) if len(sys.argv) > 1 else 120
VIEWS = int(sys.argv[2]) if len(sys.argv) > 2 else 10

os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "cluster_portal.settings",
        "DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/rush.sqlite3",
        "REDIS_URL": "",
        "DEBUG": "1",
        "ALLOWED_HOSTS": "testserver",
        "PUBLIC_PAGE_CACHE_SECONDS": "600",
        "LOG_LEVEL": "ERROR",
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
)
django.setup()

from django.core.management import call_command  # noqa: E402
from django.db.models.signals import post_save  # noqa: E402
from django.test import Client  # noqa: E402

from events.models import Registration  # noqa: E402
from events.services import register_for_event  # noqa: E402
from tests.factories import EventFactory, OrganisationMembershipFactory  # noqa: E402
from web.page_cache import bump_content_version  # noqa: E402


def rush(*, seed: int) -> dict:
    """Replay one rush; returns the hits and misses of the anonymous page loads."""
    event = EventFactory(capacity=100)
    others = [EventFactory().get_absolute_url() for _ in range(10)]
    people = [OrganisationMembershipFactory() for _ in range(REGISTRATIONS)]
    pages = random.Random(seed)
    visitor = Client()
    counts = {"hit": 0, "miss": 0}
    for membership in people:
        for _ in range(VIEWS):
            share = pages.random()
            if share < 0.40:
                path = event.get_absolute_url()
            elif share < 0.60:
                path = "/events/"
            elif share < 0.75:
                path = "/"
            else:
                path = pages.choice(others)
            counts[visitor.get(path)["X-Page-Cache"]] += 1
        register_for_event(event=event, user=membership.user, organisation=membership.organisation)
    return counts


def bump_everything(sender, **kwargs):
    bump_content_version()


def main():
    call_command("migrate", verbosity=0)
    scoped = rush(seed=1)
    # The behaviour before: every registration invalidates the whole site.
    post_save.connect(bump_everything, sender=Registration, weak=False)
    site_wide = rush(seed=1)
    post_save.disconnect(bump_everything, sender=Registration)

    def rate(counts):
        return round(100 * counts["hit"] / (counts["hit"] + counts["miss"]), 1)

    result = {
        "registrations": REGISTRATIONS,
        "views_per_registration": VIEWS,
        "hit_rate_percent": rate(scoped),
        "hit_rate_percent_if_every_registration_invalidated_everything": rate(site_wide),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
