"""A company registers for an event that asks questions; the hosts' staff read the answers in
their CSV; the public page and the API never show them."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from accounts.roles import SCIENCE_PARK_STAFF, ensure_role_groups
from companies.models import OrganisationMembership
from events.models import RegistrationQuestion
from events.services import switch_standard_questions
from tests.factories import (
    EventFactory,
    OrganisationMembershipFactory,
    RegistrationQuestionFactory,
    ScienceParkFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
DIET = "Vegan, no nuts please"


def serious_violations(page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{violation['id']}: " + "; ".join(node["target"][0] for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_answers_reach_the_staff_csv_and_never_a_public_page(live_server, browser, log_in):
    park = ScienceParkFactory(name="STUNS Life Science")
    event = EventFactory(title="Circular design workshop", hosts=[park])
    switch_standard_questions(event=event, standards=["dietary", "photo_consent"])
    RegistrationQuestionFactory(
        event=event,
        kind=RegistrationQuestion.Kind.ONE_CHOICE,
        text_sv="Vilket spår?",
        text_en="Which track?",
        choices_sv="Design\nInköp",
        choices_en="Design\nPurchasing",
        is_required=True,
    )
    sme = OrganisationMembershipFactory(organisation__name="Small Circular AB").user
    staff = UserFactory(is_staff=True)
    staff.groups.add(ensure_role_groups()[SCIENCE_PARK_STAFF])
    OrganisationMembershipFactory(
        user=staff, organisation=park, role=OrganisationMembership.Role.STAFF
    )
    url = live_server.url

    # The company answers on a phone; a required answer left out loses nothing typed.
    context = browser.new_context(viewport=PHONE)
    log_in(context, sme)
    page = context.new_page()
    page.goto(f"{url}/en/events/{event.slug}/")
    questions = page.get_by_role("group", name="Questions from the organisers")
    expect(questions).to_be_visible()
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_label("Do you have any allergies or dietary needs?").fill(DIET)
    page.get_by_label("Purchasing").check()
    # The browser asks for the required answer itself; past it, the server still does.
    page.locator("main form.stacked-form").evaluate("form => form.noValidate = true")
    page.locator("main").get_by_role("button", name="Register").click()
    expect(page.locator("main")).to_contain_text("Answer this question.")
    expect(page.get_by_label("Do you have any allergies or dietary needs?")).to_have_value(DIET)
    expect(page.get_by_label("Purchasing")).to_be_checked()
    assert serious_violations(page) == []
    photo = page.get_by_role("group", name="May we photograph you at the event")
    photo.get_by_label("No").check()
    page.locator("main").get_by_role("button", name="Register").click()
    expect(page.locator("main")).to_contain_text("You are registered")
    expect(page.locator("main")).not_to_contain_text(DIET)
    context.close()

    # The hosts' staff download the participant list with the answers.
    staff_context = browser.new_context()
    log_in(staff_context, staff)
    csv = staff_context.request.get(f"{url}/admin/events/event/{event.pk}/participants.csv").text()
    assert DIET in csv
    assert "Inköp" in csv
    report = staff_context.request.get(
        f"{url}/en/reports/participants.csv?scope=event-{event.pk}"
    ).text()
    assert DIET in report
    assert "Purchasing" in report
    staff_context.close()

    # Nobody else sees them: not on the public page, not in the API.
    visitor = browser.new_context()
    public = visitor.new_page()
    public.goto(f"{url}/en/events/{event.slug}/")
    expect(public.locator("h1")).to_have_text("Circular design workshop")
    assert DIET not in public.content()
    api = visitor.request.get(f"{url}/api/v1/events/{event.slug}/")
    assert api.ok
    assert DIET not in api.text()
    visitor.close()
