"""Sharing and discovery (issue 17 §4): schema.org JSON-LD with the fields search engines read
for events (Google's Event rich result: name, startDate, location with an address,
eventStatus, eventAttendanceMode, organizer, offers) and for organisations, and Open Graph."""

import json
import re

import pytest

from events.models import Event
from tests.factories import EventFactory, ScienceParkFactory

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org/"


def json_ld(page: str) -> dict:
    [block] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    return json.loads(block)


def test_an_event_page_describes_the_event_for_search_engines(client, settings):
    settings.SITE_URL = "https://portal.example.org"
    park = ScienceParkFactory(name="STUNS")
    event = EventFactory(
        title="Life science </script> lunch",
        hosts=[park],
        venue_name="Uppsala Science Park",
        address="Dag Hammarskjölds väg 10",
        city="Uppsala",
        capacity=1,
    )
    page = client.get(f"/en/events/{event.slug}/").content.decode()
    data = json_ld(page)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Life science </script> lunch"
    assert data["startDate"] == event.starts_at.isoformat()
    assert data["endDate"] == event.ends_at.isoformat()
    assert data["eventStatus"] == SCHEMA + "EventScheduled"
    assert data["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["address"]["addressLocality"] == "Uppsala"
    assert data["location"]["address"]["addressCountry"] == "SE"
    assert data["organizer"] == [
        {"@type": "Organization", "name": "STUNS", "url": data["organizer"][0]["url"]}
    ]
    assert data["organizer"][0]["url"].startswith("https://portal.example.org/")
    assert data["offers"]["price"] == "0"
    assert data["offers"]["availability"] == SCHEMA + "InStock"
    assert data["url"] == f"https://portal.example.org/en/events/{event.slug}/"
    assert (
        f'<meta property="og:url" content="https://portal.example.org/en/events/{event.slug}/">'
        in page
    )
    assert '<meta property="og:title" content="Life science &lt;/script&gt; lunch">' in page


def test_an_online_cancelled_event_says_so_and_keeps_its_join_link_private(client):
    event = EventFactory(
        format=Event.Format.ONLINE,
        online_url="https://meet.example.org/secret",
        status=Event.Status.CANCELLED,
    )
    page = client.get(f"/en/events/{event.slug}/").content.decode()
    data = json_ld(page)
    assert data["eventStatus"] == SCHEMA + "EventCancelled"
    assert data["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    assert "meet.example.org" not in json.dumps(data)


def test_an_organisation_page_describes_the_organisation(client):
    park = ScienceParkFactory(name="STUNS", slug="stuns", website="https://stuns.se")
    data = json_ld(client.get("/en/organisations/stuns/").content.decode())
    assert data["@type"] == "Organization"
    assert data["name"] == "STUNS"
    assert data["sameAs"] == ["https://stuns.se"]
    assert park.get_absolute_url() in data["url"]


def test_the_sitemap_lists_both_languages_with_hreflang(client):
    event = EventFactory()
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"/events/{event.slug}/" in sitemap
    assert f"/en/events/{event.slug}/" in sitemap
    assert 'hreflang="en"' in sitemap
    assert 'hreflang="sv"' in sitemap
