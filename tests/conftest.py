import os

import pytest
from django.core.cache import cache

from cluster_portal.celery import app as celery_app
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # Test-only tweaks: a fast password hasher, plain static storage, media in a temp dir.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECURE_SSL_REDIRECT = False
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def celery_eager():
    # Tasks run in the test process whatever REDIS_URL says, so that tests behave the same in CI
    # and on a laptop; tests/notifications/test_worker.py overrides this to use a real worker.
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


def _clear_cache():
    # Only the cache's own keys: the same Redis database may hold the Celery broker's queues.
    client = getattr(getattr(cache, "_cache", None), "get_client", None)
    if client is None:
        cache.clear()
        return
    redis = client(write=True)
    keys = list(redis.scan_iter(match=cache.make_key("*")))
    if keys:
        redis.delete(*keys)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters (allauth's and accounts.ratelimit's) live in the cache: start clean.
    _clear_cache()
    yield
    _clear_cache()


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


requires_postgres = pytest.mark.skipif(
    not on_postgres(),
    reason="needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/cluster_portal",
)


def pytest_collection_modifyitems(items):
    # A committing test (transaction=True, live_server) ends with a flush that empties every
    # table; unless each such test reloads the migrations' data (counties, role groups) at
    # its start, the next one finds no counties or clashes on the re-created groups.
    for item in items:
        marker = item.get_closest_marker("django_db")
        commits = bool(marker and marker.kwargs.get("transaction")) or bool(
            {"live_server", "transactional_db"} & set(item.fixturenames)
        )
        reloads = bool(marker and marker.kwargs.get("serialized_rollback")) or (
            "django_db_serialized_rollback" in item.fixturenames
        )
        if commits and not reloads:
            raise pytest.UsageError(
                f"{item.nodeid} commits: mark it "
                "@pytest.mark.django_db(transaction=True, serialized_rollback=True)"
            )
