import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import Event, Registration
from tests.factories import (
    EventFactory,
    OrganisationMembershipFactory,
    RegistrationFactory,
    ScienceParkFactory,
    ThematicAreaFactory,
    UserFactory,
    county,
)

pytestmark = pytest.mark.django_db


def representative():
    membership = OrganisationMembershipFactory()
    return membership.user, membership.organisation


def titles(response):
    return [event.title for event in response.context["page_obj"]]


def test_event_list_shows_upcoming_published_events_only(client):
    EventFactory(title="Coming")
    EventFactory(title="Draft", status=Event.Status.DRAFT)
    past = timezone.now() - datetime.timedelta(days=3)
    EventFactory(title="Gone", starts_at=past, ends_at=past + datetime.timedelta(hours=1))
    response = client.get("/en/events/")
    assert response.status_code == 200
    assert titles(response) == ["Coming"]
    assert "1 result" in response.content.decode()


def test_event_filters_combine_and_keep_the_search_in_the_pagination_links(client):
    theme = ThematicAreaFactory(slug="circular")
    host = ScienceParkFactory()
    for number in range(25):
        event = EventFactory(title=f"Circular {number:02}", hosts=[host], kind=Event.Kind.SEMINAR)
        event.thematic_areas.add(theme)
    EventFactory(title="Circular but a workshop", hosts=[host])
    EventFactory(title="Circular in Skåne", county=county("M"), kind=Event.Kind.SEMINAR)
    response = client.get("/en/events/", {"q": "circular", "kind": "seminar", "county": "C"})
    assert response.context["listing"].count == 25
    assert "25 results" in response.content.decode()
    assert (
        'href="?q=circular&amp;kind=seminar&amp;county=C&amp;page=2"' in response.content.decode()
    )
    second = client.get(
        "/en/events/", {"q": "circular", "kind": "seminar", "county": "C", "page": 2}
    )
    assert titles(second) == [
        "Circular 20",
        "Circular 21",
        "Circular 22",
        "Circular 23",
        "Circular 24",
    ]
    themed = client.get("/en/events/", {"theme": "circular", "q": "23"})
    assert titles(themed) == ["Circular 23"]


def test_event_date_range_reaches_past_events(client):
    start = timezone.now() - datetime.timedelta(days=30)
    EventFactory(title="Last month", starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    EventFactory(title="Soon")
    day = timezone.localdate(start)
    response = client.get("/en/events/", {"starts_after": day, "starts_before": day})
    assert titles(response) == ["Last month"]


@pytest.mark.parametrize(
    "query",
    [
        "?county=ZZ&page=abc&starts_after=yesterday",
        "?page=999",
        "?page=-1&kind=party&format=%00",
        "?theme=nope&starts_before=2024-13-45",
        "?page=%C2%B2",
    ],
)
def test_malformed_event_queries_give_a_page_with_a_message(client, query):
    EventFactory(title="Still listed")
    response = client.get("/en/events/" + query)
    assert response.status_code == 200
    assert "could not be understood" in response.content.decode()
    assert titles(response) == ["Still listed"]


@pytest.mark.parametrize("rows", [5, 200])
def test_event_list_query_count_does_not_grow_with_rows(
    client, rows, django_assert_max_num_queries
):
    host = ScienceParkFactory()
    EventFactory.create_batch(rows, hosts=[host])
    with django_assert_max_num_queries(8):
        response = client.get("/en/events/", {"q": "workshop", "county": "C"})
    assert response.status_code == 200


def test_event_detail_shows_seats_left_and_full(client):
    event = EventFactory(capacity=2)
    RegistrationFactory(event=event)
    assert "1 seat left" in client.get(f"/en/events/{event.slug}/").content.decode()
    RegistrationFactory(event=event)
    assert (
        "Full – join the waiting list" in client.get(f"/en/events/{event.slug}/").content.decode()
    )


def test_draft_event_is_not_found(client):
    event = EventFactory(status=Event.Status.DRAFT)
    assert client.get(f"/en/events/{event.slug}/").status_code == 404


def test_event_detail_in_swedish_formats_dates_in_stockholm_time(client):
    start = datetime.datetime(2030, 3, 5, 8, 0, tzinfo=datetime.UTC)
    event = EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2))
    page = client.get(f"/events/{event.slug}/").content.decode()
    assert "09:00" in page  # 08:00 UTC is 09:00 in Stockholm in March


