"""One event, one calendar entry: the download, the confirmation email, the personal feed and
the public feeds give the same UID, a SEQUENCE that goes up when the entry changes, and a
cancelled event as STATUS:CANCELLED (issue 13 §8, issue 17 §2)."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import Event
from tests.events.test_admin_permissions import event_form_data
from tests.factories import EventFactory, OrganisationMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site_on_another_port(settings):
    # As `PORT=8803 make run`: the site is reached on a port, emails use SITE_URL.
    settings.SITE_URL = "http://127.0.0.1:8803"


def entry_of(content: bytes, title: str | None = None):
    entries = Calendar.from_ical(content).walk("VEVENT")
    if title is not None:
        entries = [entry for entry in entries if str(entry["summary"]) == title]
    [entry] = entries
    return entry


def test_download_email_and_feeds_give_the_event_the_same_uid(
    client, django_capture_on_commit_callbacks
):
    event = EventFactory(title="Circular packaging workshop")
    membership = OrganisationMembershipFactory()
    client.force_login(membership.user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/en/events/{event.slug}/register/", {"organisation": membership.organisation.pk}
        )

    [message] = mail.outbox
    # The confirmation also carries the check-in QR code as an image.
    [(_name, attached, _type)] = [a for a in message.attachments if a[2] == "text/calendar"]
    emailed = entry_of(attached)
    downloaded = entry_of(client.get(f"/events/{event.slug}/calendar.ics").content)
    personal = entry_of(client.get(f"/me/calendar/{membership.user.calendar_token}.ics").content)
    feed = entry_of(client.get("/events/calendar.ics").content, event.title)
    assert {str(e["uid"]) for e in (emailed, downloaded, personal, feed)} == {
        f"event-{event.pk}@127.0.0.1"
    }
    assert {int(e["sequence"]) for e in (emailed, downloaded, personal, feed)} == {0}


def test_moving_the_event_in_the_admin_raises_the_sequence(client, superuser):
    event = EventFactory(title="Matchmaking breakfast")
    client.force_login(superuser)
    data = event_form_data(
        None, hosts=event.hosts.all(), title=event.title, slug=event.slug, event=event
    )
    data["status"] = Event.Status.PUBLISHED
    client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    before = entry_of(client.get(f"/events/{event.slug}/calendar.ics").content)

    # Saving the form again without a change to the entry keeps the sequence.
    data["capacity"] = "40"
    response = client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302
    unchanged = entry_of(client.get(f"/events/{event.slug}/calendar.ics").content)
    assert int(unchanged["sequence"]) == int(before["sequence"])

    moved = timezone.localtime(event.starts_at) + datetime.timedelta(days=1)
    data["starts_at_0"] = moved.date().isoformat()
    data["ends_at_0"] = (moved + datetime.timedelta(hours=2)).date().isoformat()
    response = client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302

    after = entry_of(client.get(f"/events/{event.slug}/calendar.ics").content)
    assert str(after["uid"]) == str(before["uid"])
    assert int(after["sequence"]) > int(before["sequence"])
    assert after.decoded("dtstart").date() == moved.date()


def test_a_cancelled_event_stays_in_the_feed_as_cancelled_with_a_higher_sequence(client, superuser):
    event = EventFactory(title="Hydrogen seminar")
    before = entry_of(client.get("/events/calendar.ics").content, event.title)
    assert str(before["status"]) == "CONFIRMED"
    client.force_login(superuser)
    response = client.post(
        reverse("admin:events_event_changelist"),
        {"action": "cancel", "_selected_action": [event.pk]},
    )
    assert response.status_code == 302
    client.logout()

    after = entry_of(client.get("/events/calendar.ics").content, event.title)
    assert str(after["status"]) == "CANCELLED"
    assert int(after["sequence"]) > int(before["sequence"])
    assert str(after["uid"]) == str(before["uid"])


def test_an_unchanged_calendar_answers_304(client):
    event = EventFactory()
    first = client.get(f"/events/{event.slug}/calendar.ics")
    assert first["ETag"]
    assert first["Last-Modified"]
    again = client.get(f"/events/{event.slug}/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get(
        f"/events/{event.slug}/calendar.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
    )
    assert since.status_code == 304

    renamed = Event.objects.get(pk=event.pk)
    renamed.title = "A new title"
    renamed.save()
    changed = client.get(f"/events/{event.slug}/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert b"A new title" in changed.content
