"""axe-core on every public page and form: no serious or critical violations, no sideways
scrolling at 375 px."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.files.base import ContentFile

from events.models import Event
from tests.factories import (
    EventFactory,
    NetworkFactory,
    OrganisationMembershipFactory,
    ProjectGoalFactory,
    RegistrationFactory,
    ScienceParkFactory,
    ThematicAreaFactory,
    jpeg_bytes,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC = [
    "/",
    "/events/",
    "/events/?county=ZZ&page=abc&starts_after=yesterday",
    "/events/axe-event/",
    "/networks/",
    "/networks/axe-network/",
    "/projects/",
    "/projects/axe-project/",
    "/organisations/",
    "/organisations/axe-park/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password/reset/",
    "/en/",
    "/en/events/axe-event/",
]
LOGGED_IN = [
    "/me/",
    "/organisations/new/",
    "/organisations/join/",
    "/organisations/axe-company/edit/",
    "/organisations/axe-company/members/",
    "/events/axe-event/",
    "/networks/axe-network/",
    "/accounts/email/",
    "/accounts/password/change/",
    # The confirmation before cancelling a registration (and so before leaving a network).
    "/events/axe-registered/cancel/",
]
PAGES = [(path, False) for path in PUBLIC] + [(path, True) for path in LOGGED_IN]
AXE = Axe()


@pytest.fixture
def content():
    park = ScienceParkFactory(name="Axe Science Park", slug="axe-park")
    theme = ThematicAreaFactory(name="Life science", slug="life-science")
    park.thematic_areas.add(theme)
    park.logo.save("axe-park.jpg", ContentFile(jpeg_bytes()))
    goal = ProjectGoalFactory(project__slug="axe-project", project__owner=park)
    network = NetworkFactory(slug="axe-network", hosts=[park], project=goal.project)
    event = EventFactory(
        slug="axe-event",
        hosts=[park],
        network=network,
        projects=[goal.project],
        capacity=1,
        image_alt="Participants at a whiteboard",
    )
    event.image.save("axe-event.jpg", ContentFile(jpeg_bytes((1200, 800))))
    membership = OrganisationMembershipFactory(
        organisation__slug="axe-company", organisation__name="Axe Company AB"
    )
    RegistrationFactory(
        event=EventFactory(slug="axe-registered", status=Event.Status.PUBLISHED),
        user=membership.user,
    )
    return membership.user


@pytest.mark.parametrize(("path", "logged_in"), PAGES)
def test_page_has_no_serious_accessibility_violations(
    path, logged_in, content, live_server, page, log_in
):
    if logged_in:
        log_in(page.context, content)
    page.set_viewport_size({"width": 375, "height": 812})
    response = page.goto(live_server.url + path)
    assert response.status == 200
    if path.endswith(("/new/", "/edit/", "/join/", "/signup/", "/login/")):
        # Show the form's error state too: errors must be tied to their fields.
        page.locator("main form").last.locator("button[type=submit]").click()
        page.wait_for_load_state()
    results = AXE.run(page)
    serious = [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]
    assert serious == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