def test_register_requires_login(client):
    event = EventFactory()
    response = client.post(reverse("events:register", args=[event.slug]))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_register_confirms_then_waitlists_when_full(client):
    event = EventFactory(capacity=1)
    user, company = representative()
    client.force_login(user)
    response = client.post(
        f"/en/events/{event.slug}/register/", {"organisation": company.pk}, follow=True
    )
    assert "You are registered" in response.content.decode()
    registration = Registration.objects.get(user=user)
    assert (registration.status, registration.organisation) == ("confirmed", company)

    other, other_company = representative()
    client.force_login(other)
    response = client.post(
        f"/en/events/{event.slug}/register/", {"organisation": other_company.pk}, follow=True
    )
    assert "number 1 on the waiting list" in response.content.decode()
    assert "You are number 1 on the waiting list." in response.content.decode()


def test_register_twice_is_refused_with_a_message(client):
    event = EventFactory()
    user, company = representative()
    client.force_login(user)
    client.post(f"/en/events/{event.slug}/register/", {"organisation": company.pk})
    response = client.post(
        f"/en/events/{event.slug}/register/", {"organisation": company.pk}, follow=True
    )
    assert "already registered" in response.content.decode()
    assert Registration.objects.filter(user=user).count() == 1


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": Event.Status.CANCELLED}, "has been cancelled"),
        (
            {"registration_opens_at": timezone.now() + datetime.timedelta(days=2)},
            "Registration opens",
        ),
        (
            {"registration_closes_at": timezone.now() - datetime.timedelta(days=1)},
            "Registration closed",
        ),
    ],
)
def test_register_outside_the_window_is_refused(client, fields, message):
    event = EventFactory(**fields)
    user, company = representative()
    client.force_login(user)
    response = client.post(
        f"/en/events/{event.slug}/register/", {"organisation": company.pk}, follow=True
    )
    assert message in response.content.decode()
    assert not Registration.objects.exists()


def test_register_for_a_past_event_is_refused(client):
    start = timezone.now() - datetime.timedelta(days=2)
    event = EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=1))
    user, company = representative()
    client.force_login(user)
    response = client.post(
        f"/en/events/{event.slug}/register/", {"organisation": company.pk}, follow=True
    )
    assert "already taken place" in response.content.decode()


def test_register_for_someone_elses_company_is_not_found(client):
    event = EventFactory()
    user, _company = representative()
    _other, other_company = representative()
    client.force_login(user)
    response = client.post(f"/en/events/{event.slug}/register/", {"organisation": other_company.pk})
    assert response.status_code == 404
    bad = client.post(f"/en/events/{event.slug}/register/", {"organisation": "x1"})
    assert bad.status_code == 404
    assert not Registration.objects.exists()


def test_private_person_registers_only_where_allowed(client):
    user = UserFactory()
    client.force_login(user)
    closed = EventFactory()
    response = client.post(f"/en/events/{closed.slug}/register/", {"organisation": ""}, follow=True)
    assert "Choose the organisation you represent" in response.content.decode()
    open_event = EventFactory(allows_private_persons=True)
    client.post(f"/en/events/{open_event.slug}/register/", {"organisation": ""})
    assert Registration.objects.get(user=user).organisation is None


def test_cancel_promotes_the_first_on_the_waiting_list(client):
    event = EventFactory(capacity=1)
    first = RegistrationFactory(event=event)
    waiting = RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    client.force_login(first.user)
    response = client.post(f"/en/events/{event.slug}/cancel/", follow=True)
    assert "is cancelled" in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_cancel_without_registration_is_not_found(client):
    event = EventFactory()
    client.force_login(UserFactory())
    assert client.post(f"/en/events/{event.slug}/cancel/").status_code == 404


