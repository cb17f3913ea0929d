import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import EventFactory, RegistrationFactory


def policy(response) -> dict[str, list[str]]:
    directives = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *values = directive.split()
        directives[name] = values
    return directives


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy_and_permissions_policy(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_admin_changelist_and_change_pages_work_under_the_policy(client, superuser):
    registration = RegistrationFactory(event=EventFactory())
    client.force_login(superuser)
    for url in [
        reverse("admin:index"),
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_change", args=[registration.event.pk]),
        reverse("admin:events_event_add"),
        reverse("admin:events_registration_changelist"),
        reverse("admin:privacy_consent_changelist"),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "script-src 'self'" in response["Content-Security-Policy"], url
        html = response.content.decode()
        # Django 5.2's admin loads every script from a file: nothing the policy would block.
        assert not re.search(r"<script\b(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"<[a-z][^>]*\son[a-z]+=", html), url


def test_cookies_are_http_only_and_secure_outside_debug():
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.CSRF_COOKIE_HTTPONLY
    assert settings.LANGUAGE_COOKIE_HTTPONLY


def test_deploy_check_is_clean_with_production_variables():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "test-" + "k" * 60 + "-production-like-key-with-enough-variety-0123456789",
        "ALLOWED_HOSTS": "portal.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://portal.example.org",
    }
    # tests/browser sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; production never does.
    for name in (
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    ):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_turn_on_hsts_and_secure_cookies():
    env = {**os.environ, "DEBUG": "0", "SECRET_KEY": "x" * 60}
    for name in ("SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        env.pop(name, None)
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.LANGUAGE_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=settings.BASE_DIR,
        env={**env, "DJANGO_SETTINGS_MODULE": "cluster_portal.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True"]
