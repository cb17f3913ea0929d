"""The demo data speaks both languages, and a Swedish visitor finds its networks and events
with Swedish words (issue #14): on SQLite, and on PostgreSQL when DATABASE_URL names one."""

import pytest
from django.core.management import call_command
from django.test import override_settings
from modeltranslation.translator import translator

from events.models import Event
from networks.models import Network
from tests.shared_world import kept_for_the_module

pytestmark = pytest.mark.django_db

EMS = "sustainability-network-for-life-science-smes-in-east-middle-sweden"
SKARABORG = "industry-network-for-sustainability-and-circularity-skaraborg"
SKARABORG_EVENTS = {
    "opening-workshop-skaraborg-sustainability-network",
    "follow-up-meeting-skaraborg-sustainability-network",
}
EMS_EVENTS = {
    "workshop-todays-achievements-tomorrows-visions",
    "workshop-sustainable-skills-supply",
}

# word: (networks it finds, events it finds, networks it must not find)
FINDS = {
    "hållbarhet": ({EMS, SKARABORG}, SKARABORG_EVENTS | EMS_EVENTS, set()),
    "cirkulär": ({SKARABORG}, SKARABORG_EVENTS, {EMS}),
    "cirkularitet": ({SKARABORG}, SKARABORG_EVENTS, {EMS}),
    "livsvetenskap": ({EMS}, EMS_EVENTS, {SKARABORG}),
}


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker), override_settings(DEBUG=True):
        call_command("seed_demo")
        yield


def test_every_seed_text_is_written_in_swedish_and_english():
    missing = []
    for model in translator.get_registered_models(abstract=False):
        for field in translator.get_options_for_model(model).fields:
            for row in model.objects.values("pk", f"{field}_sv", f"{field}_en"):
                if bool(row[f"{field}_sv"]) != bool(row[f"{field}_en"]):
                    missing.append(f"{model.__name__} {row['pk']} {field}")
    assert missing == []
    assert Network.objects.filter(name_sv__startswith="Industrinätverk för hållbarhet").exists()


@pytest.mark.parametrize("word", FINDS)
def test_swedish_words_find_the_networks_and_their_events(word):
    networks, events, not_networks = FINDS[word]
    found_networks = set(Network.objects.search(word).values_list("slug", flat=True))
    found_events = set(Event.objects.search(word).values_list("slug", flat=True))
    assert networks <= found_networks
    assert not not_networks & found_networks
    assert events <= found_events


@pytest.mark.parametrize("word", FINDS)
def test_the_site_search_the_list_filter_and_the_api_find_the_same_networks(client, word):
    networks, _events, not_networks = FINDS[word]
    names = {slug: Network.objects.get(slug=slug).name_sv for slug in networks | not_networks}

    page = client.get("/search/", {"q": word}).content.decode()
    listing = client.get("/networks/", {"q": word}).content.decode()
    api = {row["slug"] for row in client.get("/api/v1/networks/", {"q": word}).json()["results"]}

    for slug in networks:
        assert names[slug] in page
        assert names[slug] in listing
        assert slug in api
    for slug in not_networks:
        assert names[slug] not in listing
        assert slug not in api


def test_the_site_search_finds_the_skaraborg_events_in_swedish(client):
    page = client.get("/search/", {"q": "cirkulär"}).content.decode()
    for slug in SKARABORG_EVENTS:
        assert Event.objects.get(slug=slug).title_sv in page


def test_swedish_pages_show_swedish_theme_names_and_english_pages_english_ones(client):
    swedish = client.get(f"/networks/{SKARABORG}/").content.decode()
    english = client.get(f"/en/networks/{SKARABORG}/").content.decode()
    assert "Hållbarhet" in swedish
    assert "Industrinätverk för hållbarhet och cirkularitet" in swedish
    assert "Sustainability" in english
    assert "Industry network for sustainability and circularity" in english
