"""Staff's daily work on events in the admin: from creation to attendance."""

import copy
import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration
from networks.models import NetworkMembership
from tests.admin_roles import action_post, build_world
from tests.events.test_admin_permissions import event_form_data
from tests.factories import (
    EventFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.shared_world import kept_for_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        yield build_world()


@pytest.fixture
def world(module_world, db):
    return copy.deepcopy(module_world)


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.users["staff_a"])
    return client


def history(obj) -> list[str]:
    return [
        entry.get_change_message()
        for entry in LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
    ]


# The capacity rule -------------------------------------------------------------------------


def test_staff_cannot_promote_past_capacity_from_a_full_waiting_list(staff_client, world):
    event = EventFactory(hosts=[world.park_a], capacity=1)
    RegistrationFactory(event=event)
    waiting = [
        RegistrationFactory(event=event, status=Registration.Status.WAITLISTED) for _ in range(2)
    ]
    response = staff_client.post(
        reverse("admin:events_registration_changelist"),
        action_post("promote", *waiting),
        follow=True,
    )
    assert "The event is full: raise the capacity or cancel a seat first." in (
        response.content.decode()
    )
    assert event.registrations.confirmed().count() == 1
    assert event.registrations.waitlisted().count() == 2
    assert not LogEntry.objects.exists()


