"""axe-core on the event-day pages at 375 px: the door check-in, the QR page, walk-ins (with
its error state), the participant's ticket and the public certificate check."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from accounts.roles import SCIENCE_PARK_STAFF, ensure_role_groups
from companies.models import OrganisationMembership
from events.models import AttendanceCertificate
from tests.factories import (
    EventFactory,
    OrganisationMembershipFactory,
    RegistrationFactory,
    ScienceParkFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AXE = Axe()


def serious_violations(page) -> list[str]:
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in AXE.run(page).response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_event_day_pages_have_no_serious_accessibility_violations(live_server, page, log_in):
    park = ScienceParkFactory()
    staff = UserFactory(is_staff=True)
    staff.groups.add(ensure_role_groups()[SCIENCE_PARK_STAFF])
    OrganisationMembershipFactory(
        user=staff, organisation=park, role=OrganisationMembership.Role.STAFF
    )
    today = EventFactory(
        slug="door", hosts=[park], starts_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    registration = RegistrationFactory(event=today)
    RegistrationFactory(event=today, attended=True, checked_in_at=timezone.now())
    past = EventFactory(hosts=[park], starts_at=timezone.now() - datetime.timedelta(days=3))
    certificate = AttendanceCertificate.objects.issue(
        RegistrationFactory(event=past, attended=True)
    )
    qr_path = "/" + registration.check_in_url().split("/", 3)[3]
    pages = [
        (staff, "/events/door/check-in/"),
        (staff, "/en/events/door/check-in/?q=nobody"),
        (staff, qr_path),
        (staff, "/events/door/check-in/walk-in/"),
        (registration.user, "/events/door/ticket/"),
        (None, f"/verify/{certificate.code}/"),
    ]
    page.set_viewport_size({"width": 375, "height": 812})
    for user, path in pages:
        page.context.clear_cookies()
        if user:
            log_in(page.context, user)
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        if path.endswith("/walk-in/"):
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()
        assert serious_violations(page) == [], path
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
