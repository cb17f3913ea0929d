"""The day of an event and after, in a browser: staff check three people in at the door on a
phone (by search as they type and by a participant's QR code), and the next day a participant
downloads the certificate and checks it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.roles import SCIENCE_PARK_STAFF, ensure_role_groups
from companies.models import OrganisationMembership
from events.models import AttendanceCertificate, CheckInLog, Event, Registration
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    ProjectFactory,
    RegistrationFactory,
    ScienceParkFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}


def test_staff_check_in_three_people_and_a_certificate_verifies(live_server, browser, page, log_in):
    park = ScienceParkFactory(name="STUNS")
    staff = UserFactory(is_staff=True, first_name="Door", last_name="Keeper")
    staff.groups.add(ensure_role_groups()[SCIENCE_PARK_STAFF])
    OrganisationMembershipFactory(
        user=staff, organisation=park, role=OrganisationMembership.Role.STAFF
    )
    event = EventFactory(
        title="Battery day",
        hosts=[park],
        capacity=10,
        starts_at=timezone.now() - datetime.timedelta(minutes=10),
        projects=[ProjectFactory(name="Smart Industry Sweden", funding_programme="erdf")],
    )
    people = {
        name: RegistrationFactory(
            event=event,
            user__first_name=name.split()[0],
            user__last_name=name.split()[1],
            organisation=OrganisationFactory(name=company),
        )
        for name, company in [
            ("Astrid Lind", "Northvolt Labs AB"),
            ("Bertil Berg", "Uppsala Batteri AB"),
            ("Cecilia Ek", "Ek Konsult AB"),
            ("David Dahl", "Dahl Design AB"),
        ]
    }
    url = live_server.url

    # Staff at the door, on a phone.
    staff_context = browser.new_context(viewport=PHONE)
    log_in(staff_context, staff)
    door = staff_context.new_page()
    door.set_default_timeout(10_000)
    door.goto(f"{url}/en/events/{event.slug}/check-in/")
    expect(door.locator("#check-in-counts")).to_contain_text("0 checked in")
    expect(door.locator("#check-in-counts")).to_contain_text("4 confirmed")
    door.evaluate("window.stillTheSamePage = true")

    # 1. By name, as typed: htmx narrows the list without a page load.
    door.get_by_label("Name or company").fill("astrid")
    row = door.locator(".check-in-row", has_text="Astrid Lind")
    expect(door.locator(".check-in-row")).to_have_count(1)
    row.get_by_role("button", name="Check in").click()
    expect(door.locator(".check-in-row", has_text="Astrid Lind")).to_contain_text("Checked in")
    expect(door.locator("#check-in-counts")).to_contain_text("1 checked in")

    # 2. By company.
    door.get_by_label("Name or company").fill("batteri")
    expect(door.locator(".check-in-row")).to_have_count(1)
    door.locator(".check-in-row", has_text="Bertil Berg").get_by_role(
        "button", name="Check in"
    ).click()
    expect(door.locator("#check-in-counts")).to_contain_text("2 checked in")
    assert door.evaluate("window.stillTheSamePage === true")
    # A mistaken tap is undone.
    door.locator(".check-in-row", has_text="Bertil Berg").get_by_role("button", name="Undo").click()
    expect(door.locator("#check-in-counts")).to_contain_text("1 checked in")
    door.locator(".check-in-row", has_text="Bertil Berg").get_by_role(
        "button", name="Check in"
    ).click()
    expect(door.locator("#check-in-counts")).to_contain_text("2 checked in")
    # Nothing overflows the phone's width.
    assert door.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # 3. By the QR code a participant shows: the phone's camera opens its address.
    qr_url = people["Cecilia Ek"].check_in_url().split("/", 3)[3]
    door.goto(f"{url}/en/{qr_url.removeprefix('en/')}")
    expect(door.locator("h1")).to_have_text("Cecilia Ek")
    expect(door.get_by_role("button", name="Check in")).to_have_count(1)
    door.get_by_role("button", name="Check in").click()
    expect(door.locator("main")).to_contain_text("Checked in")

    attended = set(
        Registration.objects.filter(event=event, attended=True).values_list(
            "user__first_name", flat=True
        )
    )
    assert attended == {"Astrid", "Bertil", "Cecilia"}
    assert CheckInLog.objects.filter(event=event).count() == 5
    staff_context.close()

    # The day after: Astrid downloads her certificate from her page.
    Event.objects.filter(pk=event.pk).update(
        starts_at=timezone.now() - datetime.timedelta(days=1, hours=3),
        ends_at=timezone.now() - datetime.timedelta(days=1),
    )
    page.set_viewport_size(PHONE)
    log_in(page.context, people["Astrid Lind"].user)
    page.goto(f"{url}/en/me/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Certificate of attendance (PDF)").click()
    pdf = download_info.value
    text = "\n".join(p.extract_text() for p in PdfReader(pdf.path()).pages)
    code = AttendanceCertificate.objects.get(registration=people["Astrid Lind"]).code
    assert "Astrid Lind" in text
    assert "Battery day" in text
    assert code in text

    # Whoever receives it checks the code, signed out.
    page.context.clear_cookies()
    page.goto(f"{url}/en/verify/{code}/")
    expect(page.locator("main")).to_contain_text("This certificate of attendance is genuine.")
    expect(page.locator("main")).to_contain_text("Astrid Lind")
    expect(page.locator("main")).not_to_contain_text(people["Astrid Lind"].user.email)
