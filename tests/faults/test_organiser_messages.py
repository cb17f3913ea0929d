"""A message to 5,000 participants survives its worker (issue #15 §3).

Staff send it through gunicorn; the whole worker is killed with SIGKILL in the middle of the
sending and started again. Every participant gets the message once, in their language: a
worker killed between handing a message to the mail server and recording it may send that one
again, with the same Message-ID, which mail programs show as one message (README, "When a part
is down"). PostgreSQL and redis-server needed, as for the other fault tests.
"""

import os
import re
import shutil
from collections import Counter

import pytest
from django.db import connection, transaction

from accounts.models import User
from accounts.roles import SCIENCE_PARK_STAFF, ensure_role_groups
from companies.models import OrganisationMembership
from events.models import Registration
from notifications.models import Notification, OrganiserMessage, OrganiserMessageOptOut
from tests.conftest import on_postgres
from tests.factories import EventFactory, OrganisationFactory, ScienceParkFactory, UserFactory

from .stack import Portal, RedisServer, wait_for

IN_CI = os.environ.get("CI", "").lower() == "true"
RECIPIENTS = int(os.environ.get("FAULTS_MESSAGE_RECIPIENTS", "5000"))
OPTED_OUT = 25
CONCURRENCY = 2  # the worker's pool processes (stack.Portal.start_worker)

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.skipif(
        not on_postgres() or (not IN_CI and not shutil.which("redis-server")),
        reason=(
            "needs PostgreSQL (the web app and worker processes share the test database) and "
            "the redis-server program (apt-get install redis-server): set "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/cluster_portal"
        ),
    ),
]


@pytest.fixture
def portal(tmp_path):
    assert on_postgres(), "CI runs these: set DATABASE_URL=postgres://..."
    assert shutil.which("redis-server"), "CI runs these: apt-get install redis-server"
    redis = RedisServer(tmp_path)
    redis.start()
    portal = Portal(tmp_path, redis)
    yield portal
    portal.stop()
    redis.stop()
    connection.close()


def conference_with_participants():
    """An event of a park with RECIPIENTS participants who get mail, half Swedish and half
    English, and OPTED_OUT more who want no messages from organisers; the park's staff."""
    park = ScienceParkFactory(name="STUNS")
    event = EventFactory(title="Battery conference", hosts=[park], capacity=None)
    staff = UserFactory(is_staff=True)
    staff.groups.add(ensure_role_groups()[SCIENCE_PARK_STAFF])
    OrganisationMembership.objects.create(
        user=staff, organisation=park, role=OrganisationMembership.Role.STAFF
    )
    company = OrganisationFactory()
    with transaction.atomic():
        people = User.objects.bulk_create(
            User(email=f"person{n}@faults.example", preferred_language=("sv", "en")[n % 2])
            for n in range(RECIPIENTS + OPTED_OUT)
        )
        Registration.objects.bulk_create(
            Registration(event=event, user=person, organisation=company) for person in people
        )
        OrganiserMessageOptOut.objects.bulk_create(
            OrganiserMessageOptOut(user=person) for person in people[RECIPIENTS:]
        )
    return event, staff, people


@pytest.mark.django_db(transaction=True)
def test_a_message_to_5000_participants_is_sent_once_each_when_the_worker_is_killed(
    portal, counties
):
    event, staff, people = conference_with_participants()
    portal.start_web()
    portal.start_worker()
    portal.start_beat()
    browser = portal.browser(staff)
    url = f"/en/admin/notifications/organisermessage/event/{event.pk}/"

    status, _headers, page = browser.post(
        url,
        {
            "audience": "confirmed",
            "subject_sv": "Välkommen till batterikonferensen",
            "body_sv": "Programmet är klart.",
            "subject_en": "Welcome to the battery conference",
            "body_en": "The programme is ready.",
            "_preview": "1",
        },
    )
    assert status == 200, page
    assert f"{RECIPIENTS:,} recipients".replace(",", "") in page.replace(",", "")
    draft = OrganiserMessage.objects.get()
    status, headers, _page = browser.post(url, {"draft": draft.pk, "_send": "1"})
    assert status == 302
    assert re.search(rf"/organisermessage/{draft.pk}/change/$", headers["Location"])
    draft.refresh_from_db()
    assert (draft.recipient_count, draft.opted_out_count) == (RECIPIENTS, OPTED_OUT)

    def sent() -> int:
        return Notification.objects.filter(status=Notification.Status.SENT).count()

    wait_for(lambda: sent() >= 50, timeout=120, interval=0.1, message=portal.log("worker"))
    portal.kill("worker")
    assert sent() < RECIPIENTS, "the sending was over before the kill"
    portal.start_worker()
    wait_for(
        lambda: not Notification.objects.exclude(status=Notification.Status.SENT).exists(),
        timeout=max(300, RECIPIENTS // 5),
        interval=1,
        message=str(Counter(Notification.objects.values_list("status", flat=True))),
    )

    mail = portal.sent_mail()
    by_recipient = Counter(to for to, _subject, _message_id in mail)
    message_ids = {(to, message_id) for to, _subject, message_id in mail}
    wanted = {person.email for person in people[:RECIPIENTS]}
    # Everyone but those who opted out, each under one Message-ID.
    assert set(by_recipient) == wanted
    assert len(message_ids) == RECIPIENTS
    # At most one copy per pool process caught between the mail server and the commit.
    assert len(mail) - RECIPIENTS <= CONCURRENCY, by_recipient.most_common(3)
    subjects = {to: subject for to, subject, _message_id in mail}
    assert subjects[people[0].email] == "Välkommen till batterikonferensen"
    assert subjects[people[1].email] == "Welcome to the battery conference"
