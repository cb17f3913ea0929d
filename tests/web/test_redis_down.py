"""Redis is a cache and a broker, never the truth: with it unreachable the portal answers,
uncached, and its rate limits keep counting (issue 19).

The cache points at a port nobody listens on; tasks run eagerly as everywhere in the suite.
"""

import logging

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCacheClient

from events.models import Registration
from tests.factories import TEST_PASSWORD, EventFactory, OrganisationMembershipFactory
from web import cache as cache_backend

pytestmark = pytest.mark.django_db

UNREACHABLE = "redis://127.0.0.1:1/0"


@pytest.fixture
def redis_down(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "web.cache.RedisCache",
            "LOCATION": UNREACHABLE,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    settings.REDIS_URL = UNREACHABLE
    backend = caches["default"]
    backend.fallback.clear()  # local memory outlives the backend: counts of earlier tests
    return backend


def test_public_pages_are_served_uncached_while_redis_is_down(client, redis_down):
    event = EventFactory(title="Uncached workshop")
    for _ in range(2):
        for path in ("/en/", "/en/events/", event.get_absolute_url()):
            response = client.get(path)
            assert response.status_code == 200
            assert "X-Page-Cache" not in response
    assert "Uncached workshop" in client.get("/en/events/").content.decode()


def test_registering_and_cancelling_work_while_redis_is_down(client, redis_down):
    event = EventFactory(capacity=5)
    membership = OrganisationMembershipFactory()
    client.force_login(membership.user)
    response = client.post(
        f"/en/events/{event.slug}/register/", {"organisation": membership.organisation.pk}
    )
    assert response.status_code == 302
    assert Registration.objects.confirmed().filter(event=event).count() == 1
    assert client.post(f"/en/events/{event.slug}/cancel/").status_code == 302
    assert Registration.objects.confirmed().filter(event=event).count() == 0


def test_rate_limits_keep_counting_in_memory_and_warn_once_a_minute(
    client, redis_down, caplog, monkeypatch
):
    membership = OrganisationMembershipFactory()
    client.force_login(membership.user)
    event = EventFactory()
    statuses = []
    with caplog.at_level(logging.WARNING, logger="web.cache"):
        for _ in range(11):
            # Past the retry pause every time: each request really tries Redis again.
            monkeypatch.setattr(redis_down, "retry_at", 0.0)
            statuses.append(client.post(f"/en/events/{event.slug}/register/").status_code)
    assert statuses[:10] == [302] * 10
    assert statuses[10] == 429
    warnings = [r for r in caplog.records if "Redis cache unreachable" in r.getMessage()]
    assert len(warnings) == 1


def test_logging_in_is_still_limited_while_redis_is_down(client, redis_down):
    user = OrganisationMembershipFactory().user
    for _ in range(6):
        client.post("/en/accounts/login/", {"login": user.email, "password": "wrong"})
    response = client.post("/en/accounts/login/", {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_after_an_outage_the_first_answer_from_redis_makes_every_page_stale(monkeypatch):
    backend = cache_backend.RedisCache(UNREACHABLE, {})
    recovered = []
    monkeypatch.setattr(cache_backend.RedisCache, "on_recovery", [lambda: recovered.append(1)])
    assert backend.get("anything") is None
    assert backend.degraded
    # Redis answers again: the next call after the pause goes to it and runs the hooks.
    monkeypatch.setattr(RedisCacheClient, "get", lambda self, key, default=None: 7)
    backend.retry_at = 0.0
    assert not backend.degraded
    assert backend.get("anything") == 7
    assert recovered == [1]
