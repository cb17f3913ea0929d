import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage import default_storage
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import _does_token_match
from django.template import engines
from django.test.utils import CaptureQueriesContext

from events.models import Event
from tests.factories import TEST_PASSWORD, EventFactory, UserFactory
from web.page_cache import CSRF_PLACEHOLDER, bump_content_version, cache_public_page

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


def test_an_anonymous_visitor_gets_the_cached_page_without_a_cookie(client):
    client.get("/events/")
    visitor = type(client)(enforce_csrf_checks=True)
    response = visitor.get("/events/")
    assert response["X-Page-Cache"] == "hit"
    assert not response.cookies
    assert "csrfmiddlewaretoken" not in response.content.decode()


def test_a_cached_form_carries_the_visitors_own_csrf_token(rf):
    """No public page shows an anonymous visitor a form that posts today; one that does must
    not hand every visitor the token of whoever filled the cache."""
    form = engines["django"].from_string('<form method="post">{% csrf_token %}</form>')

    @cache_public_page
    def page_with_a_form(request):
        return HttpResponse(form.render({}, request))

    def visit():
        request = rf.get("/a-page-with-a-form/")
        request.user = AnonymousUser()
        request.session = {}
        request._messages = default_storage(request)
        response = page_with_a_form(request)
        token = re.search(r'name="csrfmiddlewaretoken" value="(\w+)"', response.content.decode())
        return response, request, token[1]

    filled, _request, filler_token = visit()
    served, request, visitor_token = visit()
    assert (filled["X-Page-Cache"], served["X-Page-Cache"]) == ("miss", "hit")
    assert CSRF_PLACEHOLDER.decode() not in served.content.decode()
    assert visitor_token != filler_token
    assert _does_token_match(visitor_token, request.META["CSRF_COOKIE"])


def test_missing_pages_are_not_cached(client):
    assert client.get("/events/no-such-event/").status_code == 404
    assert "X-Page-Cache" not in client.get("/events/no-such-event/")
