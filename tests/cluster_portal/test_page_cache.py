import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cluster_portal.page_cache import CSRF_PLACEHOLDER, bump_content_version
from events.models import Event
from tests.factories import TEST_PASSWORD, EventFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    # A fresh content version: nothing cached by an earlier test (or run) can be served.
    bump_content_version()


def test_anonymous_page_is_served_from_the_cache_without_queries(client):
    EventFactory(title="Circular packaging workshop")
    first = client.get("/events/")
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/events/")
    assert second.status_code == 200
    assert second["X-Page-Cache"] == "hit"
    assert "Circular packaging workshop" in second.content.decode()
    assert len(queries) == 0


def test_saving_an_event_invalidates_cached_pages(client):
    event = EventFactory(title="Old title")
    assert "Old title" in client.get(event.get_absolute_url()).content.decode()
    assert "Old title" in client.get("/").content.decode()
    event.title = "New title"
    event.save()
    assert "New title" in client.get(event.get_absolute_url()).content.decode()
    assert "New title" in client.get("/").content.decode()


def test_deleting_an_event_invalidates_the_list(client):
    event = EventFactory(title="Soon gone")
    assert "Soon gone" in client.get("/events/").content.decode()
    event.hosts.clear()
    Event.objects.filter(pk=event.pk).delete()
    assert "Soon gone" not in client.get("/events/").content.decode()


def test_each_language_is_cached_separately(client):
    EventFactory()
    swedish = client.get("/events/")
    english = client.get("/en/events/")
    assert english["X-Page-Cache"] == "miss"
    assert '<html lang="sv">' in swedish.content.decode()
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="en">' in client.get("/en/events/").content.decode()
    assert '<html lang="sv">' in client.get("/events/").content.decode()


def test_logged_in_visitors_are_never_served_or_stored_in_the_cache(client):
    EventFactory()
    client.get("/events/")
    user = UserFactory()
    client.force_login(user)
    response = client.get("/events/")
    assert "X-Page-Cache" not in response
    assert 'action="/accounts/logout/"' in response.content.decode()
    client.logout()
    assert 'action="/accounts/logout/"' not in client.get("/events/").content.decode()


def test_a_page_with_pending_messages_is_not_served_from_the_cache(client):
    client.get("/")
    user = UserFactory()
    client.login(email=user.email, password=TEST_PASSWORD)
    client.post("/accounts/logout/")
    response = client.get("/")
    assert "X-Page-Cache" not in response


def test_cached_page_carries_the_visitors_own_csrf_token(client):
    client.get("/events/")
    visitor = type(client)(enforce_csrf_checks=True)
    response = visitor.get("/events/")
    assert response["X-Page-Cache"] == "hit"
    assert CSRF_PLACEHOLDER.decode() not in response.content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', response.content.decode())[1]
    switched = visitor.post(
        "/i18n/setlang/", {"language": "en", "next": "/events/"}, HTTP_X_CSRFTOKEN=token
    )
    assert switched.status_code == 302


def test_missing_pages_are_not_cached(client):
    assert client.get("/events/no-such-event/").status_code == 404
    assert "X-Page-Cache" not in client.get("/events/no-such-event/")
