"""Measure report exports on a generated dataset (PostgreSQL only).

    manage.py bench_reports seed --registrations 1000000
    manage.py bench_reports csv      # run each measurement in a fresh process:
    manage.py bench_reports xlsx     # the peak memory is the process's own

`csv` streams the CSV view's response; `xlsx` runs the Celery task that builds the Excel file
(build_report_export) in this process, as a worker would, file storage included.

Generated rows are marked with the slug prefix "bench-" and live only in the database the
settings point at; a second `seed` adds nothing. `--project SLUG` measures another project's
report instead, e.g. the national programme of `make bench`'s large dataset, which covers all
its 1,000,000 registrations:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cp_bench_large \
        manage.py bench_reports xlsx --project national-sme-programme
"""

import datetime
import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import User
from projects.models import Project
from reports.models import ReportExport
from reports.tasks import build_report_export
from reports.views import participants_csv

PROJECT_SLUG = "bench-project"
EVENTS = 2000
COMPANIES = 20000
USERS = 100000


def cpu_seconds() -> float:
    """CPU time of this process (user and system): less noisy than the clock on a busy host."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


class Command(BaseCommand):
    help = "Seed a big dataset and measure CSV and Excel exports of the participant list."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["seed", "csv", "xlsx"])
        parser.add_argument("--registrations", type=int, default=1_000_000)
        parser.add_argument(
            "--project", default=PROJECT_SLUG, help="the slug of the project to report on"
        )

    def handle(self, *args, action, registrations, project, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The benchmark needs PostgreSQL: set DATABASE_URL.")
        if action == "seed":
            self.seed(registrations)
        else:
            self.measure(action, project)

    def seed(self, registrations: int):
        if Project.objects.filter(slug=PROJECT_SLUG).exists():
            self.stdout.write("Already seeded.")
            return
        per_event = max(1, registrations // EVENTS)
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO companies_organisation (name, slug, kind, organisation_number,
                    municipality, website, description, sector, is_listed, created_at,
                    updated_at, county_id, headcount)
                SELECT 'Bench host', 'bench-host', 'science_park', '', 'Uppsala', '', '', '',
                    true, now(), now(), 'C', NULL
                UNION ALL
                SELECT 'Bench company ' || n, 'bench-company-' || n, 'company', '',
                    'Uppsala', '', '', 'Software', true, now(), now(),
                    (ARRAY['AB','C','O','M','E'])[1 + n %% 5], 3 + n %% 300
                FROM generate_series(1, %s) AS n
                """,
                [COMPANIES],
            )
            cursor.execute(
                """
                INSERT INTO companies_sizedeclaration (declared_on, headcount, created_at,
                    organisation_id)
                SELECT DATE '2020-01-01' + (id %% 900)::int, headcount, now(), id
                FROM companies_organisation WHERE slug LIKE 'bench-company-%%'
                """,
                [],
            )
            cursor.execute(
                """
                INSERT INTO accounts_user (password, is_superuser, first_name, last_name,
                    is_staff, is_active, date_joined, email, preferred_language,
                    calendar_token)
                SELECT '!', false, 'Person', 'Number ' || n, false, true, now(),
                    'bench-' || n || '@example.org', 'sv', md5('bench' || n)
                FROM generate_series(1, %s) AS n
                """,
                [USERS],
            )
            cursor.execute(
                """
                INSERT INTO events_event (title, slug, kind, description, starts_at, ends_at,
                    format, venue_name, address, city, online_url, language, capacity,
                    allows_private_persons, status, support_hours, created_at, updated_at,
                    county_id)
                SELECT 'Bench event ' || n, 'bench-event-' || n,
                    (ARRAY['workshop','seminar','training','webinar'])[1 + n %% 4], '',
                    TIMESTAMPTZ '2020-01-06 09:00+01' + n * INTERVAL '1 day',
                    TIMESTAMPTZ '2020-01-06 12:00+01' + n * INTERVAL '1 day',
                    'on_site', 'Bench venue', '', 'Uppsala', '', 'sv', NULL, false,
                    'published', 3, now(), now(), 'C'
                FROM generate_series(1, %s) AS n
                """,
                [EVENTS],
            )
            cursor.execute(
                """
                INSERT INTO events_event_hosts (event_id, organisation_id)
                SELECT e.id, o.id FROM events_event e, companies_organisation o
                WHERE e.slug LIKE 'bench-event-%%' AND o.slug = 'bench-host'
                """,
                [],
            )
            cursor.execute(
                """
                INSERT INTO events_registration (status, attended, checked_in_at, created_at,
                    updated_at, event_id, organisation_id, user_id)
                SELECT
                    CASE WHEN i %% 20 = 0 THEN 'cancelled' WHEN i %% 25 = 0 THEN 'waitlisted'
                         ELSE 'confirmed' END,
                    CASE WHEN i %% 20 = 0 OR i %% 25 = 0 THEN NULL ELSE i %% 7 <> 0 END,
                    CASE WHEN i %% 20 = 0 OR i %% 25 = 0 OR i %% 7 = 0 THEN NULL
                         ELSE e.starts_at END,
                    now(), now(), e.id,
                    (SELECT min(id) FROM companies_organisation
                     WHERE slug LIKE 'bench-company-%%') + (e.id * 7 + i) %% %s,
                    (SELECT min(id) FROM accounts_user WHERE email LIKE 'bench-%%')
                        + (e.id * %s + i) %% %s
                FROM events_event e, generate_series(1, %s) AS i
                WHERE e.slug LIKE 'bench-event-%%'
                """,
                [COMPANIES, per_event, USERS, per_event],
            )
            cursor.execute("SELECT id FROM companies_organisation WHERE slug = 'bench-host'")
            host_id = cursor.fetchone()[0]
        User.objects.create_superuser(email="bench-admin@example.org", password=None)
        project = Project.objects.create(
            name="Bench project",
            slug=PROJECT_SLUG,
            owner_id=host_id,
            funding_programme=Project.FundingProgramme.ERDF,
        )
        with connection.cursor() as cursor:
            cursor.execute(
                """
                INSERT INTO events_event_projects (event_id, project_id)
                SELECT id, %s FROM events_event WHERE slug LIKE 'bench-event-%%'
                """,
                [project.pk],
            )
            cursor.execute("ANALYZE")
        self.stdout.write(
            f"Seeded {per_event * EVENTS} registrations in {time.perf_counter() - started:.1f} s"
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
