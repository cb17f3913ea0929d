"""The one search rule (web/fulltext.py), on whichever database the tests run."""

import pytest

from events.models import Event
from networks.models import Network
from tests.factories import EventFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def test_a_word_finds_its_other_forms_in_either_language():
    NetworkFactory(name_sv="Cirkulära företag i Kronoberg", name_en="Circular companies")
    NetworkFactory(name_sv="Livsmedel i Skåne", name_en="Food in Skåne")
    for query in ("cirkulär", "circular", "Cirkulära företag"):
        assert list(Network.objects.search(query).values_list("name_sv", flat=True)) == [
            "Cirkulära företag i Kronoberg"
        ]


@pytest.mark.parametrize("query", ["östergötland", "Östergötland", "återbruk", "ÅTERBRUK"])
def test_a_word_starting_with_a_swedish_letter_is_found_in_any_case(query):
    NetworkFactory(name_sv="Återbruk i Östergötland", name_en="Reuse in Östergötland")
    NetworkFactory(name_sv="Livsmedel i Skåne", name_en="Food in Skåne")
    assert list(Network.objects.search(query).values_list("name_sv", flat=True)) == [
        "Återbruk i Östergötland"
    ]


def test_a_bulk_update_keeps_the_search_document_current():
    event = EventFactory(title_sv="Frukostmöte", title_en="Breakfast meeting")
    assert not Event.objects.search("livsvetenskap").exists()
    Event.objects.filter(pk=event.pk).update(description_sv="Om livsvetenskaper och vården.")
    assert list(Event.objects.search("livsvetenskap")) == [event]


@pytest.mark.parametrize("text", ["!!!", "  ", "'\"&|:*"])
def test_text_without_a_word_finds_nothing(client, text):
    EventFactory(title_sv="Frukostmöte", title_en="Breakfast meeting")
    assert not Event.objects.search(text).exists()
    assert client.get("/search/", {"q": text}).status_code == 200
