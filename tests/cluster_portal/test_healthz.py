import pytest
from django.db import OperationalError


@pytest.mark.django_db
def test_healthz_answers_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json()["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_healthz_names_the_database_when_it_is_unreachable(client, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr("cluster_portal.views.connection.cursor", refuse)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["database"]


@pytest.mark.django_db
def test_healthz_stays_up_but_degraded_when_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/healthz")
    # A load balancer keeps the web servers in rotation: PostgreSQL holds the truth.
    assert response.status_code == 200
    body = response.json()
    assert body["redis"] == "down"
    assert body["degraded"] is True
    assert body["down"] == ["redis"]
    assert body["checks"]["database"] == "ok"
