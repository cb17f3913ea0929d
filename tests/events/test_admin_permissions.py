"""Who may do what to events and registrations in the admin: roles × objects × actions.

Each table row is a role; its three entries are for the object of A, of B and the one
co-hosted by A and B. Statuses: LOGIN (sent to the admin login), 200, 302 (done, redirected),
403 (visible but not theirs to change), 404 (another organisation's: not even visible).
"""

import copy
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import Organisation
from events.models import Event, Registration
from tests.admin_roles import (
    LOGIN,
    MANAGES,
    MATRIX,
    OBJECTS,
    ROLES,
    action_post,
    build_world,
    expected,
    log_in,
    outcome,
)
from tests.factories import EventFactory, RegistrationFactory
from tests.shared_world import kept_for_the_module

pytestmark = pytest.mark.django_db

VIEW = {
    "anonymous": [LOGIN, LOGIN, LOGIN],
    "sme": [LOGIN, LOGIN, LOGIN],
    "staff_a": [200, 404, 200],
    "staff_b": [404, 200, 200],
    "staff_ab": [200, 200, 200],
    "coordinator": [200, 404, 404],
    "superuser": [200, 200, 200],
}
# Change and delete: done (302) where the role manages the event.
WRITE = {
    "anonymous": [LOGIN, LOGIN, LOGIN],
    "sme": [LOGIN, LOGIN, LOGIN],
    "staff_a": [302, 404, 302],
    "staff_b": [404, 302, 302],
    "staff_ab": [302, 302, 302],
    "coordinator": [403, 404, 404],
    "superuser": [302, 302, 302],
}
# Admin actions post to the changelist, which only ever holds the role's own rows: another
# organisation's row is silently not touched; a coordinator has no actions at all (200).
ACTION = {
    "anonymous": [LOGIN, LOGIN, LOGIN],
    "sme": [LOGIN, LOGIN, LOGIN],
    "staff_a": [302, 302, 302],
    "staff_b": [302, 302, 302],
    "staff_ab": [302, 302, 302],
    "coordinator": [200, 200, 200],
    "superuser": [302, 302, 302],
}
# Adding an event hosted by A, by B, or co-hosted: staff must keep their own organisation
# among the hosts (200 = the form comes back with an error).
ADD = {
    "anonymous": [LOGIN, LOGIN, LOGIN],
    "sme": [LOGIN, LOGIN, LOGIN],
    "staff_a": [302, 200, 302],
    "staff_b": [200, 302, 302],
    "staff_ab": [302, 302, 302],
    "coordinator": [403, 403, 403],
    "superuser": [302, 302, 302],
}


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        world = build_world()
        world.events = {
            which: EventFactory(
                title=f"Event of {which.upper()}",
                hosts=world.hosts(which),
                projects=[world.project_a] if which == "a" else None,
                status=Event.Status.DRAFT,
            )
            for which in OBJECTS
        }
        yield world


@pytest.fixture
def world(module_world, db):
    return copy.deepcopy(module_world)


def event_form_data(world, *, hosts, title="A new event", slug="a-new-event", event=None):
    starts_at = timezone.localtime(event.starts_at if event else timezone.now()).replace(
        microsecond=0
    ) + (datetime.timedelta() if event else datetime.timedelta(days=30))
    ends_at = starts_at + datetime.timedelta(hours=2)
    return {
        "title_sv": title,
        "title_en": "",
        "slug": slug,
        "kind": Event.Kind.WORKSHOP,
        "status": Event.Status.DRAFT,
        "description_sv": "",
        "description_en": "",
        "language": Event.Language.SWEDISH,
        "hosts": [h.pk for h in hosts],
        "network": "",
        "projects": [],
        "thematic_areas": [],
        "starts_at_0": starts_at.date().isoformat(),
        "starts_at_1": starts_at.time().isoformat(),
        "ends_at_0": ends_at.date().isoformat(),
        "ends_at_1": ends_at.time().isoformat(),
        "format": Event.Format.ON_SITE,
        "venue_name": "STUNS",
        "address": "",
        "city": "Uppsala",
        "county": "C",
        "online_url": "",
        "capacity": "20",
        "registration_opens_at_0": "",
        "registration_opens_at_1": "",
        "registration_closes_at_0": "",
        "registration_closes_at_1": "",
        "support_hours": "3",
        "waitlist_mode": Event.WaitlistMode.AUTOMATIC,
        "offer_hours": "24",
        "programme_items-TOTAL_FORMS": "0",
        "programme_items-INITIAL_FORMS": "0",
        "speakers-TOTAL_FORMS": "0",
        "speakers-INITIAL_FORMS": "0",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
    }


