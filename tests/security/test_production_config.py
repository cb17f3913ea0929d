"""Production refuses an unsafe configuration, and says when rate limits count per process."""

import os
import subprocess
import sys

import pytest
from django.conf import settings


def run_python(code: str, **env_changes):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cluster_portal.settings"}
    for name in ("SECRET_KEY", "DEBUG", "REDIS_URL"):
        env.pop(name, None)
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_server_refuses_to_start_without_a_secret_key_outside_debug():
    result = run_python("import cluster_portal.wsgi", DEBUG="0")
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set" in result.stderr


def run_manage(*args, **env_changes):
    env = {**os.environ}
    for name in ("SECRET_KEY", "DEBUG", "REDIS_URL", "DJANGO_SETTINGS_MODULE"):
        env.pop(name, None)
    env.update(env_changes)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_commands_that_sign_nothing_run_without_a_secret_key_and_others_refuse():
    result = run_manage("makemigrations", "--check", "--dry-run", DEBUG="0")
    assert result.returncode == 0, result.stderr
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_a_developer_machine_starts_without_a_secret_key():
    result = run_python(
        "import cluster_portal.wsgi; from django.conf import settings; print(settings.SECRET_KEY)",
        DEBUG="1",
    )
    assert result.returncode == 0, result.stderr
    assert "django-insecure" in result.stdout


def test_a_production_server_without_redis_says_in_the_log_that_limits_count_per_process():
    result = run_python("import cluster_portal.wsgi", DEBUG="0", SECRET_KEY="k" * 60)
    assert result.returncode == 0, result.stderr
    assert "counted per process" in result.stderr
    result = run_python("import cluster_portal.wsgi", DEBUG="1")
    assert "counted per process" not in result.stderr


@pytest.mark.django_db
def test_healthz_says_when_rate_limits_count_per_process(client, settings):
    settings.DEBUG = False
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    body = client.get("/healthz").json()
    assert body["rate_limits"] == "per process"
    assert "REDIS_URL" in body["warnings"][0]


@pytest.mark.django_db
def test_healthz_says_rate_limits_are_shared_with_a_shared_cache(client, settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    body = client.get("/healthz").json()
    assert body["rate_limits"] == "shared"
    assert "warnings" not in body
