"""What a cached page shows is invalidated by every model it shows, and a registration
invalidates only its event's page (issue 13 §7)."""

import pytest
from django.test import Client

from events.models import Registration
from tests.factories import (
    ArticleFactory,
    DocumentFactory,
    EventFactory,
    OrganisationMembershipFactory,
)
from web.page_cache import bump_content_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    bump_content_version()


def cached(client, path):
    client.get(path)
    response = client.get(path)
    assert response["X-Page-Cache"] == "hit"
    return response


def register(event, membership):
    """Someone else registers, in their own browser."""
    browser = Client()
    browser.force_login(membership.user)
    response = browser.post(
        f"/en/events/{event.slug}/register/", {"organisation": membership.organisation.pk}
    )
    assert response.status_code == 302
    return browser


def test_publishing_an_article_shows_it_on_the_cached_home_page(client):
    cached(client, "/en/")
    ArticleFactory(title="Cellvia opens a new lab")
    response = client.get("/en/")
    assert response["X-Page-Cache"] == "miss"
    assert "Cellvia opens a new lab" in response.content.decode()


def test_a_document_attached_to_an_event_shows_on_its_cached_page(client):
    event = EventFactory()
    cached(client, event.get_absolute_url())
    document = DocumentFactory(title="Slides from the morning session")
    document.events.add(event)
    assert (
        "Slides from the morning session" in client.get(event.get_absolute_url()).content.decode()
    )


def test_a_registration_refreshes_its_event_page_and_leaves_the_rest_cached(client):
    busy, quiet = EventFactory(capacity=20), EventFactory(capacity=20)
    membership = OrganisationMembershipFactory()  # a new organisation is news to every page
    pages = ["/en/", "/en/events/", quiet.get_absolute_url(), "/en/networks/"]
    for path in [*pages, busy.get_absolute_url()]:
        cached(client, path)
    register(busy, membership)
    assert Registration.objects.filter(event=busy).count() == 1
    response = client.get(busy.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "19 seats left" in response.content.decode()
    for path in pages:
        assert client.get(path)["X-Page-Cache"] == "hit", path


def test_filling_an_event_and_freeing_its_last_seat_show_on_every_list(client):
    event = EventFactory(capacity=2)
    first, second = OrganisationMembershipFactory(), OrganisationMembershipFactory()
    first_browser = register(event, first)
    assert "Full – waiting list" not in cached(client, "/en/events/").content.decode()
    register(event, second)
    response = client.get("/en/events/")
    assert response["X-Page-Cache"] == "miss"
    assert "Full – waiting list" in response.content.decode()

    # The first person cancels: a seat is free again, on every list.
    cached(client, "/en/events/")
    assert first_browser.post(f"/en/events/{event.slug}/cancel/").status_code == 302
    response = client.get("/en/events/")
    assert response["X-Page-Cache"] == "miss"
    assert "Full – waiting list" not in response.content.decode()
