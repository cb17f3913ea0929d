"""A draft or a scheduled article is invisible to visitors everywhere: list, page, feeds,
sitemap, search, and the network, project and event pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from companies.models import OrganisationMembership
from news.models import Article
from tests.factories import (
    ArticleFactory,
    EventFactory,
    NetworkFactory,
    OrganisationMembershipFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return NetworkFactory(slug="skaraborg")


@pytest.fixture
def articles(network):
    common = {"networks": [network]}
    return {
        "published": ArticleFactory(title="Visible circularity news", slug="visible", **common),
        "draft": ArticleFactory(
            title="Hidden draft circularity", slug="draft", status=Article.Status.DRAFT, **common
        ),
        "scheduled": ArticleFactory(
            title="Hidden scheduled circularity",
            slug="scheduled",
            publish_at=timezone.now() + datetime.timedelta(days=1),
            **common,
        ),
    }


def test_the_list_shows_only_published_articles(client, articles):
    response = client.get(reverse("news:list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Visible circularity news" in content
    assert "Hidden" not in content


@pytest.mark.parametrize("slug", ["draft", "scheduled"])
def test_a_draft_or_scheduled_article_page_is_404_for_visitors(client, articles, slug):
    assert client.get(reverse("news:detail", args=[slug])).status_code == 404
    assert client.get(reverse("news:detail", args=["visible"])).status_code == 200


def test_a_scheduled_article_appears_when_its_time_comes(client, articles):
    articles["scheduled"].publish_at = timezone.now() - datetime.timedelta(seconds=1)
    articles["scheduled"].save()
    assert client.get(reverse("news:detail", args=["scheduled"])).status_code == 200


def test_staff_preview_their_own_draft_but_not_another_organisations(client, articles):
    own = UserFactory()
    OrganisationMembershipFactory(
        user=own,
        organisation=articles["draft"].organisation,
        role=OrganisationMembership.Role.STAFF,
    )
    client.force_login(own)
    response = client.get(reverse("news:detail", args=["draft"]))
    assert response.status_code == 200
    assert b'name="robots" content="noindex"' in response.content
    client.force_login(UserFactory())
    assert client.get(reverse("news:detail", args=["draft"])).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        reverse("news:feed_rss"),
        reverse("news:feed_atom"),
        reverse("news:network_feed_rss", args=["skaraborg"]),
        reverse("news:network_feed_atom", args=["skaraborg"]),
    ],
)
def test_feeds_leave_out_drafts_and_scheduled_articles(client, articles, url):
    content = client.get(url).content.decode()
    assert "Visible circularity news" in content
    assert "Hidden" not in content


def test_organisation_feed_leaves_out_drafts(client, articles):
    organisation = articles["draft"].organisation
    content = client.get(
        reverse("news:organisation_feed_rss", args=[organisation.slug])
    ).content.decode()
    assert "Hidden" not in content


def test_sitemap_lists_published_articles_only(client, articles):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    content = response.content.decode()
    assert "/news/visible/" in content
    assert "/news/draft/" not in content
    assert "/news/scheduled/" not in content


def test_search_finds_published_articles_only(client, articles):
    content = client.get(reverse("search:search"), {"q": "circularity"}).content.decode()
    assert "Visible circularity news" in content
    assert "Hidden" not in content


def test_network_project_and_event_pages_show_published_articles_only(client):
    network, project, event = NetworkFactory(), ProjectFactory(), EventFactory()
    links = {"networks": [network], "projects": [project], "events": [event]}
    ArticleFactory(title="Visible linked news", **links)
    ArticleFactory(title="Hidden linked draft", status=Article.Status.DRAFT, **links)
    for obj in (network, project, event):
        content = client.get(obj.get_absolute_url()).content.decode()
        assert "Visible linked news" in content, obj
        assert "Hidden" not in content, obj


def test_home_shows_the_latest_published_articles(client, articles):
    content = client.get(reverse("home")).content.decode()
    assert "Visible circularity news" in content
    assert "Hidden" not in content
