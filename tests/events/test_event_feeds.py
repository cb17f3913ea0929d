"""Calendar feeds for any event list filter (issue 17 §2): the link on the page subscribes to
the same events the page shows, and organisation, network and project pages offer theirs."""

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from icalendar import Calendar

from events.models import Event
from projects.models import Project
from tests.factories import (
    EventFactory,
    NetworkFactory,
    OrganisationFactory,
    ProjectFactory,
    ScienceParkFactory,
    ThematicAreaFactory,
)

pytestmark = pytest.mark.django_db


def feed_link(page: bytes) -> str:
    """The plain .ics address the page offers, as a visitor would copy it."""
    [href] = re.findall(r'<a href="(http://testserver/[^"]*calendar\.ics[^"]*)"', page.decode())
    return html.unescape(href)


def titles_in_feed(client, url: str) -> set[str]:
    parts = urlsplit(url)
    response = client.get(parts.path, parse_qs(parts.query))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return {str(entry["summary"]) for entry in Calendar.from_ical(response.content).walk("VEVENT")}


def titles_on_page(page: bytes) -> set[str]:
    return set(re.findall(r"<h3[^>]*>\s*<a [^>]*>([^<]+)</a>", page.decode()))


def test_a_feed_copied_from_a_theme_list_has_the_pages_events(client):
    energy = ThematicAreaFactory(name="Energy", slug="energy")
    other = ThematicAreaFactory(name="Food", slug="food")
    for n in range(3):
        EventFactory(title=f"Energy meetup {n}").thematic_areas.add(energy)
    EventFactory(title="Food fair").thematic_areas.add(other)
    EventFactory(title="Energy draft", status=Event.Status.DRAFT).thematic_areas.add(energy)

    page = client.get("/en/events/", {"theme": "energy"})
    assert page.status_code == 200
    url = feed_link(page.content)
    assert "theme=energy" in url

    expected = {"Energy meetup 0", "Energy meetup 1", "Energy meetup 2"}
    assert titles_on_page(page.content) == expected
    assert titles_in_feed(client, url) == expected


def test_the_list_offers_webcal_google_and_outlook_subscriptions(client):
    page = client.get("/en/events/", {"county": "C", "page": "1"}).content.decode()
    assert 'href="webcal://testserver/en/events/calendar.ics?county=C"' in page
    assert "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftestserver" in page
    assert "https://outlook.live.com/calendar/0/addfromweb?url=http%3A%2F%2Ftestserver" in page
    assert "page=1" not in page.split("calendar.ics", 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("kind", ["organisation", "network", "project"])
def test_organisation_network_and_project_pages_offer_their_feed(client, kind):
    park = ScienceParkFactory(name="STUNS", slug="stuns")
    network = NetworkFactory(slug="packaging", hosts=[park])
    project = ProjectFactory(slug="smart-growth", owner=park)
    theirs = EventFactory(title="Theirs", hosts=[park], projects=[project])
    theirs.network = network
    theirs.save()
    EventFactory(title="Someone else's")
    page_url = {
        "organisation": "/en/organisations/stuns/",
        "network": "/en/networks/packaging/",
        "project": "/en/projects/smart-growth/",
    }[kind]

    page = client.get(page_url)
    assert page.status_code == 200
    url = feed_link(page.content)
    assert titles_in_feed(client, url) == {"Theirs"}
    assert "Add to Google Calendar" in page.content.decode()


def test_an_unlisted_company_page_offers_no_feed_and_its_feed_does_not_exist(client):
    hidden = OrganisationFactory(slug="quiet-ab", is_listed=False)
    EventFactory(title="Hosted quietly", hosts=[hidden])
    assert client.get("/en/events/calendar.ics", {"organisation": "quiet-ab"}).status_code == 404


def test_a_draft_projects_feed_does_not_exist(client):
    ProjectFactory(slug="secret", status=Project.Status.DRAFT)
    assert client.get("/events/calendar.ics", {"project": "secret"}).status_code == 404


@pytest.mark.parametrize(
    "query",
    [{"county": "ZZ"}, {"theme": "nope"}, {"network": "a\x00b"}, {"starts_after": "yesterday"}],
)
def test_a_feed_with_a_filter_it_does_not_understand_is_not_found(client, query):
    assert client.get("/events/calendar.ics", query).status_code == 404


def test_the_feed_has_caching_headers(client):
    EventFactory()
    response = client.get("/events/calendar.ics", {"county": "C"})
    assert response["ETag"]
    assert response["Last-Modified"]
    assert "max-age=900" in response["Cache-Control"]
    again = client.get("/events/calendar.ics", {"county": "C"}, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
