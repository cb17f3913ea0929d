"""The files: CSV and Excel that open in a spreadsheet, and big reports built in the background."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import User
from companies.models import SizeClass
from projects.models import Project
from reports.models import ReportExport
from reports.tasks import build_report_export, delete_expired_report_exports
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    ProjectFactory,
    RegistrationFactory,
    UserFactory,
)

from .helpers import coordinator_of, past, scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def eager_tasks(monkeypatch):
    """Run Celery tasks in the test process, also when REDIS_URL points at a real broker."""
    from cluster_portal.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)


def read_workbook(content: bytes):
    return load_workbook(io.BytesIO(content), read_only=True)


@pytest.fixture
def project_with_participants():
    project = ProjectFactory()
    company = OrganisationFactory(name="Cellvia Uppsala AB", organisation_number="5560360793")
    event = EventFactory(
        title="Open lab day", projects=[project], support_hours=Decimal(6), **past(2021, 3)
    )
    person = UserFactory(first_name="Åsa", last_name="Öberg", email="asa@cellvia.example")
    checked_in = event.starts_at + datetime.timedelta(minutes=5)
    RegistrationFactory(
        event=event, user=person, organisation=company, attended=True, checked_in_at=checked_in
    )
    RegistrationFactory(event=event, attended=False)
    return project


def test_the_excel_file_has_the_participants_and_a_summary_sheet(client, project_with_participants):
    project = project_with_participants
    client.force_login(coordinator_of(project))

    response = client.get("/en/reports/participants.xlsx", {"scope": scope("project", project)})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    workbook = read_workbook(b"".join(response.streaming_content))
    assert workbook.sheetnames == ["Participants", "Summary"]
    rows = list(workbook["Participants"].values)
    assert rows[0][:4] == ("Event", "Date", "Hours of support", "Participant")
    assert len(rows) == 3
    first = rows[1]
    assert first[0] == "Open lab day"
    # Spreadsheets hold local times without a zone.
    assert first[1] == datetime.datetime(2021, 3, 10)  # noqa: DTZ001
    assert first[2] == 6
    assert first[3:7] == ("Åsa Öberg", "asa@cellvia.example", "Cellvia Uppsala AB", "556036-0793")
    assert first[7] == "Company"
    assert first[10] == "Unknown"
    assert first[13] == "yes"
    assert first[14] == datetime.datetime(2021, 3, 10, 9, 5)  # noqa: DTZ001
    summary = {row[0]: row[1] for row in workbook["Summary"].values if len(row) > 1}
    assert summary["RCO01 – enterprises supported"] == 1
    assert summary["Participants (attended)"] == 1
    assert summary["Attendance rate (%) at events held"] == 50


def test_the_csv_file_reads_back_with_the_same_rows(client, project_with_participants):
    project = project_with_participants
    client.force_login(coordinator_of(project))

    response = client.get("/en/reports/participants.csv", {"scope": scope("project", project)})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 3
    assert rows[1][:4] == ["Open lab day", "2021-03-10", "6.00", "Åsa Öberg"]
    assert rows[1][14] == "2021-03-10 09:05:00"
    assert rows[2][13] == "no"


def test_a_big_report_is_built_in_the_background_with_progress(
    client, settings, project_with_participants, django_capture_on_commit_callbacks, eager_tasks
):
    settings.REPORTS_ASYNC_THRESHOLD = 1
    project = project_with_participants
    coordinator = coordinator_of(project)
    client.force_login(coordinator)
    query = {"scope": scope("project", project)}

    page = client.get("/en/reports/", query)
    assert "Prepare the Excel file" in page.content.decode()
    assert client.get("/en/reports/participants.xlsx", query).status_code == 302

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/reports/exports/", query)
    export = ReportExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/en/reports/exports/{export.pk}/"
    export.refresh_from_db()
    assert export.status == ReportExport.Status.DONE
    assert (export.rows_total, export.rows_written) == (2, 2)

    page = client.get(f"/en/reports/exports/{export.pk}/")
    assert "Download the Excel file" in page.content.decode()
    download = client.get(f"/en/reports/exports/{export.pk}/download/")
    assert download.status_code == 200
    workbook = read_workbook(b"".join(download.streaming_content))
    assert len(list(workbook["Participants"].values)) == 3

    # Running the task again leaves the finished file alone.
    build_report_export(str(export.pk))
    assert ReportExport.objects.get().file.name == export.file.name

    # Nobody else gets the file or its page.
    client.force_login(coordinator_of(ProjectFactory()))
    assert client.get(f"/en/reports/exports/{export.pk}/").status_code == 404
    assert client.get(f"/en/reports/exports/{export.pk}/download/").status_code == 404


def test_a_running_export_shows_a_progress_bar_that_refreshes(client, project_with_participants):
    project = project_with_participants
    coordinator = coordinator_of(project)
    export = ReportExport.objects.create(
        requested_by=coordinator,
        parameters=f"scope={scope('project', project)}",
        title=str(project),
        status=ReportExport.Status.RUNNING,
        rows_total=200,
        rows_written=50,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    client.force_login(coordinator)
    page = client.get(f"/en/reports/exports/{export.pk}/").content.decode()
    assert '<progress id="export-progress" max="100" value="25">' in page
    assert '<meta http-equiv="refresh" content="3">' in page
    assert client.get(f"/en/reports/exports/{export.pk}/download/").status_code == 404


def test_an_export_for_someone_who_lost_access_fails_without_a_file(project_with_participants):
    project = project_with_participants
    export = ReportExport.objects.create(
        requested_by=UserFactory(),
        parameters=f"scope={scope('project', project)}",
        title=str(project),
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    build_report_export(str(export.pk))
    export.refresh_from_db()
    assert export.status == ReportExport.Status.FAILED
    assert not export.file


def test_expired_exports_and_their_files_are_deleted(
    client, settings, project_with_participants, django_capture_on_commit_callbacks, eager_tasks
):
    settings.REPORTS_ASYNC_THRESHOLD = 1
    project = project_with_participants
    client.force_login(coordinator_of(project))
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/reports/exports/", {"scope": scope("project", project)})
    export = ReportExport.objects.get()
    path = export.file.path
    ReportExport.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    assert delete_expired_report_exports() == 1

    assert not ReportExport.objects.exists()
    assert not __import__("os").path.exists(path)
    assert "delete-expired-report-exports" in settings.CELERY_BEAT_SCHEDULE


def test_the_demo_coordinator_sees_the_stockholm_life_tech_report(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    coordinator = User.objects.get(email="coordinator@example.com")
    life_tech = Project.objects.get(acronym="Sthlm LifeTech")
    client.force_login(coordinator)
    query = {"scope": scope("project", life_tech)}

    response = client.get("/en/reports/", query)

    # The seeder: three attended events in 2021–2022, six hours each, five companies each from
    # a sliding window of the Stockholm and Uppsala companies: [0:5], [1:6], [2:7].
    figures = response.context["summary"]
    assert (figures.events, figures.participants, figures.enterprises) == (3, 15, 7)
    assert figures.support_hours == Decimal(90)
    assert sum(n for _value, _label, n in figures.by_size) == 7
    # Their declarations came after 2022, so their current facts decide (and the page says so).
    assert figures.undeclared_enterprises == 7
    expected = {
        size: n
        for size, n in (
            (
                value,
                sum(
                    1
                    for organisation in {r.organisation for r in life_tech_registrations()}
                    if organisation.size_class == value
                ),
            )
            for value in SizeClass.values
        )
        if n
    }
    assert {value: n for value, _label, n in figures.by_size if n} == expected
    assert "Companies reached with different forms of support: 7 of 200" in (
        response.content.decode()
    )

    csv_response = client.get("/en/reports/participants.csv", query)
    assert len(b"".join(csv_response.streaming_content).decode().splitlines()) == 16
    xlsx = client.get("/en/reports/participants.xlsx", query)
    workbook = read_workbook(b"".join(xlsx.streaming_content))
    assert len(list(workbook["Participants"].values)) == 16
    assert client.get(f"/en/reports/projects/{life_tech.slug}/").status_code == 200


def life_tech_registrations():
    from events.models import Registration

    return Registration.objects.filter(event__projects__acronym="Sthlm LifeTech").select_related(
        "organisation"
    )


def test_an_export_that_breaks_is_marked_failed(monkeypatch, project_with_participants):
    project = project_with_participants
    export = ReportExport.objects.create(
        requested_by=coordinator_of(project),
        parameters=f"scope={scope('project', project)}",
        title=str(project),
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("reports.tasks.write_xlsx", broken)
    with pytest.raises(OSError, match="disk full"):
        build_report_export(str(export.pk))
    export.refresh_from_db()
    assert export.status == ReportExport.Status.FAILED
    assert export.is_finished
