"""Attendance feeds the EU figures: nobody attends an event weeks ahead, whichever admin path
staff use to tick it (issue #13 §3). Attendance opens a configurable time before the start."""

import datetime

import pytest
from django.forms import modelform_factory
from django.urls import reverse
from django.utils import timezone

from events.models import CheckInLog, Registration
from tests.admin_roles import action_post, build_world
from tests.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

SEVEN_WEEKS = datetime.timedelta(weeks=7)


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.users["staff_a"])
    return client


def registration_starting_in(world, delta) -> Registration:
    event = EventFactory(hosts=[world.park_a], starts_at=timezone.now() + delta)
    return RegistrationFactory(event=event)


def change_url(registration):
    return reverse("admin:events_registration_change", args=[registration.pk])


def test_the_list_action_refuses_attendance_seven_weeks_ahead(staff_client, world):
    registration = registration_starting_in(world, SEVEN_WEEKS)
    response = staff_client.post(
        reverse("admin:events_registration_changelist"),
        action_post("mark_attended", registration),
        follow=True,
    )
    registration.refresh_from_db()
    assert registration.attended is None
    assert registration.checked_in_at is None
    content = response.content.decode()
    assert "Updated 0 registrations." in content
    assert "can be recorded from" in content
    assert not CheckInLog.objects.exists()


def test_the_change_form_refuses_attendance_seven_weeks_ahead(staff_client, world):
    registration = registration_starting_in(world, SEVEN_WEEKS)
    response = staff_client.post(change_url(registration), {"attended": "true"})
    assert response.status_code == 200
    assert "shortly before the event starts" in response.content.decode()
    registration.refresh_from_db()
    assert registration.attended is None
    assert not CheckInLog.objects.exists()


def test_the_change_form_records_attendance_shortly_before_the_start(staff_client, world):
    registration = registration_starting_in(world, datetime.timedelta(minutes=30))
    response = staff_client.post(change_url(registration), {"attended": "true"})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.attended is True
    assert registration.checked_in_at is not None
    log = CheckInLog.objects.get()
    assert (log.action, log.source, log.recorded_by) == (
        CheckInLog.Action.CHECKED_IN,
        CheckInLog.Source.ADMIN_FORM,
        world.users["staff_a"],
    )
    # The change form can also record a no-show and clear attendance again, each logged.
    staff_client.post(change_url(registration), {"attended": "false"})
    staff_client.post(change_url(registration), {"attended": "unknown"})
    registration.refresh_from_db()
    assert registration.attended is None
    assert list(CheckInLog.objects.order_by("id").values_list("action", flat=True)) == [
        "checked_in",
        "absent",
        "undone",
    ]


def test_the_list_action_records_attendance_after_the_event(staff_client, world):
    registration = registration_starting_in(world, -datetime.timedelta(days=2))
    staff_client.post(
        reverse("admin:events_registration_changelist"),
        action_post("mark_attended", registration),
    )
    registration.refresh_from_db()
    assert registration.attended is True
    assert CheckInLog.objects.get().source == CheckInLog.Source.ADMIN_ACTION


def test_how_early_attendance_opens_is_a_setting(staff_client, world, settings):
    settings.ATTENDANCE_OPENS_MINUTES_BEFORE_START = 15
    registration = registration_starting_in(world, datetime.timedelta(minutes=30))
    response = staff_client.post(change_url(registration), {"attended": "true"})
    assert response.status_code == 200
    registration.refresh_from_db()
    assert registration.attended is None


def test_a_cancelled_event_has_no_attendance(staff_client, world):
    registration = registration_starting_in(world, -datetime.timedelta(hours=1))
    registration.event.status = "cancelled"
    registration.event.save()
    response = staff_client.post(change_url(registration), {"attended": "true"})
    assert "cancelled" in response.content.decode()
    registration.refresh_from_db()
    assert registration.attended is None


def test_any_form_over_registrations_gets_the_rule(world):
    # An inline or any other ModelForm validates through Registration.clean().
    form_class = modelform_factory(Registration, fields=["attended"])
    ahead = registration_starting_in(world, SEVEN_WEEKS)
    assert not form_class({"attended": "true"}, instance=ahead).is_valid()
    now = registration_starting_in(world, datetime.timedelta(minutes=5))
    assert form_class({"attended": "true"}, instance=now).is_valid()
