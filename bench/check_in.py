"""Server time of the door check-in page with 1,000 registrations (issue #15 §1: under 100 ms
on PostgreSQL), measured in-process through the full middleware stack.

Builds (once, idempotently) an event hosted by a bench science park with 1,000 confirmed
registrations in the database `DATABASE_URL` names, then times, as the host's staff: the page
without a search, a search as typed (the htmx part), the counts poll and one tap (check in and
undo). Each is requested 3 times to warm up, then REQUESTS times; median and fastest are shown.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench_check_in \\
        .venv/bin/python -m bench.check_in [requests]
"""

import datetime
import os
import statistics
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_portal.settings")
os.environ.setdefault("PUBLIC_PAGE_CACHE_SECONDS", "0")
REQUESTS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
PARTICIPANTS = 1000
SLUG = "bench-check-in-day"

django.setup()

from django.conf import settings  # noqa: E402

# The test client's host, whatever ALLOWED_HOSTS the bench environment sets.
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
# Plain static storage: the page is timed without `collectstatic` having run.
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import SCIENCE_PARK_STAFF, ensure_role_groups  # noqa: E402
from companies.models import Organisation, OrganisationMembership  # noqa: E402
from events.models import Event, Registration  # noqa: E402


def build() -> tuple[Event, User]:
    call_command("migrate", verbosity=0)
    groups = ensure_role_groups()
    park, _ = Organisation.objects.get_or_create(
        slug="bench-check-in-park",
        defaults={"name": "Bench Check-in Park", "kind": Organisation.Kind.SCIENCE_PARK},
    )
    staff, created = User.objects.get_or_create(
        email="door@bench.example", defaults={"first_name": "Door", "is_staff": True}
    )
    if created:
        staff.groups.add(groups[SCIENCE_PARK_STAFF])
        OrganisationMembership.objects.create(
            user=staff, organisation=park, role=OrganisationMembership.Role.STAFF
        )
    now = timezone.now()
    event, created = Event.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "Bench check-in day",
            "kind": Event.Kind.CONFERENCE,
            "starts_at": now,
            "ends_at": now + datetime.timedelta(hours=6),
            "venue_name": "Bench hall",
            "status": Event.Status.PUBLISHED,
        },
    )
    # Always under way, so that taps are allowed.
    Event.objects.filter(pk=event.pk).update(
        starts_at=now - datetime.timedelta(minutes=10), ends_at=now + datetime.timedelta(hours=6)
    )
    event.hosts.add(park)
    missing = PARTICIPANTS - event.registrations.count()
    if missing > 0:
        with transaction.atomic():
            companies = Organisation.objects.bulk_create(
                Organisation(name=f"Bench Company {n} AB", slug=f"bench-check-in-company-{n}")
                for n in range(missing)
            )
            people = User.objects.bulk_create(
                User(
                    email=f"participant{n}@check-in.bench.example",
                    first_name=f"Förnamn{n}",
                    last_name=f"Efternamn{n}",
                )
                for n in range(missing)
            )
            Registration.objects.bulk_create(
                Registration(event=event, user=person, organisation=company)
                for person, company in zip(people, companies, strict=True)
            )
    Registration.objects.filter(event=event).update(attended=None, checked_in_at=None)
    return event, staff


def timed(send) -> tuple[float, float]:
    for _ in range(3):
        send()
    samples = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = send()
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code in (200, 302), response.status_code
    return statistics.median(samples), min(samples)


def main():
    event, staff = build()
    client = Client()
    client.force_login(staff)
    page = reverse("events:check_in", args=[event.slug])
    record = reverse("events:check_in_record", args=[event.slug])
    target = event.registrations.order_by("id").last()
    htmx = {"HTTP_HX_REQUEST": "true"}
    taps = iter(["check_in", "undo"] * (REQUESTS + 3))
    cases = [
        ("check-in page, no search", lambda: client.get(page, secure=True)),
        (
            "search as typed (htmx part)",
            lambda: client.get(page, {"q": "efternamn99"}, secure=True, **htmx),
        ),
        (
            "counts poll (htmx part)",
            lambda: client.get(page, {"part": "counts"}, secure=True, **htmx),
        ),
        (
            "one tap: check in / undo (htmx)",
            lambda: client.post(
                record,
                {"registration": target.pk, "action": next(taps), "q": "efternamn"},
                secure=True,
                **htmx,
            ),
        ),
    ]
    print(
        f"{connection.vendor}, {event.registrations.count()} registrations, "
        f"{REQUESTS} requests each"
    )
    for name, send in cases:
        median, fastest = timed(send)
        print(f"  {name:36} median {median:6.1f} ms   fastest {fastest:6.1f} ms")


if __name__ == "__main__":
    main()