def test_staff_promote_only_as_many_as_there_are_free_seats(staff_client, world):
    event = EventFactory(hosts=[world.park_a], capacity=2)
    RegistrationFactory(event=event)
    first, second = (
        RegistrationFactory(event=event, status=Registration.Status.WAITLISTED) for _ in range(2)
    )
    staff_client.post(
        reverse("admin:events_registration_changelist"), action_post("promote", first, second)
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITLISTED
    assert event.registrations.confirmed().count() == 2
    assert history(first) == ["Promoted from the waiting list."]


def test_cancelling_a_seat_in_the_admin_gives_it_to_the_first_waiting(staff_client, world):
    event = EventFactory(hosts=[world.park_a], capacity=1)
    seated = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    staff_client.post(
        reverse("admin:events_registration_changelist"), action_post("cancel", seated)
    )
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert history(seated) == ["Cancelled."]


def test_attendance_is_recorded_with_check_in_time_and_only_for_confirmed(staff_client, world):
    # Under way: attendance opens shortly before the start.
    event = EventFactory(
        hosts=[world.park_a], capacity=1, starts_at=timezone.now() - datetime.timedelta(hours=1)
    )
    seated = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    before = timezone.now()
    response = staff_client.post(
        reverse("admin:events_registration_changelist"),
        action_post("mark_attended", seated, waiting),
        follow=True,
    )
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert seated.attended is True
    assert seated.checked_in_at >= before
    assert waiting.attended is None
    assert "Only confirmed registrations can attend" in response.content.decode()
    assert history(seated) == ["Marked as attended."]


def test_registrations_are_searched_by_name_email_and_company(staff_client, world):
    event = EventFactory(hosts=[world.park_a])
    RegistrationFactory(
        event=event,
        user=UserFactory(first_name="Greta", last_name="Gröndal", email="greta@tree.example"),
        organisation=OrganisationFactory(name="Tree Tech AB"),
    )
    RegistrationFactory(event=event, user__last_name="Other")
    url = reverse("admin:events_registration_changelist")
    for term in ("Gröndal", "greta@tree", "Tree Tech"):
        content = staff_client.get(url, {"q": term}).content.decode()
        assert "greta@tree.example" in content, term
        assert "Other<" not in content, term


# Events: creating, changing, publishing, duplicating -----------------------------------------


def test_add_form_preselects_the_own_organisation_and_offers_only_own_networks_and_projects(
    staff_client, world
):
    own_network = NetworkFactory(name="Own network", hosts=[world.park_a])
    NetworkFactory(name="Foreign network", hosts=[world.park_b])
    response = staff_client.get(reverse("admin:events_event_add"))
    form = response.context["adminform"].form
    assert form.initial["hosts"] == [world.park_a.pk]
    assert list(form.fields["network"].queryset) == [own_network]
    assert list(form.fields["projects"].queryset) == [world.project_a]
    # Co-hosts: other host organisations may be added, companies never.
    assert world.park_b in form.fields["hosts"].queryset
    assert world.company not in form.fields["hosts"].queryset


def test_a_foreign_network_cannot_be_posted(staff_client, world):
    foreign = NetworkFactory(hosts=[world.park_b])
    data = event_form_data(world, hosts=[world.park_a]) | {"network": foreign.pk}
    response = staff_client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 200
    assert "network" in response.context["adminform"].form.errors
    assert not Event.objects.filter(slug="a-new-event").exists()


def test_creating_an_event_is_in_its_history(staff_client, world):
    staff_client.post(
        reverse("admin:events_event_add"), event_form_data(world, hosts=[world.park_a])
    )
    event = Event.objects.get(slug="a-new-event")
    response = staff_client.get(reverse("admin:events_event_history", args=[event.pk]))
    assert response.status_code == 200
    assert world.users["staff_a"].email in response.content.decode()


def test_changing_time_or_place_tells_everyone_registered_or_waiting(staff_client, world):
    from notifications.models import Notification

    event = EventFactory(hosts=[world.park_a])
    registration = RegistrationFactory(event=event)
    data = event_form_data(world, hosts=[world.park_a], slug=event.slug, event=event)
    data["status"] = Event.Status.PUBLISHED
    data["city"] = "Enköping"
    data["starts_at_1"] = "08:00:00"
    response = staff_client.post(
        reverse("admin:events_event_change", args=[event.pk]), data, follow=True
    )
    assert "1 registrant will be told about the change" in response.content.decode()
    event.refresh_from_db()
    assert event.city == "Enköping"
    notice = Notification.objects.get(kind=Notification.Kind.EVENT_CHANGED)
    assert notice.recipient == registration.user
    assert "city" in notice.context["changed_fields"]


def test_schedule_changes_are_kept_on_the_event_for_the_notifications(rf, world):
    from django.contrib import admin

    event = EventFactory(hosts=[world.park_a], city="Uppsala")
    request = rf.post("/")
    request.user = world.users["staff_a"]
    event.city = "Lund"
    event.title = "Not a schedule field"
    admin.site._registry[Event].save_model(request, event, form=None, change=True)
    assert event.changed_schedule_fields == ["city"]


def test_publish_unpublish_and_cancel_are_logged(staff_client, world):
    event = EventFactory(hosts=[world.park_a], status=Event.Status.DRAFT)
    url = reverse("admin:events_event_changelist")
    for action in ("publish", "unpublish", "publish", "cancel"):
        staff_client.post(url, action_post(action, event))
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert sorted(history(event)) == sorted(
        ["Published.", "Unpublished.", "Published.", "Cancelled."]
    )
    response = staff_client.get(reverse("admin:events_event_history", args=[event.pk]))
    assert "Cancelled." in response.content.decode()


def test_duplicate_asks_how_many_and_how_far_apart(staff_client, world):
    event = EventFactory(hosts=[world.park_a])
    response = staff_client.post(
        reverse("admin:events_event_changelist"), action_post("duplicate", event)
    )
    assert response.status_code == 200
    assert "weeks_apart" in response.content.decode()
    assert Event.objects.count() == 1


def test_duplicating_makes_a_series_of_drafts_with_programme_and_hosts(staff_client, world):
    event = EventFactory(hosts=[world.park_a, world.park_b], projects=[world.project_a])
    event.programme_items.create(title="Welcome")
    event.speakers.create(name="A guest")
    RegistrationFactory(event=event)
    staff_client.post(
        reverse("admin:events_event_changelist"),
        action_post("duplicate", event, apply="1", copies="3", weeks_apart="2"),
    )
    copies = list(Event.objects.exclude(pk=event.pk).order_by("starts_at"))
    assert [c.starts_at - event.starts_at for c in copies] == [
        datetime.timedelta(weeks=2),
        datetime.timedelta(weeks=4),
        datetime.timedelta(weeks=6),
    ]
    for duplicate in copies:
        assert duplicate.status == Event.Status.DRAFT
        assert set(duplicate.hosts.all()) == {world.park_a, world.park_b}
        assert list(duplicate.projects.all()) == [world.project_a]
        assert [p.title for p in duplicate.programme_items.all()] == ["Welcome"]
        assert [s.name for s in duplicate.speakers.all()] == ["A guest"]
        assert not duplicate.registrations.exists()
        assert history(duplicate) == [f"Duplicated from {event.title}."]


def test_duplicate_refuses_nonsense_and_keeps_the_input(staff_client, world):
    event = EventFactory(hosts=[world.park_a])
    response = staff_client.post(
        reverse("admin:events_event_changelist"),
        action_post("duplicate", event, apply="1", copies="0", weeks_apart="abc"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"copies", "weeks_apart"}
    assert Event.objects.count() == 1


# The participant list and CSV ----------------------------------------------------------------


def test_printable_participant_list_has_confirmed_people_and_room_to_sign(staff_client, world):
    event = EventFactory(hosts=[world.park_a], capacity=1)
    RegistrationFactory(event=event, user__last_name="Seated")
    RegistrationFactory(
        event=event, user__last_name="Waiting", status=Registration.Status.WAITLISTED
    )
    RegistrationFactory(
        event=event, user__last_name="Cancelled", status=Registration.Status.CANCELLED
    )
    response = staff_client.get(reverse("admin:events_event_participants", args=[event.pk]))
    content = response.content.decode()
    assert 'class="signature"' in content
    assert "Seated" in content
    assert "Waiting" in content  # listed under the waiting list
    assert "Cancelled" not in content


def test_participant_csv_is_one_events_live_registrations_and_defuses_formulas(staff_client, world):
    event = EventFactory(hosts=[world.park_a])
    other = EventFactory(hosts=[world.park_a])
    RegistrationFactory(event=event, user__first_name="=HYPERLINK(1)", user__last_name="X")
    RegistrationFactory(event=other, user__last_name="Elsewhere")
    response = staff_client.get(reverse("admin:events_event_participants_csv", args=[event.pk]))
    assert response["Content-Type"].startswith("text/csv")
    content = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(1) X" in content
    assert "Elsewhere" not in content
    assert len(content.strip().splitlines()) == 2


# The admin index overview ------------------------------------------------------------------


def test_admin_index_shows_own_upcoming_events_and_pending_requests(staff_client, world):
    own = EventFactory(title="Own upcoming", hosts=[world.park_a], capacity=1)
    RegistrationFactory(event=own)
    RegistrationFactory(event=own, status=Registration.Status.WAITLISTED)
    EventFactory(title="Foreign upcoming", hosts=[world.park_b])
    EventFactory(
        title="Own past",
        hosts=[world.park_a],
        starts_at=timezone.now() - datetime.timedelta(days=3),
    )
    NetworkMembershipFactory(
        network=NetworkFactory(hosts=[world.park_a]),
        organisation=OrganisationFactory(name="Wants in AB"),
        status=NetworkMembership.Status.PENDING,
    )
    NetworkMembershipFactory(
        network=NetworkFactory(hosts=[world.park_b]),
        organisation=OrganisationFactory(name="Wants elsewhere AB"),
        status=NetworkMembership.Status.PENDING,
    )
    response = staff_client.get(reverse("admin:index"))
    content = response.content.decode()
    assert "Own upcoming" in content
    assert "1 / 1" in content
    assert "Foreign upcoming" not in content
    assert "Own past" not in content
    assert "Wants in AB" in content
    assert "Wants elsewhere AB" not in content


def test_admin_index_shows_coordinators_their_projects_events_without_requests(client, world):
    EventFactory(title="Project event", hosts=[world.park_a], projects=[world.project_a])
    EventFactory(title="Other event", hosts=[world.park_a])
    client.force_login(world.users["coordinator"])
    content = client.get(reverse("admin:index")).content.decode()
    assert "Project event" in content
    assert "Other event" not in content
    assert "pending membership request" not in content


def test_cancelling_in_the_form_goes_through_the_cancel_service(staff_client, world, monkeypatch):
    from events import services

    calls = []
    original = services.cancel_event
    monkeypatch.setattr(
        services, "cancel_event", lambda *, event: calls.append(event.pk) or original(event=event)
    )
    event = EventFactory(hosts=[world.park_a])
    data = event_form_data(world, hosts=[world.park_a], slug=event.slug, event=event)
    data["status"] = Event.Status.CANCELLED
    response = staff_client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.CANCELLED
    assert calls == [event.pk]