# Events ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_event_changelist_shows_only_the_roles_events(client, world, role):
    log_in(client, world, role)
    response = client.get(reverse("admin:events_event_changelist"))
    if role in ("anonymous", "sme"):
        assert outcome(response) == LOGIN
        return
    assert response.status_code == 200
    content = response.content.decode()
    for which in OBJECTS:
        visible = expected(VIEW, role, which) == 200
        assert (f"Event of {which.upper()}<" in content) is visible, which


@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_event_change_page(client, world, role, which):
    log_in(client, world, role)
    event = world.events[which]
    response = client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert outcome(response) == expected(VIEW, role, which)


@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_event_history_page(client, world, role, which):
    log_in(client, world, role)
    event = world.events[which]
    response = client.get(reverse("admin:events_event_history", args=[event.pk]))
    assert outcome(response) == expected(VIEW, role, which)


@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_event_change(client, world, role, which):
    log_in(client, world, role)
    event = world.events[which]
    data = event_form_data(
        world, hosts=event.hosts.all(), title="Renamed", slug=event.slug, event=event
    )
    response = client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert outcome(response) == expected(WRITE, role, which)
    event.refresh_from_db()
    assert (event.title == "Renamed") is expected(MANAGES, role, which)


# An event another organisation co-hosts is cancelled, not deleted: only staff of every host
# (or a superuser) delete it.
DELETE = {
    "anonymous": [LOGIN, LOGIN, LOGIN],
    "sme": [LOGIN, LOGIN, LOGIN],
    "staff_a": [302, 404, 403],
    "staff_b": [404, 302, 403],
    "staff_ab": [302, 302, 302],
    "coordinator": [403, 404, 404],
    "superuser": [302, 302, 302],
}

# The bulk delete: another organisation's row is not in the list (silently untouched, 302), a
# co-hosted one is refused as a whole (403).
DELETE_SELECTED = {
    "anonymous": [LOGIN, LOGIN, LOGIN],
    "sme": [LOGIN, LOGIN, LOGIN],
    "staff_a": [302, 302, 403],
    "staff_b": [302, 302, 403],
    "staff_ab": [302, 302, 302],
    "coordinator": [200, 200, 200],
    "superuser": [302, 302, 302],
}


@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_event_delete(client, world, role, which):
    log_in(client, world, role)
    event = world.events[which]
    response = client.post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"})
    assert outcome(response) == expected(DELETE, role, which)
    deleted = not Event.objects.filter(pk=event.pk).exists()
    assert deleted is (expected(DELETE, role, which) == 302)


@pytest.mark.parametrize("role", ROLES)
def test_event_add_page(client, world, role):
    log_in(client, world, role)
    response = client.get(reverse("admin:events_event_add"))
    assert outcome(response) == {
        "anonymous": LOGIN,
        "sme": LOGIN,
        "coordinator": 403,
    }.get(role, 200)


@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_event_add_hosted_by(client, world, role, which):
    log_in(client, world, role)
    data = event_form_data(world, hosts=world.hosts(which))
    response = client.post(reverse("admin:events_event_add"), data)
    assert outcome(response) == expected(ADD, role, which)
    created = Event.objects.filter(slug="a-new-event").first()
    assert (created is not None) is (expected(ADD, role, which) == 302)
    if created:
        # Another organisation chosen as host is invited, and is a host once it accepts.
        user = world.users[role]
        staffed = set(Organisation.objects.staffed_by(user))
        own = {h for h in world.hosts(which) if user.is_superuser or h in staffed}
        assert set(created.hosts.all()) == own
        invited = created.cohost_invitations.filter(status="pending")
        assert {i.organisation for i in invited} == set(world.hosts(which)) - own
    if expected(ADD, role, which) == 200:
        assert "Keep your own organisation among the hosts." in response.content.decode()


