"""The feeds are well-formed XML holding the right articles, newest first."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ArticleFactory, NetworkFactory, ScienceParkFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def setup():
    park, other_park = ScienceParkFactory(slug="skovde"), ScienceParkFactory(slug="kalmar")
    network = NetworkFactory(slug="skaraborg", hosts=[park])
    now = timezone.now()
    ArticleFactory(
        title="Opening workshop & gallery",
        organisation=park,
        networks=[network],
        publish_at=now - datetime.timedelta(days=2),
    )
    ArticleFactory(
        title="Follow-up <meeting>", organisation=park, publish_at=now - datetime.timedelta(days=1)
    )
    ArticleFactory(
        title="South-east collaboration",
        organisation=other_park,
        publish_at=now - datetime.timedelta(days=3),
    )


def rss_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert root.tag == "rss"
    return [item.findtext("title") for item in root.iter("item")]


def atom_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


def test_site_feed_lists_every_published_article_newest_first(client, setup):
    expected = ["Follow-up <meeting>", "Opening workshop & gallery", "South-east collaboration"]
    assert rss_titles(client, reverse("news:feed_rss")) == expected
    assert atom_titles(client, reverse("news:feed_atom")) == expected


def test_network_feed_lists_only_the_networks_articles(client, setup):
    assert rss_titles(client, reverse("news:network_feed_rss", args=["skaraborg"])) == [
        "Opening workshop & gallery"
    ]
    assert atom_titles(client, reverse("news:network_feed_atom", args=["skaraborg"])) == [
        "Opening workshop & gallery"
    ]


def test_organisation_feed_lists_only_the_organisations_articles(client, setup):
    assert rss_titles(client, reverse("news:organisation_feed_rss", args=["kalmar"])) == [
        "South-east collaboration"
    ]
    assert atom_titles(client, reverse("news:organisation_feed_atom", args=["skovde"])) == [
        "Follow-up <meeting>",
        "Opening workshop & gallery",
    ]


def test_feed_items_link_to_the_article_pages(client, setup):
    root = ET.fromstring(client.get(reverse("news:feed_rss")).content)
    links = [item.findtext("link") for item in root.iter("item")]
    assert all(link.startswith("http://testserver/news/") for link in links)
    for link in links:
        assert client.get(link.removeprefix("http://testserver")).status_code == 200


@pytest.mark.parametrize("name", ["network_feed_rss", "organisation_feed_atom"])
def test_feed_of_an_unknown_slug_is_404(client, setup, name):
    assert client.get(reverse(f"news:{name}", args=["no-such-thing"])).status_code == 404
