"""The result follow-up from the company's answer to the coordinator's report and download."""

import csv
import datetime
import io
import zoneinfo
from pathlib import Path

import pytest
from playwright.sync_api import expect

from followup.models import FollowUpSurvey
from tests.factories import (
    EventFactory,
    FollowUpSurveyFactory,
    OrganisationMembershipFactory,
    ProjectFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def test_a_company_answers_and_the_coordinator_sees_and_downloads_it(
    live_server, browser, page, log_in
):
    project = ProjectFactory(name="Green Growth", acronym="")
    admin = OrganisationMembershipFactory(organisation__name="Alfa AB").user
    company = admin.organisation_memberships.get().organisation
    start = datetime.datetime(2025, 3, 10, 9, tzinfo=STOCKHOLM)
    event = EventFactory(projects=[project], starts_at=start, ends_at=start.replace(hour=12))
    RegistrationFactory(event=event, user=admin, organisation=company, attended=True)
    survey = FollowUpSurveyFactory(project=project, organisation=company)
    url = live_server.url

    # The company's admin answers through the link in the mail, on a phone.
    page.set_viewport_size({"width": 375, "height": 812})
    log_in(page.context, admin)
    page.goto(f"{url}/en/follow-up/{survey.token()}/")
    page.get_by_role("group", name="product or process").get_by_label("Yes").check()
    page.get_by_role("group", name="marketing method").get_by_label("No").check()
    page.get_by_label("How many jobs").fill("2.5")
    page.get_by_role("group", name="research institute").get_by_label("Yes").check()
    page.locator("main").get_by_role("button", name="Send the answers").click()
    expect(page.locator("body")).to_contain_text("Thank you: your answers are saved.")
    survey.refresh_from_db()
    assert survey.channel == FollowUpSurvey.Channel.ONLINE

    # The coordinator sees the result next to RCO01 and downloads the enterprise list.
    coordinator_page = browser.new_page(viewport={"width": 1280, "height": 900})
    coordinator = UserFactory()
    project.coordinators.add(coordinator)
    log_in(coordinator_page.context, coordinator)
    coordinator_page.goto(f"{url}/en/reports/?scope=project-{project.pk}")
    results = coordinator_page.get_by_role("table", name="Results: follow-up")
    expect(results.get_by_role("row").nth(1)).to_have_text(
        "6 1 1 100 % 1 0 2.5 1", use_inner_text=True
    )
    with coordinator_page.expect_download() as download:
        coordinator_page.get_by_role("link", name="Enterprise list (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [row[1] for row in rows[1:]] == ["Alfa AB"]
    assert rows[1][11:16] == ["6", "yes", "no", "2.5", "yes"]
