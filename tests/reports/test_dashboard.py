import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import (
    EventFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectGoalFactory,
    RegistrationFactory,
    county,
)

from .helpers import coordinator_of, past

pytestmark = pytest.mark.django_db


def test_dashboard_draws_participants_per_month_sizes_counties_and_goals(
    client, django_assert_max_num_queries
):
    project = ProjectFactory()
    ProjectGoalFactory(project=project, description="Companies reached", target_value=4)
    march = EventFactory(projects=[project], support_hours=Decimal(3), **past(2021, 3))
    may = EventFactory(projects=[project], **past(2021, 5))
    small = OrganisationFactory(county=county("AB"), headcount=20)
    RegistrationFactory.create_batch(3, event=march, organisation=small, attended=True)
    RegistrationFactory(event=may, organisation=OrganisationFactory(), attended=True)
    client.force_login(coordinator_of(project))

    with django_assert_max_num_queries(20):
        response = client.get(f"/en/reports/projects/{project.slug}/")

    assert response.status_code == 200
    page = response.content.decode()
    # March 3, April 0 (a gap shown as zero), May 1; the tallest column is 140 px high.
    assert re.findall(r"<title>(\w+) 2021: (\d+)</title>", page) == [
        ("March", "3"),
        ("April", "0"),
        ("May", "1"),
    ]
    assert 'height="140"' in page
    assert "<title>Small: 1</title>" in page
    assert "<title>Stockholm: 1</title>" in page
    assert "<title>Companies reached: 2 / 4</title>" in page


def test_dashboard_of_a_project_without_participants(client):
    project = ProjectFactory()
    client.force_login(coordinator_of(project))
    response = client.get(f"/en/reports/projects/{project.slug}/")
    assert "Nobody has attended an event of this project yet." in response.content.decode()


def test_report_templates_have_no_inline_styles_or_scripts():
    for template in Path(settings.BASE_DIR, "templates", "reports").glob("*.html"):
        text = template.read_text(encoding="utf-8")
        assert "style=" not in text, template
        assert "<script" not in text, template
        assert not re.search(r"\son[a-z]+=", text), template
