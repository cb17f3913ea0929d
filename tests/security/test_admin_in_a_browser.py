"""The Django admin works in a real browser under the Content-Security-Policy.

The policy is enforced by the browser, so only a browser can show that nothing is blocked.
"""

import os
import shutil

import pytest
from django.urls import reverse
from pytest_django.live_server_helper import LiveServer

from tests.factories import TEST_PASSWORD, EventFactory, RegistrationFactory, UserFactory

CHROMIUM = shutil.which("chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (CHROMIUM and (os.environ.get("CI") or os.environ.get("BROWSER_TESTS"))),
        reason="needs Debian's Chromium: apt-get install chromium, then set BROWSER_TESTS=1",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("counties"),
]


@pytest.fixture
def plain_http_server(settings):
    """A live server of its own, started after the test settings (no HTTPS redirect) apply;
    pytest-django's shared one may have built its middleware with production settings."""
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    server = LiveServer("localhost")
    yield server
    server.stop()


@pytest.fixture
def admin_and_event():
    admin = UserFactory(is_staff=True, is_superuser=True)
    return admin, RegistrationFactory(event=EventFactory()).event


@pytest.fixture
def portal_user():
    return UserFactory()


@pytest.fixture
def browser_page():
    """A Chromium page and the policy violations it reports.

    Request it after every fixture that writes to the database: while Playwright's event loop
    runs, Django treats this thread as async and refuses ORM calls (which is what we want).
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        violations = []
        page.on(
            "console",
            lambda message: (
                violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        yield page, violations
        browser.close()


def test_admin_pages_run_their_scripts_and_styles_under_the_policy(
    plain_http_server, admin_and_event, browser_page
):
    live_server = plain_http_server
    admin, event = admin_and_event
    page, violations = browser_page

    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", admin.email)
    page.fill("#id_password", TEST_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))

    for url in [
        reverse("admin:events_event_changelist"),
        reverse("admin:events_event_change", args=[event.pk]),
        reverse("admin:events_registration_changelist"),
    ]:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        # The admin stylesheet applied, and the admin's scripts ran.
        assert page.eval_on_selector("body", "el => getComputedStyle(el).fontFamily") != ""
        assert page.evaluate("typeof django !== 'undefined' && typeof django.jQuery") == (
            "function"
        ), url
    page.goto(live_server.url + reverse("admin:events_event_changelist"))
    # The changelist's "select all" checkbox is wired up by actions.js.
    page.check("#action-toggle")
    assert page.is_checked(f"input[name=_selected_action][value='{event.pk}']")
    assert violations == []


def test_portal_and_privacy_pages_load_without_a_policy_violation(
    plain_http_server, portal_user, browser_page
):
    user = portal_user
    page, violations = browser_page
    base = plain_http_server.url
    page.goto(base + reverse("account_login"))
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", TEST_PASSWORD)
    page.click("form [type=submit]")
    page.wait_for_load_state()
    for path in ["/", "/privacy/", "/en/privacy/", "/me/consents/", "/no-such-page/"]:
        page.goto(base + path)
        # site.css applied: the skip link is moved off-screen by the stylesheet.
        assert page.eval_on_selector(".skip-link", "el => getComputedStyle(el).position") in (
            "absolute",
            "fixed",
        ), path
    page.goto(base + "/me/consents/")
    page.click("button[value=give] >> nth=0")
    assert page.locator("button[value=withdraw]").count() == 1
    assert violations == []