def test_event_calendar_file_is_valid_icalendar(client):
    event = EventFactory(title="Workshop on circular design")
    response = client.get(f"/events/{event.slug}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    (entry,) = calendar.walk("VEVENT")
    assert str(entry["SUMMARY"]) == "Workshop on circular design"
    assert entry.decoded("DTSTART") == event.starts_at.replace(microsecond=0)
    assert "Uppsala" in str(entry["LOCATION"])


def test_event_list_marks_full_events(client):
    full = EventFactory(title="Packed", capacity=1)
    RegistrationFactory(event=full)
    RegistrationFactory(event=full, status=Registration.Status.CANCELLED)
    EventFactory(title="Roomy", capacity=5)
    page = client.get("/en/events/").content.decode()
    assert page.count("Full – waiting list") == 1
    assert page.index("Full – waiting list") > page.index("Packed")


def test_event_list_marks_full_events_on_a_later_page_in_date_order(client, monkeypatch):
    from web import listing

    monkeypatch.setattr(listing, "PER_PAGE", 2)
    soon = timezone.now() + datetime.timedelta(days=1)
    for n, title in enumerate(["First", "Second", "Third", "Packed", "Fifth"]):
        EventFactory(title=title, capacity=1, starts_at=soon + datetime.timedelta(days=n))
    RegistrationFactory(event=Event.objects.get(title="Packed"))
    response = client.get("/en/events/?page=2")
    assert titles(response) == ["Third", "Packed"]
    page = response.content.decode()
    assert page.count("Full – waiting list") == 1
    assert page.index("Full – waiting list") > page.index("Packed")


def test_event_detail_query_count_does_not_grow_with_programme(
    client, django_assert_max_num_queries, django_assert_num_queries
):
    from events.models import ProgrammeItem, Speaker

    event = EventFactory(hosts=ScienceParkFactory.create_batch(3))

    def add_programme(start):
        ProgrammeItem.objects.bulk_create(
            [
                ProgrammeItem(event=event, title=f"Item {n}", order=n)
                for n in range(start, start + 30)
            ]
        )
        Speaker.objects.bulk_create(
            [Speaker(event=event, name=f"Speaker {n}") for n in range(start, start + 10)]
        )

    add_programme(0)
    user, _company = representative()
    client.force_login(user)
    # The event with its hosts, programme, speakers and projects; the session and the person;
    # their registration, companies and whether they administer one; the questions; whether
    # they coordinate; the event's reports, articles and documents.
    with django_assert_max_num_queries(15) as thirty:
        response = client.get(f"/en/events/{event.slug}/")
    assert "Item 29" in response.content.decode()
    add_programme(30)
    with django_assert_num_queries(len(thirty.captured_queries)):
        response = client.get(f"/en/events/{event.slug}/")
    assert "Item 59" in response.content.decode()


def test_valid_filters_still_apply_beside_a_malformed_one(client):
    EventFactory(title="Biogas breakfast")
    EventFactory(title="Solar seminar")
    response = client.get("/en/events/", {"q": "biogas", "county": "ZZ", "page": "x"})
    assert titles(response) == ["Biogas breakfast"]
    page = response.content.decode()
    assert "County: Select a valid choice" in page
    assert "“x” is not a page number" in page


def test_event_list_offers_a_bounded_number_of_pages(client, monkeypatch):
    import functools

    from web import listing
    from web.pagination import BoundedPaginator

    monkeypatch.setattr(listing, "PER_PAGE", 2)
    monkeypatch.setattr(
        listing, "BoundedPaginator", functools.partial(BoundedPaginator, max_pages=2)
    )
    EventFactory.create_batch(6)
    response = client.get("/en/events/?page=3")
    assert response.status_code == 200
    assert response.context["listing"].page_obj.number == 2
    assert "Only the first 2 pages are shown" in response.content.decode()
