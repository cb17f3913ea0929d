"""Queueing a message to 5,000 participants (issue #15 §3: under 10 s).

Builds (once, idempotently) an event with 5,000 confirmed participants who get mail, half in
Swedish and half in English, and 100 more who opted out of organisers' messages, in the database
`DATABASE_URL` names. Then, as the host's staff, sends a previewed draft REPEATS times and
times the two steps a send takes before any worker acts: `send_organiser_message` (the outbox
rows written and committed, the request's part) and `enqueue_organiser_message` (a send task
per row handed to the Redis broker, the first task's part). The tasks go to a queue of the
bench's own, which is deleted afterwards with the rows, so no worker ever sends them.
Exits 1 when the slowest run takes 10 s or more.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench_organiser_messages \\
    REDIS_URL=redis://127.0.0.1:6379/8 .venv/bin/python -m bench.organiser_messages [repeats]
"""

import datetime
import os
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cluster_portal.settings")
REPEATS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
RECIPIENTS = 5000
OPTED_OUT = 100
TARGET_SECONDS = 10
SLUG = "bench-organiser-messages"
QUEUE = "bench-organiser-messages"

django.setup()

from django.conf import settings  # noqa: E402

if not settings.REDIS_URL:
    sys.exit("bench.organiser_messages needs REDIS_URL: without it the tasks would run here")
# Repeated sends by one person: the hourly limit is not what is measured.
settings.ORGANISER_MESSAGES_PER_HOUR = REPEATS + 1

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from cluster_portal.celery import app  # noqa: E402
from companies.models import Organisation, OrganisationMembership  # noqa: E402
from events.models import Event, Registration  # noqa: E402
from notifications import services  # noqa: E402
from notifications.models import Notification, OrganiserMessage, OrganiserMessageOptOut  # noqa: E402

app.conf.task_default_queue = QUEUE


def build() -> tuple[Event, User]:
    call_command("migrate", verbosity=0)
    park, _ = Organisation.objects.get_or_create(
        slug="bench-messages-park",
        defaults={"name": "Bench Messages Park", "kind": Organisation.Kind.SCIENCE_PARK},
    )
    staff, created = User.objects.get_or_create(
        email="organiser@messages.bench.example", defaults={"is_staff": True}
    )
    if created:
        OrganisationMembership.objects.create(
            user=staff, organisation=park, role=OrganisationMembership.Role.STAFF
        )
    now = timezone.now()
    event, _ = Event.objects.get_or_create(
        slug=SLUG,
        defaults={
            "title": "Bench messages conference",
            "kind": Event.Kind.CONFERENCE,
            "starts_at": now + datetime.timedelta(days=30),
            "ends_at": now + datetime.timedelta(days=30, hours=6),
            "venue_name": "Bench hall",
            "status": Event.Status.PUBLISHED,
        },
    )
    event.hosts.add(park)
    missing = RECIPIENTS + OPTED_OUT - event.registrations.count()
    if missing > 0:
        start = event.registrations.count()
        with transaction.atomic():
            company = Organisation.objects.create(
                name=f"Bench Messages Company {start}", slug=f"bench-messages-company-{start}"
            )
            people = User.objects.bulk_create(
                User(
                    email=f"participant{n}@messages.bench.example",
                    preferred_language="sv" if n % 2 else "en",
                )
                for n in range(start, start + missing)
            )
            Registration.objects.bulk_create(
                Registration(event=event, user=person, organisation=company) for person in people
            )
            opted_out = people[: max(0, OPTED_OUT - OrganiserMessageOptOut.objects.count())]
            OrganiserMessageOptOut.objects.bulk_create(
                OrganiserMessageOptOut(user=person) for person in opted_out
            )
    return event, staff


def clean_up() -> None:
    OrganiserMessage.objects.filter(event__slug=SLUG).delete()
    with app.connection_for_write() as broker:
        broker.default_channel.client.delete(QUEUE)


def main():
    event, staff = build()
    clean_up()
    print(
        f"{connection.vendor}, {RECIPIENTS} recipients and {OPTED_OUT} opted out, {REPEATS} sends"
    )
    slowest = 0.0
    try:
        for _ in range(REPEATS):
            draft = OrganiserMessage.objects.create(
                event=event,
                audience=OrganiserMessage.Audience.CONFIRMED,
                sender=staff,
                subject_sv="Välkommen",
                body_sv="Programmet är klart.",
                subject_en="Welcome",
                body_en="The programme is ready.",
            )
            started = time.perf_counter()
            sent = services.send_organiser_message(message=draft, sender=staff)
            recorded = time.perf_counter()
            enqueued = services.enqueue_organiser_message(message_id=sent.pk)
            done = time.perf_counter()
            assert sent.recipient_count == RECIPIENTS, sent.recipient_count
            assert sent.opted_out_count == OPTED_OUT, sent.opted_out_count
            assert enqueued == RECIPIENTS, enqueued
            assert sent.notifications.count() == RECIPIENTS
            total = done - started
            slowest = max(slowest, total)
            print(
                f"  outbox rows written {recorded - started:5.2f} s   "
                f"handed to the broker {done - recorded:5.2f} s   total {total:5.2f} s"
            )
            Notification.objects.filter(organiser_message=sent).update(
                status=Notification.Status.SKIPPED
            )
    finally:
        clean_up()
    verdict = "OK" if slowest < TARGET_SECONDS else "TOO SLOW"
    print(f"  slowest {slowest:.2f} s, target under {TARGET_SECONDS} s: {verdict}")
    return 0 if slowest < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
