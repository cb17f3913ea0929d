"""Measure report exports on `make bench`'s generated dataset (PostgreSQL only).

    manage.py bench_reports csv      # run each measurement in a fresh process:
    manage.py bench_reports xlsx     # the peak memory is the process's own
    manage.py bench_reports page     # the report page's figures, and what the follow-up adds

`csv` streams the CSV view's response; `xlsx` runs the Celery task that builds the Excel file
(build_report_export) in this process, as a worker would, file storage included. By default the
report is the generated national programme's, which covers every registration (1,000,000 on the
large dataset); `--project SLUG` measures another project's:

    DJANGO_SETTINGS_MODULE=bench.settings \
        DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench_large \
        manage.py bench_reports xlsx
"""

import datetime
import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import User
from bench.management.commands.generate_bench_data import BENCH_NATIONAL_PROJECT_SLUG
from bench.management.commands.generate_bench_data import Command as GenerateCommand
from followup.models import FollowUpSurvey
from projects.models import Project
from reports.enterprises import enterprises
from reports.figures import Report, Scope
from reports.models import ReportExport
from reports.tasks import build_report_export
from reports.views import participants_csv


def cpu_seconds() -> float:
    """CPU time of this process (user and system): less noisy than the clock on a busy host."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


class Command(BaseCommand):
    help = "Measure the CSV and Excel exports of a project's participant list."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["csv", "xlsx", "page"])
        parser.add_argument(
            "--project",
            default=BENCH_NATIONAL_PROJECT_SLUG,
            help="the slug of the project to report on",
        )

    def handle(self, *args, action, project, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark needs PostgreSQL: set DATABASE_URL.")
        if action == "page":
            self.measure_page(project)
        else:
            self.measure(action, project)

    def measure_page(self, slug: str, repeats: int = 3):
        """The report page's figures for the project (best of `repeats`): the page's queries
        without the result follow-up, the follow-up's aggregate alone, and the enterprise list
        (a download of its own). Datasets generated before the follow-up existed get their
        surveys first."""
        project = Project.objects.get(slug=slug)
        if not FollowUpSurvey.objects.filter(project=project).exists():
            with connection.cursor() as cursor:
                GenerateCommand.write_follow_up_surveys(cursor.cursor, timezone.now())
                cursor.execute(f"ANALYZE {FollowUpSurvey._meta.db_table}")
        user = User.objects.filter(is_superuser=True).order_by("pk").first()
        chosen = Report(user=user, scope=Scope.PROJECT, subject=project)

        def best(work) -> float:
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                work()
                times.append(time.perf_counter() - started)
            return min(times)

        def page_without_follow_up():
            chosen.row_count()
            chosen.summary()
            chosen.goals()

        page = best(page_without_follow_up)
        follow_up = best(chosen.follow_up)
        listing = best(lambda: enterprises(chosen))
        surveys = FollowUpSurvey.objects.filter(project=project).count()
        self.stdout.write(
            f"page: {chosen.row_count():,} registrations, {surveys:,} follow-up surveys; "
            f"report figures {page:.2f} s, follow-up {follow_up:.2f} s "
            f"(+{100 * follow_up / page:.1f} %), enterprise list {listing:.2f} s "
            f"(best of {repeats})"
        )

    def measure(self, action: str, slug: str):
        project = Project.objects.get(slug=slug)
        user = User.objects.filter(is_superuser=True).order_by("pk").first()
        if user is None:
            raise CommandError("No superuser to export as: create one.")
        scope = f"project-{project.pk}"
        baseline = peak_memory_mb()
        started = time.perf_counter()
        cpu_started = cpu_seconds()
        if action == "csv":
            request = RequestFactory().get("/reports/participants.csv", {"scope": scope})
            request.user = user
            response = participants_csv(request)
            size = rows = 0
            for chunk in response.streaming_content:
                size += len(chunk)
                rows += chunk.count(b"\n")
            rows -= 1  # the header
        else:
            # As start_report_export() records it, but the task runs here, not on a worker.
            export = ReportExport.objects.create(
                requested_by=user,
                parameters=f"scope={scope}",
                title=str(project),
                language="sv",
                expires_at=timezone.now() + datetime.timedelta(hours=1),
            )
            build_report_export(str(export.pk))
            export.refresh_from_db()
            if export.status != ReportExport.Status.DONE:
                raise CommandError(f"The export failed: {export.error}")
            rows, size = export.rows_written, export.file.size
            export.file.delete(save=False)
            export.delete()
        seconds = time.perf_counter() - started
        cpu = cpu_seconds() - cpu_started
        self.stdout.write(
            f"{action}: {rows} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s "
            f"(CPU {cpu:.1f} s in this process = {rows / cpu:,.0f} rows per CPU second), "
            f"{size / 1e6:.0f} MB file, peak memory {peak_memory_mb():.0f} MB "
            f"(before the export {baseline:.0f} MB)"
        )
