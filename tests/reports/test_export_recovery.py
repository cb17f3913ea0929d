"""An export outlives the broker being down and the worker building it dying (issue 19)."""

import datetime

import pytest
from django.utils import timezone

from reports import services
from reports.models import ReportExport
from tests.factories import EventFactory, ProjectFactory, RegistrationFactory

from .helpers import coordinator_of, scope

pytestmark = pytest.mark.django_db


@pytest.fixture
def project_with_participants():
    project = ProjectFactory()
    event = EventFactory(projects=[project], starts_at=timezone.now() - datetime.timedelta(days=9))
    RegistrationFactory.create_batch(2, event=event)
    return project


def later(seconds: float) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(seconds=seconds)


def test_an_export_asked_for_while_the_broker_is_down_is_built_once_it_is_back(
    client, settings, project_with_participants, django_capture_on_commit_callbacks, monkeypatch
):
    settings.REPORTS_ASYNC_THRESHOLD = 1
    project = project_with_participants
    client.force_login(coordinator_of(project))
    with monkeypatch.context() as broker:
        broker.setattr("reports.services.dispatch", lambda *args: False)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/en/reports/exports/", {"scope": scope("project", project)})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Waiting to start" in page
    assert "refreshes itself" in page
    # Younger than one sweep: left to the task enqueued on commit.
    assert services.sweep_report_exports() == 0
    assert services.sweep_report_exports(now=later(settings.JOB_SWEEP_SECONDS + 1)) == 1
    export = ReportExport.objects.get()
    assert export.status == ReportExport.Status.DONE
    assert "Download the Excel file" in client.get(response["Location"]).content.decode()


def running_export(project, *, attempts: int, heartbeat_seconds_ago: float) -> ReportExport:
    return ReportExport.objects.create(
        requested_by=coordinator_of(project),
        parameters=f"scope={scope('project', project)}",
        title=str(project),
        status=ReportExport.Status.RUNNING,
        attempts=attempts,
        heartbeat_at=timezone.now() - datetime.timedelta(seconds=heartbeat_seconds_ago),
        rows_total=2,
        rows_written=1,
        expires_at=later(3600),
    )


def test_an_export_whose_worker_died_is_retried_and_shown_as_retrying(
    client, settings, project_with_participants, monkeypatch
):
    dispatched = []
    monkeypatch.setattr("reports.services.dispatch", lambda task, pk: dispatched.append(pk))
    alive = running_export(project_with_participants, attempts=1, heartbeat_seconds_ago=1)
    dead = running_export(project_with_participants, attempts=1, heartbeat_seconds_ago=120)
    services.sweep_report_exports()
    alive.refresh_from_db()
    dead.refresh_from_db()
    assert alive.status == ReportExport.Status.RUNNING
    assert dead.status == ReportExport.Status.PENDING
    assert dispatched == [str(dead.pk)]
    client.force_login(dead.requested_by)
    page = client.get(dead.get_absolute_url()).content.decode()
    assert "Retrying" in page
    assert "being built again from the start" in page


def test_an_export_whose_worker_keeps_dying_fails_with_try_again(
    client, project_with_participants, monkeypatch
):
    monkeypatch.setattr("reports.services.dispatch", lambda task, pk: True)
    dead = running_export(
        project_with_participants, attempts=services.MAX_ATTEMPTS, heartbeat_seconds_ago=120
    )
    services.sweep_report_exports()
    dead.refresh_from_db()
    assert dead.status == ReportExport.Status.FAILED
    client.force_login(dead.requested_by)
    page = client.get(dead.get_absolute_url()).content.decode()
    assert "Please try again from the report page." in page
    assert "refresh" not in page.split("</head>")[0]


def test_a_second_task_for_the_same_export_builds_nothing(project_with_participants):
    from reports.tasks import build_report_export

    export = running_export(project_with_participants, attempts=1, heartbeat_seconds_ago=1)
    build_report_export(str(export.pk))
    export.refresh_from_db()
    assert (export.status, export.attempts, bool(export.file)) == ("running", 1, False)
