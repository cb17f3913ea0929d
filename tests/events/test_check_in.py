"""Check-in at the door on a phone (issue #15 §1): search, one tap, undo, counts, walk-ins and
the personal QR code, all for the hosts' staff only."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import CheckInLog, Registration
from tests.admin_roles import build_world
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def event(world):
    """An event that started a quarter of an hour ago, hosted by park A."""
    return EventFactory(
        hosts=[world.park_a],
        capacity=3,
        starts_at=timezone.now() - datetime.timedelta(minutes=15),
        title="Battery day",
    )


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.users["staff_a"])
    return client


def person(event, first, last, company="Anything AB", **extra):
    return RegistrationFactory(
        event=event,
        user__first_name=first,
        user__last_name=last,
        organisation=OrganisationFactory(name=company),
        **extra,
    )


def page(client, event, **query):
    return client.get(reverse("events:check_in", args=[event.slug]), query)


def tap(client, event, registration, action="check_in", **extra):
    return client.post(
        reverse("events:check_in_record", args=[event.slug]),
        {"registration": registration.pk, "action": action, **extra},
    )


def test_staff_find_people_by_name_or_company_without_javascript(staff_client, event):
    person(event, "Astrid", "Lind", "Northvolt AB")
    person(event, "Bertil", "Berg", "Uppsala Batteri AB")
    content = page(staff_client, event, q="lind").content.decode()
    assert "Astrid Lind" in content
    assert "Bertil Berg" not in content
    content = page(staff_client, event, q="batteri").content.decode()
    assert "Bertil Berg" in content
    assert "Astrid Lind" not in content
    # Two words narrow down: both must match.
    assert "Bertil Berg" not in page(staff_client, event, q="bertil northvolt").content.decode()


def test_typing_returns_only_the_results_for_htmx(staff_client, event):
    person(event, "Astrid", "Lind")
    response = staff_client.get(
        reverse("events:check_in", args=[event.slug]), {"q": "astrid"}, HTTP_HX_REQUEST="true"
    )
    content = response.content.decode()
    assert "Astrid Lind" in content
    assert "<html" not in content


def test_one_tap_checks_in_and_undo_takes_it_back_with_history(staff_client, world, event):
    registration = person(event, "Astrid", "Lind")
    response = tap(staff_client, event, registration, q="lind")
    assert response.status_code == 302
    assert response.url.endswith("?q=lind")
    registration.refresh_from_db()
    assert registration.attended is True
    assert "Astrid Lind is checked in." in staff_client.get(response.url).content.decode()

    tap(staff_client, event, registration, action="undo")
    registration.refresh_from_db()
    assert registration.attended is None
    assert registration.checked_in_at is None
    logs = list(CheckInLog.objects.order_by("id"))
    assert [(log.action, log.source, log.recorded_by) for log in logs] == [
        ("checked_in", "check_in_page", world.users["staff_a"]),
        ("undone", "check_in_page", world.users["staff_a"]),
    ]


def test_two_phones_tapping_the_same_person_check_them_in_once(staff_client, event):
    registration = person(event, "Astrid", "Lind")
    tap(staff_client, event, registration)
    tap(staff_client, event, registration)
    assert CheckInLog.objects.count() == 1


def test_counts_show_checked_in_confirmed_and_waiting(staff_client, event):
    first = person(event, "Astrid", "Lind")
    person(event, "Bertil", "Berg")
    person(event, "Cecilia", "Ek", status=Registration.Status.WAITLISTED)
    tap(staff_client, event, first)
    response = staff_client.get(
        reverse("events:check_in", args=[event.slug]),
        {"part": "counts"},
        HTTP_HX_REQUEST="true",
    )
    text = " ".join(response.content.decode().split())
    assert "<strong>1</strong> checked in" in text
    assert "<strong>2</strong> confirmed" in text
    assert "<strong>1</strong> waiting list" in text


def test_check_in_is_refused_long_before_the_start(staff_client, world):
    event = EventFactory(
        hosts=[world.park_a], starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    registration = person(event, "Astrid", "Lind")
    content = page(staff_client, event).content.decode()
    assert "can be recorded from" in content
    response = tap(staff_client, event, registration)
    registration.refresh_from_db()
    assert registration.attended is None
    assert "can be recorded from" in staff_client.get(response.url).content.decode()


def test_waiting_list_people_cannot_be_checked_in(staff_client, event):
    waiting = person(event, "Cecilia", "Ek", status=Registration.Status.WAITLISTED)
    tap(staff_client, event, waiting)
    waiting.refresh_from_db()
    assert waiting.attended is None


def test_staff_of_another_park_get_a_404(client, world, event):
    registration = person(event, "Astrid", "Lind")
    client.force_login(world.users["staff_b"])
    assert page(client, event).status_code == 404
    assert tap(client, event, registration).status_code == 404
    registration.refresh_from_db()
    assert registration.attended is None


def test_a_registration_of_another_event_cannot_be_tapped(staff_client, world, event):
    other = person(EventFactory(hosts=[world.park_a]), "Astrid", "Lind")
    assert tap(staff_client, event, other).status_code == 404


def test_bad_input_is_a_404_not_a_500(staff_client, event):
    url = reverse("events:check_in_record", args=[event.slug])
    for data in ({"registration": "9" * 40, "action": "check_in"}, {"action": "x"}):
        assert staff_client.post(url, data).status_code == 404
    assert page(staff_client, event, q="a\x00b" * 60).status_code == 200


# Walk-ins ------------------------------------------------------------------------------------


def walk_in(client, event, **data):
    return client.post(
        reverse("events:check_in_walk_in", args=[event.slug]),
        {"first_name": "Dag", "last_name": "Walker", "email": "dag@walk.example", **data},
        follow=True,
    )


def test_a_walk_in_is_registered_and_checked_in(staff_client, event):
    company = OrganisationFactory(name="Walk-in Robotics AB")
    response = walk_in(staff_client, event, organisation="walk-in robotics ab")
    assert "Dag Walker is registered and checked in." in response.content.decode()
    registration = Registration.objects.get(user__email="dag@walk.example")
    assert (registration.status, registration.attended, registration.organisation) == (
        Registration.Status.CONFIRMED,
        True,
        company,
    )
    assert CheckInLog.objects.get().source == CheckInLog.Source.WALK_IN


def test_a_walk_in_needs_a_free_seat(staff_client, event):
    for n in range(3):
        person(event, f"P{n}", "Seated")
    response = walk_in(staff_client, event, organisation=OrganisationFactory().name)
    assert "The event is full" in response.content.decode()
    assert not Registration.objects.filter(user__email="dag@walk.example").exists()


def test_a_walk_in_needs_a_known_organisation(staff_client, event):
    response = walk_in(staff_client, event, organisation="Nobody Knows AB")
    assert "No single organisation" in response.content.decode()
    response = walk_in(staff_client, event)
    assert "representing an organisation" in response.content.decode()
    assert not Registration.objects.filter(user__email="dag@walk.example").exists()


# The personal QR code ------------------------------------------------------------------------


def test_the_qr_code_opens_the_person_and_one_button_for_host_staff(staff_client, event):
    registration = person(event, "Astrid", "Lind", "Northvolt AB")
    url = registration.check_in_url()
    path = url.split("://", 1)[1].split("/", 1)[1]
    content = staff_client.get(f"/{path}").content.decode()
    assert "Astrid Lind" in content
    assert "Northvolt AB" in content
    assert content.count('value="check_in"') == 1
    staff_client.post(f"/{path}", {"registration": registration.pk, "action": "check_in"})
    registration.refresh_from_db()
    assert registration.attended is True
    assert CheckInLog.objects.get().source == CheckInLog.Source.QR_CODE


@pytest.mark.parametrize(("role", "status"), [("staff_b", 404), ("sme", 403), ("coordinator", 403)])
def test_the_qr_code_shows_nothing_personal_to_anyone_else(client, world, event, role, status):
    registration = person(event, "Astrid", "Lind")
    url = reverse("events:check_in_qr", args=[registration.check_in_token()])
    client.force_login(world.users[role])
    response = client.get(url)
    assert response.status_code == status
    assert "Lind" not in response.content.decode()


def test_a_forged_qr_code_is_a_404(staff_client, event):
    registration = person(event, "Astrid", "Lind")
    token = registration.check_in_token()
    forged = f"{registration.pk + 1}:{token.split(':', 1)[1]}"
    assert staff_client.get(reverse("events:check_in_qr", args=[forged])).status_code == 404


def test_my_page_and_the_confirmation_email_carry_the_qr_code(
    client, world, event, django_capture_on_commit_callbacks
):
    registration = person(event, "Astrid", "Lind")
    client.force_login(registration.user)
    content = client.get(reverse("me:index")).content.decode()
    assert "<svg" in content
    assert reverse("events:ticket", args=[event.slug]) in content
    ticket = client.get(reverse("events:ticket", args=[event.slug])).content.decode()
    assert "<svg" in ticket
    # A new registration's confirmation email has the QR code attached.
    other = UserFactory()
    membership = OrganisationMembershipFactory(user=other)
    later = EventFactory(hosts=[world.park_a])
    client.force_login(other)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        with_commit = client.post(
            reverse("events:register", args=[later.slug]),
            {"organisation": membership.organisation.pk},
        )
    assert with_commit.status_code == 302
    (message,) = [m for m in mail.outbox if later.title in m.subject]
    names = [attachment[0] for attachment in message.attachments]
    assert "check-in-qr.png" in names
    assert f"/events/{later.slug}/ticket/" in message.body
