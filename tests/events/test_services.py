import datetime

import pytest
from django.utils import timezone

from events.models import Event, Registration
from events.services import (
    RegistrationRefused,
    cancel_registration,
    mark_attendance,
    promote_registration,
    register_for_event,
)
from tests.factories import EventFactory, OrganisationMembershipFactory

pytestmark = pytest.mark.django_db


def representative():
    membership = OrganisationMembershipFactory()
    return membership.user, membership.organisation


def test_registrations_beyond_capacity_go_on_the_waiting_list_in_order():
    event = EventFactory(capacity=2)
    people = [representative() for _ in range(4)]
    registrations = [
        register_for_event(event=event, user=user, organisation=org) for user, org in people
    ]
    assert [r.status for r in registrations] == [
        "confirmed",
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    assert [r.waitlist_position for r in registrations] == [None, None, 1, 2]


def test_cancelling_a_confirmed_seat_promotes_the_first_waiting():
    event = EventFactory(capacity=1)
    (u1, o1), (u2, o2), (u3, o3) = (representative() for _ in range(3))
    first = register_for_event(event=event, user=u1, organisation=o1)
    second = register_for_event(event=event, user=u2, organisation=o2)
    third = register_for_event(event=event, user=u3, organisation=o3)
    cancel_registration(registration=first)
    second.refresh_from_db()
    third.refresh_from_db()
    assert second.status == Registration.Status.CONFIRMED
    assert second.promoted_at is not None
    assert third.waitlist_position == 1


def test_cancelling_a_waitlisted_registration_promotes_nobody():
    event = EventFactory(capacity=1)
    (u1, o1), (u2, o2) = representative(), representative()
    register_for_event(event=event, user=u1, organisation=o1)
    waiting = register_for_event(event=event, user=u2, organisation=o2)
    cancel_registration(registration=waiting)
    assert event.registrations.confirmed().count() == 1
    assert not event.registrations.waitlisted().exists()


def test_staff_promotion_never_exceeds_capacity():
    event = EventFactory(capacity=1)
    (u1, o1), (u2, o2) = representative(), representative()
    register_for_event(event=event, user=u1, organisation=o1)
    waiting = register_for_event(event=event, user=u2, organisation=o2)
    with pytest.raises(RegistrationRefused, match="full"):
        promote_registration(registration=waiting)
    Event.objects.filter(pk=event.pk).update(capacity=2)
    assert promote_registration(registration=waiting).status == Registration.Status.CONFIRMED


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"status": Event.Status.CANCELLED}, "cancelled"),
        ({"status": Event.Status.DRAFT}, "not open"),
        (
            {
                "starts_at": timezone.now() - datetime.timedelta(days=2),
                "ends_at": timezone.now() - datetime.timedelta(days=1),
            },
            "already taken place",
        ),
        ({"registration_opens_at": timezone.now() + datetime.timedelta(days=1)}, "opens"),
        ({"registration_closes_at": timezone.now() - datetime.timedelta(hours=1)}, "closed"),
    ],
)
def test_registration_is_refused_outside_its_rules(changes, message):
    event = EventFactory(**changes)
    user, org = representative()
    with pytest.raises(RegistrationRefused, match=message):
        register_for_event(event=event, user=user, organisation=org)
    assert not event.registrations.exists()


def test_registering_twice_is_refused():
    event = EventFactory()
    user, org = representative()
    register_for_event(event=event, user=user, organisation=org)
    with pytest.raises(RegistrationRefused, match="already registered"):
        register_for_event(event=event, user=user, organisation=org)


def test_cannot_register_for_an_organisation_one_does_not_represent():
    event = EventFactory()
    user, _org = representative()
    _other_user, other_org = representative()
    with pytest.raises(RegistrationRefused, match="own organisation"):
        register_for_event(event=event, user=user, organisation=other_org)


def test_private_person_needs_an_event_open_to_private_persons():
    user, _org = representative()
    with pytest.raises(RegistrationRefused, match="organisation"):
        register_for_event(event=EventFactory(), user=user)
    open_event = EventFactory(allows_private_persons=True)
    assert register_for_event(event=open_event, user=user).organisation is None


def test_attendance_is_recorded_only_for_confirmed():
    event = EventFactory(capacity=1)
    (u1, o1), (u2, o2) = representative(), representative()
    confirmed = register_for_event(event=event, user=u1, organisation=o1)
    waiting = register_for_event(event=event, user=u2, organisation=o2)
    # The event starts in a moment: attendance opens shortly before the start.
    Event.objects.filter(pk=event.pk).update(starts_at=timezone.now())
    assert mark_attendance(registrations=[confirmed, waiting], attended=True) == 1
    confirmed.refresh_from_db()
    assert confirmed.attended is True
    assert confirmed.checked_in_at is not None
