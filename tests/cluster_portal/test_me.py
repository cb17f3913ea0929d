import datetime

import pytest
from django.utils import timezone
from icalendar import Calendar

from events.models import Registration
from networks.models import NetworkMembership
from tests.factories import (
    EventFactory,
    NetworkMembershipFactory,
    OrganisationMembershipFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_me_needs_login(client):
    response = client.get("/en/me/")
    assert response.status_code == 302
    assert "/en/accounts/login/" in response.url


def test_me_lists_companies_memberships_registrations_and_waiting_positions(client):
    membership = OrganisationMembershipFactory(organisation__name="Small AB")
    user, company = membership.user, membership.organisation
    OrganisationMembershipFactory(
        user=user, organisation__name="Pending Co", status="pending", role="member"
    )
    NetworkMembershipFactory(organisation=company, network__name="Energy network")
    NetworkMembershipFactory(
        organisation=company, network__name="Waiting network", status="pending"
    )
    NetworkMembershipFactory(
        organisation=company, network__name="Left network", status=NetworkMembership.Status.LEFT
    )
    RegistrationFactory(user=user, organisation=company, event__title="Confirmed workshop")
    full = EventFactory(title="Full seminar", capacity=1)
    RegistrationFactory(event=full)
    RegistrationFactory(event=full, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=full, user=user, status=Registration.Status.WAITLISTED)
    past_start = timezone.now() - datetime.timedelta(days=10)
    RegistrationFactory(
        user=user,
        attended=True,
        event=EventFactory(
            title="Old breakfast",
            starts_at=past_start,
            ends_at=past_start + datetime.timedelta(hours=1),
        ),
    )
    RegistrationFactory(user=user, event__title="Cancelled one", status="cancelled")
    client.force_login(user)
    page = client.get("/en/me/").content.decode()
    for text in (
        "Small AB",
        "Pending Co",
        "Energy network",
        "Waiting network",
        "Confirmed workshop",
        "Full seminar",
        "Waiting list, number 2",
        "Old breakfast",
        user.calendar_token,
    ):
        assert text in page, text
    assert "Left network" not in page
    assert "Cancelled one" not in page


def test_me_query_count_is_bounded(client, django_assert_max_num_queries):
    user = UserFactory()
    for _ in range(15):
        RegistrationFactory(user=user, status=Registration.Status.WAITLISTED)
    client.force_login(user)
    with django_assert_max_num_queries(10):
        client.get("/en/me/")


def test_personal_calendar_feed_by_secret_token(client):
    user = UserFactory()
    RegistrationFactory(user=user, event__title="Mine")
    RegistrationFactory(user=user, event__title="Waiting", status="waitlisted")
    RegistrationFactory(user=user, event__title="Dropped", status="cancelled")
    RegistrationFactory(event__title="Someone else's")
    response = client.get(f"/me/calendar/{user.calendar_token}.ics")
    assert response.status_code == 200
    entries = {
        str(entry["SUMMARY"]): str(entry["STATUS"])
        for entry in Calendar.from_ical(response.content).walk("VEVENT")
    }
    assert entries == {"Mine": "CONFIRMED", "Waiting": "TENTATIVE"}
    assert client.get("/me/calendar/not-the-token.ics").status_code == 404


def test_renewing_the_calendar_token_retires_the_old_address(client):
    user = UserFactory()
    old = user.calendar_token
    client.force_login(user)
    client.post("/en/me/calendar/renew/")
    user.refresh_from_db()
    assert user.calendar_token != old
    assert client.get(f"/me/calendar/{old}.ics").status_code == 404


def test_me_tells_company_admins_about_requests_to_decide(client):
    admin = OrganisationMembershipFactory()
    for _ in range(2):
        OrganisationMembershipFactory(
            organisation=admin.organisation, status="pending", role="member"
        )
    client.force_login(admin.user)
    page = client.get("/en/me/").content.decode()
    assert "2 requests to join wait for you" in page
    assert f"/en/organisations/{admin.organisation.slug}/members/" in page


def test_online_link_reaches_only_confirmed_participants_calendars(client):
    event = EventFactory(format="hybrid", online_url="https://meet.example.org/secret", capacity=1)
    confirmed = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    assert b"meet.example.org" not in client.get(f"/events/{event.slug}/calendar.ics").content
    assert (
        b"meet.example.org"
        not in client.get(f"/me/calendar/{waiting.user.calendar_token}.ics").content
    )
    assert (
        b"meet.example.org"
        in client.get(f"/me/calendar/{confirmed.user.calendar_token}.ics").content
    )