EVENT_ACTIONS = {
    # action: (status before, extra POST data, did it happen?)
    "publish": (Event.Status.DRAFT, {}, lambda e: e.status == Event.Status.PUBLISHED),
    "unpublish": (Event.Status.PUBLISHED, {}, lambda e: e.status == Event.Status.DRAFT),
    "cancel": (Event.Status.PUBLISHED, {}, lambda e: e.status == Event.Status.CANCELLED),
    "duplicate": (
        Event.Status.PUBLISHED,
        {"apply": "1", "copies": "1", "weeks_apart": "2"},
        lambda e: Event.objects.filter(slug__startswith=f"{e.slug}-").exists(),
    ),
    "delete_selected": (
        Event.Status.DRAFT,
        {"post": "yes"},
        lambda e: not Event.objects.filter(pk=e.pk).exists(),
    ),
}


@pytest.mark.parametrize("action", EVENT_ACTIONS)
@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_event_action(client, world, role, which, action):
    status_before, extra, happened = EVENT_ACTIONS[action]
    event = world.events[which]
    Event.objects.filter(pk=event.pk).update(status=status_before)
    log_in(client, world, role)
    response = client.post(
        reverse("admin:events_event_changelist"), action_post(action, event, **extra)
    )
    deleting = action == "delete_selected"
    assert outcome(response) == expected(DELETE_SELECTED if deleting else ACTION, role, which)
    if Event.objects.filter(pk=event.pk).exists():
        event.refresh_from_db()
    allowed = expected(DELETE, role, which) == 302 if deleting else expected(MANAGES, role, which)
    assert happened(event) is allowed


@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_participant_list_and_csv(client, world, role, which):
    event = world.events[which]
    RegistrationFactory(event=event, user__first_name="Signe", user__last_name="Signer")
    log_in(client, world, role)
    for name in ("admin:events_event_participants", "admin:events_event_participants_csv"):
        response = client.get(reverse(name, args=[event.pk]))
        assert outcome(response) == expected(VIEW, role, which)
        if response.status_code == 200:
            assert "Signer" in response.content.decode()


# Registrations -----------------------------------------------------------------------------


@pytest.fixture
def registrations(world):
    return {
        which: RegistrationFactory(event=world.events[which], user__last_name=f"Person{which}")
        for which in OBJECTS
    }


@pytest.mark.parametrize("role", ROLES)
def test_registration_changelist_shows_only_the_roles_registrations(
    client, world, registrations, role
):
    log_in(client, world, role)
    response = client.get(reverse("admin:events_registration_changelist"))
    if role in ("anonymous", "sme"):
        assert outcome(response) == LOGIN
        return
    assert response.status_code == 200
    content = response.content.decode()
    for which in OBJECTS:
        visible = expected(VIEW, role, which) == 200
        assert (f"Person{which}<" in content) is visible, which
        # Nor is another organisation's event offered as a filter.
        assert (f"Event of {which.upper()}<" in content) is visible, which


@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_registration_change_page(client, world, registrations, role, which):
    log_in(client, world, role)
    registration = registrations[which]
    response = client.get(reverse("admin:events_registration_change", args=[registration.pk]))
    assert outcome(response) == expected(VIEW, role, which)


@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_registration_fields_cannot_be_edited_past_the_services(
    client, world, registrations, role, which
):
    log_in(client, world, role)
    registration = registrations[which]
    response = client.post(
        reverse("admin:events_registration_change", args=[registration.pk]),
        {"status": Registration.Status.CANCELLED, "attended": "true"},
    )
    # Attendance is the one editable field, and the event lies two weeks ahead: the form
    # comes back with the refusal (200) where the role may change the registration.
    want = expected(WRITE, role, which)
    assert outcome(response) == (200 if want == 302 else want)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.attended is None


