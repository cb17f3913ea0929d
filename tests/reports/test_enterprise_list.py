"""The enterprise list of a project report and the follow-up figures, against values worked out
by hand."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from companies.models import Organisation
from companies.services import declare_size_facts
from tests.factories import (
    EventFactory,
    FollowUpSurveyFactory,
    OrganisationFactory,
    ProjectFactory,
    RegistrationFactory,
    ScienceParkFactory,
    county,
)

from .helpers import coordinator_of, past, scope

pytestmark = pytest.mark.django_db

PERIOD = {"date_from": "2025-01-01", "date_to": "2025-06-30"}
HEADER = [
    "Organisation number",
    "Organisation",
    "Kind of organisation",
    "Size class at first support",
    "County",
    "First support",
    "Last support",
    "Supports (attended participations)",
    "Hours of support",
    "De minimis aid (SEK)",
    "New to the project in this period",
    "Follow-up answered (months after first support)",
    "RCR03 – new product or process",
    "RCR04 – new marketing or organisational method",
    "RCR01 – jobs created (full-time equivalents)",
    "New collaboration with a research organisation",
]


def answered(project, organisation, wave, **answers):
    return FollowUpSurveyFactory(
        project=project, organisation=organisation, wave=wave, answered=True, **answers
    )


@pytest.fixture
def world():
    """Alfa: supported before and twice in the period, micro then, small since April, two
    answered follow-ups. Beta: new in the period, no declaration (its current 100 people make
    it medium), an unanswered survey. Gamma: supported in 2024 only, answered. A science park
    and a company of another project attended too."""
    project = ProjectFactory()
    alfa = OrganisationFactory(name="Alfa AB", organisation_number="5560360793", county=county("C"))
    declare_size_facts(
        organisation=alfa,
        headcount=5,
        annual_turnover_eur=None,
        balance_sheet_total_eur=None,
        declared_on=datetime.date(2024, 1, 1),
    )
    declare_size_facts(
        organisation=alfa,
        headcount=20,
        annual_turnover_eur=None,
        balance_sheet_total_eur=None,
        declared_on=datetime.date(2025, 4, 1),
    )
    beta = OrganisationFactory(
        name="=Beta AB", organisation_number="", county=county("AB"), headcount=100
    )
    gamma = OrganisationFactory(name="Gamma AB")

    def attend(organisation, year, month, hours="3", attended=True, projects=(project,)):
        event = EventFactory(
            projects=list(projects), support_hours=Decimal(hours), **past(year, month)
        )
        RegistrationFactory(event=event, organisation=organisation, attended=attended)

    attend(alfa, 2024, 11)
    attend(alfa, 2025, 3)
    attend(alfa, 2025, 5, hours="2.5")
    attend(beta, 2025, 2)
    attend(beta, 2025, 5, attended=False)
    attend(gamma, 2024, 6)
    attend(ScienceParkFactory(), 2025, 3)
    attend(OrganisationFactory(), 2025, 3, projects=(ProjectFactory(),))
    answered(
        project,
        alfa,
        6,
        new_product_or_process=True,
        new_marketing_or_organisation=False,
        jobs_created=Decimal("1.5"),
        research_collaboration=False,
    )
    answered(
        project,
        alfa,
        12,
        new_product_or_process=True,
        new_marketing_or_organisation=True,
        jobs_created=Decimal(4),
        research_collaboration=True,
    )
    FollowUpSurveyFactory(project=project, organisation=beta, wave=6)
    answered(project, gamma, 6, jobs_created=Decimal(7))
    return {"project": project, "alfa": alfa, "beta": beta, "gamma": gamma}


def download(client, world, name, **params):
    client.force_login(coordinator_of(world["project"]))
    response = client.get(
        f"/en/reports/{name}", {"scope": scope("project", world["project"]), **params}
    )
    assert response.status_code == 200
    return response


def test_the_enterprise_list_of_a_period(client, world):
    response = download(client, world, "enterprises.csv", **PERIOD)

    text = response.content.decode()
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [
        HEADER,
        # Neutralised: a name starting with = is not run as a formula.
        [
            *["", "'=Beta AB", "Company", "Medium", "Stockholm", "2025-02-10", "2025-02-10"],
            *["1", "3.00", "0.00", "yes", "", "", "", "", ""],
        ],
        [
            "556036-0793",
            "Alfa AB",
            "Company",
            "Micro",
            "Uppsala",
            "2025-03-10",
            "2025-05-10",
            "2",
            "5.50",
            "0.00",
            "no",
            "12",
            "yes",
            "yes",
            "4.0",
            "yes",
        ],
    ]
    assert response["Content-Disposition"].startswith('attachment; filename="enterprises-')


def test_the_list_holds_the_enterprises_rco01_counts(client, world):
    client.force_login(coordinator_of(world["project"]))
    query = {"scope": scope("project", world["project"])}
    summary = client.get("/en/reports/", query).context["summary"]
    rows = list(
        csv.reader(io.StringIO(download(client, world, "enterprises.csv").content.decode()))
    )

    assert len(rows) - 1 == summary.rco01 == 3
    # Without a period every enterprise is new to the project, first support all time.
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Alfa AB"][5:11] == ["2024-11-10", "2025-05-10", "3", "8.50", "0.00", "yes"]
    assert by_name["Gamma AB"][11:16] == ["6", "yes", "no", "7.0", "no"]


def test_the_excel_list_has_dates_and_numbers(client, world):
    response = download(client, world, "enterprises.xlsx", **PERIOD)

    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[2][:11] == (
        "556036-0793",
        "Alfa AB",
        "Company",
        "Micro",
        "Uppsala",
        datetime.datetime(2025, 3, 10),  # noqa: DTZ001 - spreadsheets have no time zones
        datetime.datetime(2025, 5, 10),  # noqa: DTZ001
        2,
        5.5,
        0,
        "no",
    )
    assert rows[1][1] == "'=Beta AB"


def test_the_list_in_swedish(client, world):
    client.force_login(coordinator_of(world["project"]))
    response = client.get(
        "/reports/enterprises.csv", {"scope": scope("project", world["project"]), **PERIOD}
    )
    [header, _beta, alfa] = list(csv.reader(io.StringIO(response.content.decode())))
    assert header[0] == "\ufeffOrganisationsnummer"
    assert alfa[2:4] == ["Företag", "Mikroföretag"]
    assert alfa[10] == "nej"


def test_the_de_minimis_aid_the_project_granted_in_the_period(client):
    """Two supports granted as de minimis aid by the project (8,500 SEK in the period, 4,000
    before it), one granted by another project and one support that is no aid."""
    project, other_project = ProjectFactory(), ProjectFactory()
    company = OrganisationFactory(name="Delta AB")

    def attend(month, aid_sek=None, granted_by=project):
        fields = {}
        if aid_sek is not None:
            fields = {
                "de_minimis_aid_sek": Decimal(aid_sek),
                "aid_valuation": "fixed",
                "aid_granting_project": granted_by,
            }
        event = EventFactory(projects=[project], **past(2025, month), **fields)
        RegistrationFactory(event=event, organisation=company, attended=True)

    attend(1, aid_sek="4000")  # before the period
    attend(3, aid_sek="8500")
    attend(4, aid_sek="1200", granted_by=other_project)
    attend(5)
    period = {"date_from": "2025-02-01", "date_to": "2025-06-30"}
    rows = list(
        csv.reader(
            io.StringIO(
                download(client, {"project": project}, "enterprises.csv", **period).content.decode()
            )
        )
    )
    column = HEADER.index("De minimis aid (SEK)")
    assert [row[column] for row in rows[1:]] == ["8500.00"]
    all_time = list(
        csv.reader(
            io.StringIO(download(client, {"project": project}, "enterprises.csv").content.decode())
        )
    )
    assert [row[column] for row in all_time[1:]] == ["12500.00"]


def test_other_scopes_have_no_enterprise_list(client, world):
    park = ScienceParkFactory()
    from .helpers import staff_of

    client.force_login(staff_of(park))
    response = client.get("/en/reports/enterprises.csv", {"scope": scope("organisation", park)})
    assert response.status_code == 302
    assert response["Location"].startswith("/en/reports/?scope=organisation-")


def test_follow_up_figures_next_to_rco01(client, world):
    client.force_login(coordinator_of(world["project"]))

    response = client.get("/en/reports/", {"scope": scope("project", world["project"]), **PERIOD})

    six, twelve = response.context["follow_up"]
    # Alfa and Beta are counted in the period; Gamma's answer is not.
    assert (six.wave, six.surveys, six.answered, six.response_percent) == (6, 2, 1, 50)
    assert (six.rcr03, six.rcr04, six.rcr01, six.research_collaboration) == (
        1,
        0,
        Decimal("1.5"),
        0,
    )
    assert (twelve.wave, twelve.surveys, twelve.answered, twelve.response_percent) == (
        12,
        1,
        1,
        100,
    )
    assert (twelve.rcr03, twelve.rcr04, twelve.rcr01, twelve.research_collaboration) == (
        1,
        1,
        Decimal(4),
        1,
    )
    assert "Results: follow-up of the supported enterprises" in response.content.decode()


def test_follow_up_figures_follow_the_filters(client, world):
    client.force_login(coordinator_of(world["project"]))

    response = client.get(
        "/en/reports/",
        {"scope": scope("project", world["project"]), "county": county("AB").pk, **PERIOD},
    )

    [six] = response.context["follow_up"]
    assert (six.surveys, six.answered, six.response_percent, six.rcr01) == (1, 0, 0, 0)


def test_the_excel_summary_carries_the_follow_up(client, world):
    response = download(client, world, "participants.xlsx", **PERIOD)

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = [list(row) for row in workbook["Summary"].iter_rows(values_only=True)]
    start = rows.index(
        [
            "Months after first support",
            "Surveys due",
            "Answered",
            "Response rate (%)",
            "RCR03 – new product or process",
            "RCR04 – new marketing or organisational method",
            "RCR01 – jobs created (full-time equivalents)",
            "New research collaboration",
        ]
    )
    assert rows[start + 1][:8] == [6, 2, 1, 50, 1, 0, 1.5, 0]
    assert rows[start + 2][:8] == [12, 1, 1, 100, 1, 1, 4, 1]


def test_organisations_other_than_companies_are_not_listed(client, world):
    rows = download(client, world, "enterprises.csv").content.decode()
    assert str(Organisation.Kind.SCIENCE_PARK.label) not in rows
