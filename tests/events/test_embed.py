"""The embeddable event list (issue 17 §3): a light page other sites may frame, with a checked
colour and language, and a snippet builder for staff."""

import re

import pytest

from tests.factories import EventFactory, ScienceParkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stuns_events():
    stuns = ScienceParkFactory(name="STUNS", slug="stuns")
    EventFactory(title="STUNS life science lunch", hosts=[stuns])
    EventFactory(title="STUNS energy morning", hosts=[stuns])
    EventFactory(title="Someone else's seminar")
    return stuns


def test_the_embed_shows_the_organisations_events_and_may_be_framed_by_any_site(
    client, stuns_events
):
    response = client.get("/events/embed/", {"organisation": "stuns"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "STUNS life science lunch" in page
    assert "STUNS energy morning" in page
    assert "Someone else's seminar" not in page
    assert 'target="_blank"' in page
    assert "frame-ancestors *" in response["Content-Security-Policy"]
    assert "X-Frame-Options" not in response


def test_other_pages_still_refuse_to_be_framed(client):
    response = client.get("/events/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_a_colour_is_used_only_when_it_is_a_hex_colour(client, stuns_events):
    good = client.get("/events/embed/", {"colour": "A01B2C"}).content.decode()
    [sheet] = re.findall(r'href="(/events/embed/colour/[^"]+)"', good)
    css = client.get(sheet)
    assert css["Content-Type"].startswith("text/css")
    assert css.content.decode().strip() == ":root { --accent: #a01b2c; }"
    bad = client.get("/events/embed/", {"colour": "red;}body{display:none"})
    assert bad.status_code == 200
    assert "display:none" not in bad.content.decode()
    assert "/embed/colour/" not in bad.content.decode()
    assert client.get("/events/embed/colour/red;}x.css").status_code == 404


def test_the_language_parameter_chooses_swedish_or_english(client, stuns_events):
    english = client.get("/events/embed/", {"lang": "en"}).content.decode()
    assert '<html lang="en">' in english
    assert "All events at Cluster Portal" in english
    assert "/en/events/" in english
    swedish = client.get("/events/embed/", {"lang": "xx"}).content.decode()
    assert '<html lang="sv">' in swedish


def test_an_embed_with_a_filter_it_does_not_understand_is_not_found(client):
    assert client.get("/events/embed/", {"organisation": "no-such-park"}).status_code == 404


def test_only_staff_build_snippets(client, stuns_events):
    url = "/en/events/embed/builder/"
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(is_staff=True))
    response = client.get(url, {"organisation": "stuns", "lang": "en", "colour": "#a01b2c"})
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        "http://testserver/events/embed/?organisation=stuns&amp;lang=en&amp;colour=a01b2c" in page
    )
    assert "/static/js/embed.js" in page
    assert 'id="embed-preview"' in page


def test_staff_find_the_builder_from_the_event_list_with_its_filters(client, stuns_events):
    assert "/events/embed/builder/" not in client.get("/en/events/").content.decode()
    client.force_login(UserFactory(is_staff=True))
    page = client.get("/en/events/", {"organisation": "stuns"}).content.decode()
    assert 'href="/en/events/embed/builder/?organisation=stuns"' in page
