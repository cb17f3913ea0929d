"""A text missing in the visitor's language shows in the other one, marked with its `lang`."""

import pytest
from django.utils import translation

from events.models import Event
from tests.factories import EventFactory, NetworkFactory
from web.translated_fields import written_language

pytestmark = pytest.mark.django_db


def test_swedish_page_shows_the_english_title_marked_english_when_there_is_no_swedish(client):
    event = EventFactory(
        title_sv="", title_en="Circular design clinic", status=Event.Status.PUBLISHED
    )
    page = client.get(f"/events/{event.slug}/").content.decode()
    assert '<h1 lang="en">Circular design clinic</h1>' in page


def test_each_language_shows_its_own_text_unmarked(client):
    event = EventFactory(
        title_sv="Klinik i cirkulär design",
        title_en="Circular design clinic",
        status=Event.Status.PUBLISHED,
    )
    assert (
        "<h1>Klinik i cirkulär design</h1>" in client.get(f"/events/{event.slug}/").content.decode()
    )
    english = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "<h1>Circular design clinic</h1>" in english


def test_english_page_marks_a_swedish_description_swedish(client):
    network = NetworkFactory(
        name_sv="Cirkulära nätverket",
        name_en="The circular network",
        description_sv="Vi träffas varje månad.",
        description_en="",
    )
    page = client.get(f"/en/networks/{network.slug}/").content.decode()
    assert "<h1>The circular network</h1>" in page
    assert '<div class="prose" lang="sv"><p>Vi träffas varje månad.</p></div>' in page


def test_the_field_reads_the_active_language_and_falls_back_to_the_other():
    network = NetworkFactory(name_sv="Nätverket", name_en="")
    with translation.override("en"):
        assert network.name == "Nätverket"
    network.name_en = "The network"
    with translation.override("en"):
        assert network.name == "The network"
    with translation.override("sv"):
        assert network.name == "Nätverket"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Companies in food meet to share challenges.", "en"),
        ("Företag inom livsmedel möts för att dela utmaningar.", "sv"),
        ("Workshop on circularity in Skövde", "en"),
        ("Innovationsboost", "sv"),
    ],
)
def test_existing_texts_move_to_the_language_they_are_written_in(text, language):
    assert written_language(text) == language


def test_the_swedish_search_page_marks_a_result_shown_in_english(client):
    event = EventFactory(
        title_sv="", title_en="Circular design clinic", status=Event.Status.PUBLISHED
    )
    page = client.get("/search/", {"q": "circular"}).content.decode()
    assert f'<a href="{event.get_absolute_url()}" lang="en">Circular design clinic</a>' in page
