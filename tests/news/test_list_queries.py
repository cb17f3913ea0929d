"""List pages run a fixed number of queries however many articles there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.models import Article
from tests.factories import (
    ArticleFactory,
    DocumentFactory,
    EventFactory,
    EventReportFactory,
    NetworkFactory,
    PhotoFactory,
    ProjectFactory,
    ThematicAreaFactory,
)

pytestmark = pytest.mark.django_db

LIST_QUERIES = 9  # session-less visitor: articles, count, themes, and the five filter choices
RELATED_PAGE_QUERIES = 16  # the page's own queries plus at most five for the news part


def make_articles(count, **links):
    themes = [ThematicAreaFactory(), ThematicAreaFactory()]
    for _ in range(count):
        ArticleFactory(thematic_areas=themes, **links)


def count_queries(client, url, **params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("rows", [5, 100])
def test_news_list_queries_are_bounded(client, rows, django_assert_max_num_queries):
    network = NetworkFactory()
    make_articles(rows, networks=[network])
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("news:list"))
    assert len(response.context["page_obj"]) == min(rows, 12)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("news:list"), {"network": network.slug, "page": 2})
    assert response.status_code == 200


def test_news_list_query_count_does_not_grow_with_rows(client):
    make_articles(5)
    few = count_queries(client, reverse("news:list"))
    make_articles(95)
    assert count_queries(client, reverse("news:list")) == few


@pytest.mark.parametrize("rows", [5, 100])
def test_filters_narrow_the_list(client, rows):
    network, other = NetworkFactory(), NetworkFactory()
    make_articles(rows, networks=[network])
    ArticleFactory(title="Only in the other network", networks=[other])
    response = client.get(reverse("news:list"), {"network": other.slug})
    assert [a.title for a in response.context["page_obj"]] == ["Only in the other network"]
    response = client.get(reverse("news:list"), {"network": "no-such-network", "page": "x"})
    assert response.status_code == 200


def test_related_news_query_count_does_not_grow_with_rows(client):
    """Network, project and event pages with 5 and with 100 articles, photos and documents."""
    network, project, event = NetworkFactory(), ProjectFactory(), EventFactory()
    report = EventReportFactory(event=event)

    def add(rows):
        make_articles(rows, networks=[network], projects=[project], events=[event])
        for _ in range(rows // 5):
            PhotoFactory(report=report)
            DocumentFactory(report=report)
            DocumentFactory().events.add(event)

    add(5)
    few = {obj: count_queries(client, obj.get_absolute_url()) for obj in (network, project, event)}
    add(95)
    many = {obj: count_queries(client, obj.get_absolute_url()) for obj in (network, project, event)}
    assert many == few
    assert max(many.values()) <= RELATED_PAGE_QUERIES
    assert Article.objects.count() == 100


@pytest.mark.parametrize("rows", [5, 100])
def test_article_page_queries_are_bounded(client, rows, django_assert_max_num_queries):
    event = EventFactory()
    report = EventReportFactory(event=event)
    for _ in range(rows // 5):
        PhotoFactory(report=report)
    article = ArticleFactory(events=[event], networks=[NetworkFactory()])
    with django_assert_max_num_queries(8):
        response = client.get(article.get_absolute_url())
    assert response.content.decode().count('class="gallery"') == 1