REGISTRATION_DELETE = {
    "anonymous": [LOGIN, LOGIN, LOGIN],
    "sme": [LOGIN, LOGIN, LOGIN],
    "staff_a": [403, 404, 403],
    "staff_b": [404, 403, 403],
    "staff_ab": [403, 403, 403],
    "coordinator": [403, 404, 404],
    "superuser": [302, 302, 302],
}


@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_registration_delete(client, world, registrations, role, which):
    log_in(client, world, role)
    registration = registrations[which]
    response = client.post(
        reverse("admin:events_registration_delete", args=[registration.pk]), {"post": "yes"}
    )
    assert outcome(response) == expected(REGISTRATION_DELETE, role, which)
    deleted = not Registration.objects.filter(pk=registration.pk).exists()
    assert deleted is (role == "superuser")


@pytest.mark.parametrize("role", ROLES)
def test_registrations_are_never_added_in_the_admin(client, world, role):
    log_in(client, world, role)
    response = client.get(reverse("admin:events_registration_add"))
    assert outcome(response) == (LOGIN if role in ("anonymous", "sme") else 403)


REGISTRATION_ACTIONS = {
    # action: (registration before, did it happen?)
    "mark_attended": (
        {"status": Registration.Status.CONFIRMED},
        lambda r: r.attended is True and r.checked_in_at is not None,
    ),
    "mark_not_attended": (
        {"status": Registration.Status.CONFIRMED, "attended": True},
        lambda r: r.attended is False and r.checked_in_at is None,
    ),
    "promote": (
        {"status": Registration.Status.WAITLISTED},
        lambda r: r.status == Registration.Status.CONFIRMED and r.promoted_at is not None,
    ),
    "cancel": (
        {"status": Registration.Status.CONFIRMED},
        lambda r: r.status == Registration.Status.CANCELLED,
    ),
}


@pytest.mark.parametrize("action", REGISTRATION_ACTIONS)
@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_registration_action(client, world, registrations, role, which, action):
    before, happened = REGISTRATION_ACTIONS[action]
    registration = registrations[which]
    Registration.objects.filter(pk=registration.pk).update(**before)
    if "attended" in action:
        # Attendance opens shortly before the start: the event is under way.
        now = timezone.now()
        Event.objects.filter(pk=registration.event_id).update(
            starts_at=now - datetime.timedelta(hours=1), ends_at=now + datetime.timedelta(hours=1)
        )
    log_in(client, world, role)
    response = client.post(
        reverse("admin:events_registration_changelist"), action_post(action, registration)
    )
    assert outcome(response) == expected(ACTION, role, which)
    registration.refresh_from_db()
    assert happened(registration) is expected(MANAGES, role, which)


@pytest.fixture
def staff_b_coordinating_a(world):
    """Staff of B who also coordinates A's project: reads A's event, changes nothing of it."""
    user = world.users["staff_b"]
    world.project_a.coordinators.add(user)
    return user


def test_staff_who_also_coordinate_read_but_do_not_change_the_projects_events(
    client, world, registrations, staff_b_coordinating_a
):
    client.force_login(staff_b_coordinating_a)
    event = world.events["a"]
    assert client.get(reverse("admin:events_event_change", args=[event.pk])).status_code == 200
    data = event_form_data(world, hosts=[world.park_b], title="Taken", slug=event.slug, event=event)
    response = client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 403
    response = client.post(reverse("admin:events_event_delete", args=[event.pk]), {"post": "yes"})
    assert response.status_code == 403
    for action in ("publish", "cancel", "delete_selected"):
        client.post(
            reverse("admin:events_event_changelist"), action_post(action, event, post="yes")
        )
    event.refresh_from_db()
    assert (event.title, event.status) == ("Event of A", Event.Status.DRAFT)
    registration = registrations["a"]
    client.post(
        reverse("admin:events_registration_changelist"), action_post("cancel", registration)
    )
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
