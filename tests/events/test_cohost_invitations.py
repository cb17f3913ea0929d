"""Co-hosting is an invitation the other organisation's staff accept: until then the event is
not in their admin, their scope or their "everything hosted" figures."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.roles import SCIENCE_PARK_STAFF, ensure_role_groups
from events.models import CoHostInvitation, Event
from notifications.models import Notification
from tests.admin_roles import action_post, build_world, staff_of
from tests.factories import EventFactory, RegistrationFactory, ScienceParkFactory, UserFactory

from .test_admin_permissions import event_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def invite_b(client, world, django_capture_on_commit_callbacks) -> Event:
    """Staff of A create an event with park B among the hosts."""
    client.force_login(world.users["staff_a"])
    data = event_form_data(world, hosts=[world.park_a, world.park_b])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302
    return Event.objects.get(slug="a-new-event")


def participants_csv(client, organisation) -> str:
    response = client.get(f"/en/reports/participants.csv?scope=organisation-{organisation.pk}")
    assert response.status_code == 200
    return (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else (response.content.decode())
    )


def test_an_invited_park_is_not_a_host_until_it_accepts(
    client, world, django_capture_on_commit_callbacks
):
    event = invite_b(client, world, django_capture_on_commit_callbacks)
    participant = UserFactory(email="participant.of.a@example.org")
    RegistrationFactory(event=event, user=participant)
    assert list(event.hosts.all()) == [world.park_a]
    invitation = CoHostInvitation.objects.get(event=event)
    assert (invitation.organisation, invitation.status) == (world.park_b, "pending")

    # Park B's staff: not in their admin, not in their figures, but told about the invitation.
    staff_b = world.users["staff_b"]
    client.force_login(staff_b)
    assert client.get(reverse("admin:events_event_change", args=[event.pk])).status_code == 404
    assert (
        "A new event" not in client.get(reverse("admin:events_event_changelist")).content.decode()
    )
    assert "participant.of.a@example.org" not in participants_csv(client, world.park_b)
    told = Notification.objects.filter(kind=Notification.Kind.COHOST_INVITED)
    assert {n.recipient for n in told} == {staff_b, world.users["staff_ab"]}
    message = next(m for m in mail.outbox if m.to == [staff_b.email])
    assert "A new event" in message.subject
    assert "/admin/events/cohostinvitation/" in message.body
    page = client.get(reverse("admin:events_cohostinvitation_changelist"))
    assert "A new event" in page.content.decode()

    # Accepting makes park B a host: the event is in its admin and its figures.
    response = client.post(
        reverse("admin:events_cohostinvitation_changelist"), action_post("accept", invitation)
    )
    assert response.status_code == 302
    assert set(event.hosts.all()) == {world.park_a, world.park_b}
    assert client.get(reverse("admin:events_event_change", args=[event.pk])).status_code == 200
    assert "participant.of.a@example.org" in participants_csv(client, world.park_b)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.decided_by) == ("accepted", staff_b)


def test_a_declined_invitation_leaves_the_event_with_its_host(
    client, world, django_capture_on_commit_callbacks
):
    event = invite_b(client, world, django_capture_on_commit_callbacks)
    invitation = CoHostInvitation.objects.get(event=event)
    client.force_login(world.users["staff_b"])
    client.post(
        reverse("admin:events_cohostinvitation_changelist"), action_post("decline", invitation)
    )
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert list(event.hosts.all()) == [world.park_a]
    # A decided invitation cannot be accepted later by the same action.
    client.post(
        reverse("admin:events_cohostinvitation_changelist"), action_post("accept", invitation)
    )
    assert list(event.hosts.all()) == [world.park_a]


def test_the_inviting_park_cannot_accept_for_the_invited_one(
    client, world, django_capture_on_commit_callbacks
):
    event = invite_b(client, world, django_capture_on_commit_callbacks)
    invitation = CoHostInvitation.objects.get(event=event)
    client.force_login(world.users["staff_a"])
    # Park A sees the answer is pending ...
    page = client.get(reverse("admin:events_cohostinvitation_change", args=[invitation.pk]))
    assert page.status_code == 200
    # ... but accepting for park B changes nothing.
    client.post(
        reverse("admin:events_cohostinvitation_changelist"), action_post("accept", invitation)
    )
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert list(event.hosts.all()) == [world.park_a]


def test_an_unrelated_park_does_not_see_the_invitation(
    client, world, django_capture_on_commit_callbacks
):
    event = invite_b(client, world, django_capture_on_commit_callbacks)
    invitation = CoHostInvitation.objects.get(event=event)
    outsider = world.users["coordinator"]
    outsider.is_superuser = False
    client.force_login(world.users["sme"])
    url = reverse("admin:events_cohostinvitation_change", args=[invitation.pk])
    assert client.get(url).status_code == 302  # not staff: the admin's login

    staff_c = staff_of(ScienceParkFactory(), group=ensure_role_groups()[SCIENCE_PARK_STAFF])
    client.force_login(staff_c)
    assert client.get(url).status_code == 404


def test_staff_of_both_parks_make_both_hosts_at_once(client, world):
    client.force_login(world.users["staff_ab"])
    data = event_form_data(world, hosts=[world.park_a, world.park_b])
    assert client.post(reverse("admin:events_event_add"), data).status_code == 302
    event = Event.objects.get(slug="a-new-event")
    assert set(event.hosts.all()) == {world.park_a, world.park_b}
    assert not CoHostInvitation.objects.exists()


def test_existing_co_hosts_are_recorded_as_accepted(world):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("events.migrations.0005_cohost_invitation")
    event = EventFactory(hosts=[world.park_a, world.park_b])
    single = EventFactory(hosts=[world.park_a])
    migration.record_existing_cohosts(apps, None)
    invitation = CoHostInvitation.objects.get()
    assert (invitation.event, invitation.organisation, invitation.status) == (
        event,
        world.park_b,
        "accepted",
    )
    assert not single.cohost_invitations.exists()
