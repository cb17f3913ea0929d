import os

import pytest
import redis
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from cluster_portal.celery import app as celery_app
from tests.factories import UserFactory
from tests.migrated_sqlite import django_db_modify_db_settings, django_db_setup  # noqa: F401
from tests.xdist_groups import (  # noqa: F401
    COMMITTING,
    pytest_collection_finish,
    pytest_configure,
    pytest_unconfigure,
    pytest_xdist_make_scheduler,
)


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
    # Whole-page caching off, so a page cached by one test never leaks into another;
    # tests/web/test_page_cache.py turns it on.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def celery_eager():
    # Tasks run in the test process whatever REDIS_URL says, so that tests behave the same in CI
    # and on a laptop; tests/notifications/test_worker.py overrides this to use a real worker.
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


@pytest.fixture(scope="session", autouse=True)
def _cache_keys_of_this_worker():
    # Parallel workers share CI's Redis database: each keeps its own keys, so that one worker
    # emptying the cache between tests never wipes another's rate-limit counts or pages.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    default = settings.CACHES["default"]
    if not worker or "KEY_PREFIX" not in default:
        yield
        return
    own = {**default, "KEY_PREFIX": f"{default['KEY_PREFIX']}-{worker}"}
    with override_settings(CACHES={**settings.CACHES, "default": own}):
        yield


def _clear_cache():
    # Only the cache's own keys: the same Redis database may hold the Celery broker's queues.
    if not isinstance(caches["default"], RedisCache):
        cache.clear()
        return
    with redis.Redis.from_url(settings.CACHES["default"]["LOCATION"]) as client:
        keys = list(client.scan_iter(match=cache.make_key("*")))
        if keys:
            client.delete(*keys)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rate-limit counters (allauth's and accounts.ratelimit's) live in the cache: start clean.
    _clear_cache()
    yield
    _clear_cache()


@pytest.fixture(autouse=True)
def _english_outside_requests():
    # Messages raised by services are asserted in English; pages pick their language from the
    # URL (Swedish without a prefix, English under /en/) whatever is active here.
    with translation.override("en"):
        yield


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True)


def on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


requires_postgres = pytest.mark.skipif(
    not on_postgres(),
    reason="needs PostgreSQL: set DATABASE_URL=postgres://postgres@127.0.0.1:5432/cluster_portal",
)

# For tests of the embedded default itself; CI runs them in its run without DATABASE_URL.
requires_sqlite = [
    pytest.mark.sqlite,
    pytest.mark.skipif(
        on_postgres(), reason="tests the embedded SQLite default: unset DATABASE_URL"
    ),
]


@pytest.fixture
def counties(transactional_db):
    """The 21 counties again: transactional tests flush the rows the data migration made."""
    from localflavor.se.se_counties import COUNTY_CHOICES

    from regions.models import County

    County.objects.bulk_create(
        [County(code=code) for code, _name in COUNTY_CHOICES], ignore_conflicts=True
    )


def _commits(item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"live_server", "transactional_db"} & set(item.fixturenames)
    )


def pytest_itemcollected(item):
    # `make test` runs in parallel with `--dist loadgroup`: each file's tests on one worker, so a
    # world built once per module (tests/shared_world.py) is built once; each committing test
    # in a group of its own, handed out after every other group (tests/xdist_groups.py),
    # so that on each worker they run after its other tests: the flush that ends a committing
    # test empties the tables.
    if item.config.pluginmanager.hasplugin("xdist"):
        path = item.path.relative_to(item.config.rootpath)
        group = f"{COMMITTING} {item.nodeid}" if _commits(item) else path
        item.add_marker(pytest.mark.xdist_group(str(group)))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    # A committing test (transaction=True, live_server) ends with a flush that empties every
    # table; the next one must put the counties back (the `counties` fixture). The flush also
    # re-creates the role groups with new ids, which serialized_rollback would then clash with.
    for item in items:
        if not _commits(item):
            continue
        if (marker := item.get_closest_marker("django_db")) and marker.kwargs.get(
            "serialized_rollback"
        ):
            raise pytest.UsageError(f"{item.nodeid}: use the `counties` fixture instead")
        if "counties" not in item.fixturenames:
            raise pytest.UsageError(f"{item.nodeid} commits: request the `counties` fixture")
    # pytest-django runs committing tests last, but pytest's own grouping of parametrised
    # session fixtures (the Playwright browser) can pull them forward again; after them the
    # other tests would find no counties.
    items.sort(key=_commits)


# Property-based tests (hypothesis). Every run of `make test`, a newcomer's and CI's, tries the
# same few examples (derived from the test, no example database), so a green main stays green.
# `make fuzz` (HYPOTHESIS_PROFILE=fuzz) tries many more from a random seed it prints, and keeps
# what fails in .hypothesis/ to replay first next time. No time limit per example: a request
# can take a while on a busy machine.
hypothesis_settings.register_profile(
    "repeatable", max_examples=25, derandomize=True, deadline=None, database=None, print_blob=True
)
hypothesis_settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "200")),
    deadline=None,
    print_blob=True,
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


# CI's full run (PostgreSQL, Redis, Chromium) has everything every test needs: a skip there is
# a test that silently stopped running. The SQLite-only tests run in CI's newcomer run instead.
FORBID_SKIPS = bool(os.environ.get("CI")) and on_postgres()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if (
        FORBID_SKIPS
        and report.skipped
        and not hasattr(report, "wasxfail")
        and item.get_closest_marker("sqlite") is None
    ):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped in CI's full run, where nothing may be skipped: {reason}"


@pytest.fixture
def committing_client(client, django_capture_on_commit_callbacks):
    """The test client, whose POSTs run what waits for their transaction to commit (sending
    mail from the outbox), as a server's requests would."""
    post = client.post

    def committing_post(*args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return post(*args, **kwargs)

    client.post = committing_post
    return client
