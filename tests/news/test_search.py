"""One search box over articles, events, networks, projects and organisations."""

import pytest
from django.urls import reverse

from events.models import Event
from news.models import Article
from tests.conftest import requires_postgres
from tests.factories import (
    ArticleFactory,
    EventFactory,
    NetworkFactory,
    OrganisationFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


def search(client, q):
    response = client.get(reverse("search:search"), {"q": q})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def content():
    ArticleFactory(
        title="Nätverket för cirkularitet har startat",
        summary="Företagen kartlade sitt hållbarhetsarbete under workshopen i Skövde.",
        body="<p>Ett uppföljande möte hålls efter sommaren.</p>",
        language="sv",
    )
    ArticleFactory(
        title="Stockholm becomes a Regional Innovation Valley",
        summary="The region seeks partners for life science.",
        language="en",
    )
    ArticleFactory(title="Hemligt utkast om nätverket", status=Article.Status.DRAFT)
    EventFactory(title="Opening workshop in Skövde", description="Circularity for industry.")
    EventFactory(title="Draft circularity meeting", status=Event.Status.DRAFT)
    NetworkFactory(name="Industry network for circularity", description="Ett nätverk i Skaraborg.")
    NetworkFactory(name="Archived circularity network", is_archived=True)
    ProjectFactory(name="Innovationsboost", description="Innovation i Skaraborg.")
    OrganisationFactory(name="Circular Parts AB", is_listed=True)
    OrganisationFactory(name="Unlisted circularity AB", is_listed=False)


def test_search_covers_all_five_kinds_and_hides_what_visitors_may_not_see(client, content):
    page = search(client, "circularity")
    assert "Opening workshop in Skövde" in page
    assert "Industry network for circularity" in page
    assert "Draft circularity meeting" not in page
    assert "Archived circularity network" not in page
    assert "Unlisted circularity AB" not in page
    assert "Innovationsboost" in search(client, "Skaraborg")
    assert "Circular Parts AB" in search(client, "Circular Parts")


def test_search_without_words_or_with_odd_input_answers(client, content):
    assert "Nothing found" not in search(client, "")
    for odd in ['"', "-", "'&|!:*()", "a" * 5000, "\x00", "nätverk OR", "_", "a_b 12", "ÅÄÖ:*"]:
        search(client, odd)


@requires_postgres
@pytest.mark.parametrize(
    ("query", "finds"),
    [
        ("nätverk", "Nätverket för cirkularitet har startat"),  # "nätverket" in the title
        ("nätverket", "Industry network for circularity"),  # its description says "nätverk"
        ("workshop", "Nätverket för cirkularitet har startat"),  # "workshopen" in the summary
        ("workshopen", "Opening workshop in Skövde"),  # Swedish inflection finds English row
        ("mötet", "Nätverket för cirkularitet har startat"),  # "möte" in the text
        ("företag", "Nätverket för cirkularitet har startat"),  # "Företagen" in the summary
        ("valleys", "Stockholm becomes a Regional Innovation Valley"),  # English stemming
    ],
)
def test_full_text_search_finds_inflected_forms(client, content, query, finds):
    assert finds in search(client, query)


@requires_postgres
def test_full_text_search_never_shows_drafts_nor_unrelated_rows(client, content):
    page = search(client, "nätverket")
    assert "Hemligt utkast" not in page
    assert "Regional Innovation Valley" not in page
    assert "Innovationsboost" not in page


def test_search_page_queries_are_bounded(client, content, django_assert_max_num_queries):
    for index in range(30):
        ArticleFactory(title=f"Circularity news {index}")
        OrganisationFactory(name=f"Circularity company {index}")
    with django_assert_max_num_queries(8):
        search(client, "circularity")
