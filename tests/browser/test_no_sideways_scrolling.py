"""No page scrolls sideways on a 375 px phone, in Swedish or English.

The pages are those of the URL walk (tests/security/url_registry.py): every public pattern,
every page of the site a logged-in SME, staff member or coordinator has, and every admin page,
each requested by the user it belongs to, as the walk for English on Swedish pages does. A new
URL is therefore measured as soon as it is declared in the registry.

One browser context per user, reused for all of that user's pages, keeps the walk short.
Beside the walk: the phone's menu button (which works without JavaScript) and the admin's
registration list at 1280 px.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.utils import translation
from playwright.sync_api import Error as PlaywrightError

from tests.security.test_no_english_on_swedish_pages import PATTERNS, request_for
from tests.security.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}

# The document's width beyond the viewport, and the outermost elements that stick out: an
# element is named only when its parent does not stick out as well.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const excess = document.documentElement.scrollWidth - width;
  if (excess <= 0) return null;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + [...el.classList].map((c) => '.' + c).join('');
  const sticksOut = (el) => el.getBoundingClientRect().right > width + 0.5;
  const culprits = [...document.querySelectorAll('body, body *')]
    .filter((el) => sticksOut(el) && !(el.parentElement && sticksOut(el.parentElement)))
    .slice(0, 5)
    .map((el) => name(el) + ' (' + Math.round(el.getBoundingClientRect().right) + ' px)');
  return {excess, culprits};
}"""


# The walk in four parts (each language, each half of the patterns), so that parallel test
# workers share it (tests/xdist_groups.py).
PARTS = [(language, half) for language in ("sv", "en") for half in (0, 1)]


def requests(world, language, half):
    """(url, readers) of every other GET pattern of the walk (`half` says which), in the
    language. The readers are tried in turn, as in the walk for English on Swedish pages: the
    owner, else the superuser (where the owner may not, as in adding a county), else someone not
    logged in. Patterns outside the language prefix (the API, /healthz) come in Swedish only."""
    urls = {}
    with translation.override(language):
        for pattern in PATTERNS[half::2]:
            user, url, query = request_for(pattern, world)
            if language == "en" and not url.startswith("/en/"):
                continue
            if query:
                url = f"{url}?{urlencode(query, doseq=True)}"
            urls.setdefault(url, (user, world.users["superuser"], None))
    return urls.items()


@pytest.mark.parametrize(("language", "half"), PARTS)
def test_no_page_scrolls_sideways_on_a_phone(browser, live_server, log_in, language, half):
    world = build_world()
    contexts = {}

    def page_of(user):
        key = user.pk if user else None
        if key not in contexts:
            contexts[key] = browser.new_context(viewport=PHONE)
            if user is not None:
                log_in(contexts[key], user)
            contexts[key].new_page()
        return contexts[key].pages[0]

    failures = []
    measured = 0
    try:
        for url, readers in requests(world, language, half):
            for user in readers:
                page = page_of(user)
                try:
                    response = page.goto(live_server.url + url)
                except PlaywrightError:
                    continue  # a download: no page of text
                if response.ok and "text/html" in response.headers.get("content-type", ""):
                    break
            else:
                continue  # a redirect, a file, JSON or a feed
            measured += 1
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                who = user.email if user else "anonymous"
                failures.append(
                    f"{url} ({who}) is {overflow['excess']} px too wide: "
                    + ", ".join(overflow["culprits"])
                )
    finally:
        for context in contexts.values():
            context.close()
    assert measured > 50, f"only {measured} pages were measured"
    assert failures == [], "\n".join(failures)


def test_the_menu_button_opens_the_menu_on_a_phone_without_javascript(browser, live_server):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/en/events/")
        menu = page.get_by_role("navigation", name="Main")
        assert not menu.is_visible()
        button = page.get_by_role("checkbox", name="Menu")
        button.focus()
        page.keyboard.press("Space")
        assert menu.get_by_role("link", name="Networks").is_visible()
        assert page.locator(".site-search").is_visible()
    finally:
        context.close()


def test_the_menu_needs_no_button_on_a_wide_screen(page, live_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/en/events/")
    assert not page.get_by_text("Menu", exact=True).is_visible()
    # Nor a hidden checkbox in the keyboard's way.
    assert page.locator("#header-menu-toggle").evaluate("el => getComputedStyle(el).display") == (
        "none"
    )
    assert (
        page.get_by_role("navigation", name="Main")
        .get_by_role("link", name="Networks")
        .is_visible()
    )


def test_staff_see_status_and_attendance_of_registrations_without_scrolling(
    browser, live_server, log_in
):
    world = build_world()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    log_in(context, world.users["staff_a"])
    page = context.new_page()
    try:
        page.goto(live_server.url + "/admin/events/registration/")
        visible_right = page.locator("#changelist .results").bounding_box()
        for column in ("participant", "organisation", "status", "attendance"):
            header = page.locator(f"#result_list th.column-{column}").bounding_box()
            assert header["x"] + header["width"] <= visible_right["x"] + visible_right["width"]
    finally:
        context.close()
