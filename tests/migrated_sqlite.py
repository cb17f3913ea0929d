"""The SQLite test database, migrated once and then copied (issue #18).

Every run, and every xdist worker of a run, used to create its in-memory test database by
running all the migrations, which costs several seconds of CPU each time: Django re-renders the
model states of every migration. The data migrations matter (the counties), so tests cannot do
without migrations; instead the migrated database is kept in pytest's cache, under a key made of
every migration file of every installed app. A run that finds it creates its tables from the
models (cheap), replaces that database with the migrated copy, and runs `migrate` once more:
nothing to apply if the copy is current, and its post-migrate steps (content types, permissions,
role groups) follow the current code. `--cache-clear` or any changed migration makes a new copy.
PostgreSQL runs migrate as before.
"""

import hashlib
import os
import sqlite3
from contextlib import closing
from importlib.util import find_spec
from pathlib import Path

import django
import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection


def _migrations_key() -> str:
    digest = hashlib.sha256(f"{django.__version__} {sqlite3.sqlite_version}".encode())
    for app in sorted(apps.get_app_configs(), key=lambda app: app.name):
        spec = find_spec(f"{app.name}.migrations") if find_spec(app.name) else None
        if spec is None or not spec.submodule_search_locations:
            continue
        for directory in spec.submodule_search_locations:
            for path in sorted(Path(directory).glob("*.py")):
                digest.update(f"{app.name}/{path.name}".encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


def _migrated_copy(config) -> Path | None:
    # Django's SQLite test database is in memory unless the settings name a file for it.
    if connection.vendor != "sqlite" or connection.settings_dict["TEST"].get("NAME"):
        return None
    if getattr(config, "cache", None) is None:  # -p no:cacheprovider
        return None
    return config.cache.mkdir("migrated-sqlite") / f"{_migrations_key()}.sqlite3"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, request):
    copy = _migrated_copy(request.config)
    if copy is not None and copy.exists():
        # Tables straight from the models; the copy replaces them in django_db_setup.
        connection.settings_dict["TEST"]["MIGRATE"] = False


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    copy = _migrated_copy(request.config)
    if copy is None:
        yield
        return
    with django_db_blocker.unblock():
        connection.ensure_connection()
        if connection.settings_dict["TEST"]["MIGRATE"] is False:
            connection.settings_dict["TEST"]["MIGRATE"] = True
            with closing(sqlite3.connect(copy)) as source:
                source.backup(connection.connection)
            # The ids of the content types made from the models are gone with their rows.
            ContentType.objects.clear_cache()
            call_command("migrate", verbosity=0, interactive=False, database=connection.alias)
        else:
            # Written beside and renamed: parallel workers may both write it.
            partial = copy.with_suffix(f".{os.getpid()}.partial")
            with closing(sqlite3.connect(partial)) as target:
                connection.connection.backup(target)
            partial.replace(copy)
    yield
