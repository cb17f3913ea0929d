"""/me/ for a long history: upcoming events first, past ones a page at a time by year."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import EventFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def register_for_past_events(user, count, *, first_start):
    """`count` past events a week apart, the newest starting at `first_start`."""
    for n in range(count):
        starts_at = first_start - datetime.timedelta(weeks=n)
        RegistrationFactory(
            user=user,
            attended=True,
            event=EventFactory(
                title=f"Past event {n:02d}",
                starts_at=starts_at,
                ends_at=starts_at + datetime.timedelta(hours=2),
            ),
        )


def test_past_events_come_a_page_at_a_time_newest_first_under_their_year(client):
    user = UserFactory()
    RegistrationFactory(user=user, event__title="Coming breakfast")
    # 25 weekly events up to 2025-01-15: the oldest ones fall in 2024.
    first = datetime.datetime(2025, 1, 15, 9, tzinfo=datetime.UTC)
    register_for_past_events(user, 25, first_start=first)
    client.force_login(user)

    first_page = client.get("/en/me/").content.decode()
    assert "Coming breakfast" in first_page
    assert "25 events attended or registered for" in first_page
    assert first_page.index("Past event 00") < first_page.index("Past event 19")
    assert "Past event 20" not in first_page
    assert "<h3>2025</h3>" in first_page
    assert "<h3>2024</h3>" in first_page
    assert first_page.index("<h3>2025</h3>") < first_page.index("<h3>2024</h3>")
    assert "?page=2" in first_page

    second_page = client.get("/en/me/", {"page": "2"}).content.decode()
    assert "Coming breakfast" in second_page
    for n in range(20, 25):
        assert f"Past event {n}" in second_page
    assert "Past event 19" not in second_page
    assert "<h3>2025</h3>" not in second_page


@pytest.mark.parametrize("page", ["abc", "0", "999", "-1"])
def test_a_page_number_that_does_not_exist_shows_a_page_of_the_history(client, page):
    user = UserFactory()
    register_for_past_events(user, 3, first_start=timezone.now() - datetime.timedelta(days=3))
    client.force_login(user)
    response = client.get("/en/me/", {"page": page})
    assert response.status_code == 200
    assert "Past event 00" in response.content.decode()


def queries_for_me_page(client, user) -> int:
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/me/").status_code == 200
    return len(queries)


def test_a_long_history_costs_the_same_queries_as_a_short_one(client):
    few, many = UserFactory(), UserFactory()
    start = timezone.now() - datetime.timedelta(days=2)
    register_for_past_events(few, 2, first_start=start)
    register_for_past_events(many, 45, first_start=start)
    for user in (few, many):
        RegistrationFactory(user=user, event__title="Coming breakfast")
    assert queries_for_me_page(client, many) == queries_for_me_page(client, few)
