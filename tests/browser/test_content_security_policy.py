"""The Django admin and the portal's pages work in Chromium under the Content-Security-Policy.

The policy is enforced by the browser, so only a browser can show that nothing is blocked.
"""

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, EventFactory, RegistrationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def violations(page):
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def test_admin_pages_run_their_scripts_and_styles_under_the_policy(live_server, page, violations):
    admin = UserFactory(is_staff=True, is_superuser=True)
    event = RegistrationFactory(event=EventFactory()).event
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
        # The admin's scripts ran.
        assert page.evaluate("typeof django !== 'undefined' && typeof django.jQuery") == (
            "function"
        ), url
    page.goto(live_server.url + reverse("admin:events_event_changelist"))
    # The changelist's "select all" checkbox is wired up by actions.js.
    page.check("#action-toggle")
    assert page.is_checked(f"input[name=_selected_action][value='{event.pk}']")
    assert violations == []


def test_portal_and_privacy_pages_load_without_a_policy_violation(
    live_server, page, log_in, violations
):
    user = UserFactory()
    log_in(page.context, user)
    for path in ["/", "/events/", "/privacy/", "/en/privacy/", "/me/consents/", "/no-such-page/"]:
        page.goto(live_server.url + path)
        # site.css applied: the skip link is moved off-screen by the stylesheet.
        assert page.eval_on_selector(".skip-link", "el => getComputedStyle(el).position") in (
            "absolute",
            "fixed",
        ), path
    page.goto(live_server.url + "/me/consents/")
    page.click("button[value=give] >> nth=0")
    assert page.locator("button[value=withdraw]").count() == 1
    assert violations == []
