"""Fill a PostgreSQL database with a national-scale dataset for `make bench`.

Rows are streamed with COPY (psycopg 3's `cursor.copy`) with explicit ids, so foreign keys are
computed rather than looked up; sequences are reset afterwards. Per-object sizes stay the same at
both scales (about 50 registrations per event, 50 members per network, 60 events per project):
only the number of objects grows, which is what "flat cost as data grows" is about.
"""

import datetime
import hashlib
import itertools
import time
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone
from modeltranslation.translator import translator

from accounts.models import User
from companies.models import (
    Organisation,
    OrganisationMembership,
    SizeDeclaration,
    ThematicArea,
)
from events.models import Event, ProgrammeItem, Registration, Speaker
from followup.models import FollowUpSurvey
from funding.models import REGULATION, DeMinimisEntry
from networks.models import Network, NetworkMembership
from projects.models import Project, ProjectGoal, ProjectPartner
from regions.models import County

# The user whose /me/ page the benchmark loads; they hold BENCH_ME_REGISTRATIONS registrations.
BENCH_ME_EMAIL = "me@bench.example.com"
BENCH_ME_REGISTRATIONS = 500
BENCH_PASSWORD = "bench-password"
# A national programme every event counts for: its report covers every registration, so the
# benchmark exports all of them through the portal's own CSV URL. It is the last project, and
# its name sorts after the others ("Project N"), so the pages the benchmark loads (project 1,
# the first six active projects on the home page) stay as they were.
BENCH_NATIONAL_PROJECT_SLUG = "national-sme-programme"

THEMES = [
    "Life science",
    "Circular economy",
    "Energy",
    "Food and agriculture",
    "Digitalisation",
    "Mobility",
    "Forestry and bio-based materials",
    "Health tech",
    "Water",
    "Construction",
    "Textiles",
    "Advanced manufacturing",
]


@dataclass(frozen=True)
class Scale:
    science_parks: int
    other_hosts: int
    companies: int
    users: int
    networks: int
    network_memberships: int
    projects: int
    events: int
    registrations: int


SCALES = {
    # Sweden has some 60 science-park environments whatever the data volume, so both scales
    # keep 60; everything else is one tenth in "small".
    "large": Scale(60, 20, 50_000, 100_000, 2_000, 100_000, 200, 20_000, 1_000_000),
    "small": Scale(60, 20, 5_000, 10_000, 200, 10_000, 20, 2_000, 100_000),
    # For the test suite: enough events for the /me/ user's 500 registrations, little else.
    "tiny": Scale(60, 20, 200, 400, 20, 400, 10, 700, 3_000),
}

APP_MODELS = [
    FollowUpSurvey,
    DeMinimisEntry,
    Registration,
    Speaker,
    ProgrammeItem,
    Event,
    NetworkMembership,
    Network,
    ProjectGoal,
    ProjectPartner,
    Project,
    SizeDeclaration,
    OrganisationMembership,
    Organisation,
    ThematicArea,
    User,
]


def luhn_check_digit(nine_digits: str) -> str:
    total = 0
    for position, char in enumerate(nine_digits):
        digit = int(char) * (2 if position % 2 == 0 else 1)
        total += digit - 9 if digit > 9 else digit
    return str((10 - total % 10) % 10)


def column_filler(model, columns: list[str]):
    """Return (all columns, function completing a row) for COPY into `model`'s table.

    Columns the generator does not set get their model default, NULL or "now", so fields other
    engineers add later (nullable or with a default) do not break the generator.
    """
    now = timezone.now()
    extra = []
    for field in model._meta.concrete_fields:
        if field.attname in columns or isinstance(field, models.GeneratedField):
            continue  # set by the generator, or computed by the database
        if field.primary_key:
            raise CommandError(f"{model.__name__}: the generator must set the primary key")
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            extra.append((field.attname, lambda now=now: now))
        elif field.has_default():
            if callable(field.default):
                extra.append((field.attname, field.default))
            else:
                extra.append((field.attname, lambda value=field.default: value))
        elif field.null:
            extra.append((field.attname, lambda: None))
        elif (
            isinstance(field, models.CharField | models.TextField | models.FileField)
            and field.blank
        ):
            extra.append((field.attname, lambda: ""))  # a file field stores its name: none
        else:
            raise CommandError(f"{model.__name__}.{field.attname} needs a value from the generator")
    all_columns = columns + [name for name, _ in extra]
    makers = [make for _, make in extra]

    def complete(row):
        return (*row, *(make() for make in makers))

    return all_columns, complete


def in_both_languages(model, columns: list[str], rows):
    """The columns and rows with each text the generator writes once also in its Swedish and
    English columns, which the portal reads and searches (django-modeltranslation)."""
    if model not in translator.get_registered_models():
        return columns, rows
    texts = [
        columns.index(name)
        for name in translator.get_options_for_model(model).fields
        if name in columns and f"{name}_sv" not in columns
    ]
    languages = ("sv", "en")
    added = [f"{columns[i]}_{language}" for i in texts for language in languages]
    return columns + added, ((*row, *(row[i] for i in texts for _ in languages)) for row in rows)


class Command(BaseCommand):
    help = "Generate the benchmark dataset (PostgreSQL only) with COPY."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Empty the portal's tables first (counties stay).",
        )

    def handle(self, *args, scale, flush, **options):
        if not settings.DEBUG:
            raise CommandError(
                "generate_bench_data replaces the database's contents and creates accounts with a "
                "public password; it runs only with DEBUG on (`make bench` sets it)."
            )
        if connection.vendor != "postgresql":
            raise CommandError("generate_bench_data needs PostgreSQL (set DATABASE_URL).")
        if Event.objects.exists() or User.objects.exists():
            if not flush:
                raise CommandError("The database already holds data; pass --flush to replace it.")
            self.truncate()
        self.size = SCALES[scale]
        self.now = timezone.now().replace(minute=0, second=0, microsecond=0)
        self.counties = list(County.objects.order_by("code").values_list("code", flat=True))
        if not self.counties:
            raise CommandError("No counties: run `manage.py migrate` first.")
        started = time.monotonic()
        with transaction.atomic(), connection.cursor() as cursor:
            self.cursor = cursor.cursor  # the psycopg cursor under Django's wrapper
            for step in (
                self.themes,
                self.organisations,
                self.users,
                self.projects,
                self.networks,
                self.events,
                self.registrations,
                self.follow_up_surveys,
                self.de_minimis_ledger,
            ):
                step_started = time.monotonic()
                step()
                self.stdout.write(f"  {step.__name__}: {time.monotonic() - step_started:.1f} s")
            for sql in connection.ops.sequence_reset_sql(no_style(), APP_MODELS):
                cursor.execute(sql)
        with connection.cursor() as cursor:
            # VACUUM (for index-only scans) cannot run inside a transaction, e.g. in a test.
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated the {scale} dataset in {time.monotonic() - started:.0f} s "
                f"({self.size.registrations:,} registrations)."
            )
        )

    def de_minimis_ledger(self):
        """Every tenth event is de minimis aid granted by the national programme: its attended
        company participations get their ledger entries, as the portal writes them, so that the
        report pages are measured with a ledger beside them."""
        project_id = Project.objects.get(slug=BENCH_NATIONAL_PROJECT_SLUG).pk
        table = connection.ops.quote_name
        self.cursor.execute(
            f"UPDATE {table(Event._meta.db_table)} SET de_minimis_aid_sek = 20000, "
            "aid_valuation = 'fixed', aid_granting_project_id = %s WHERE id %% 10 = 0",
            [project_id],
        )
        self.cursor.execute(
            f"""
            INSERT INTO {table(DeMinimisEntry._meta.db_table)} (
                registration_id, organisation_id, event_id, project_id, granting_body,
                granted_on, aid_sek, sek_per_eur, aid_eur, valuation, regulation, created_at,
                updated_at)
            SELECT r.id, r.organisation_id, r.event_id, %s, 'National SME programme',
                (e.starts_at AT TIME ZONE %s)::date, 20000, 11.5, 1739.13, 'fixed', %s, %s, %s
            FROM {table(Registration._meta.db_table)} AS r
            JOIN {table(Event._meta.db_table)} AS e ON e.id = r.event_id
            JOIN {table(Organisation._meta.db_table)} AS o ON o.id = r.organisation_id
            WHERE e.id %% 10 = 0 AND r.status = 'confirmed' AND r.attended
                AND o.kind = 'company'
            """,
            [project_id, settings.TIME_ZONE, REGULATION, self.now, self.now],
        )

    def truncate(self):
        tables = {model._meta.db_table for model in APP_MODELS}
        for model in APP_MODELS:
            for field in model._meta.local_many_to_many:
                tables.add(field.remote_field.through._meta.db_table)
        with connection.cursor() as cursor:
            if connection.in_atomic_block:
                # Deferred foreign-key checks of rows written in this transaction block TRUNCATE.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                f"TRUNCATE {', '.join(sorted(tables))}, django_session RESTART IDENTITY CASCADE"
            )

    def copy(self, model, columns, rows):
        columns, rows = in_both_languages(model, columns, rows)
        all_columns, complete = column_filler(model, columns)
        self.copy_table(model._meta.db_table, all_columns, (complete(row) for row in rows))

    def copy_m2m(self, model, field_name, rows):
        field = model._meta.get_field(field_name)
        through = field.remote_field.through._meta.db_table
        columns = [field.m2m_column_name(), field.m2m_reverse_name()]
        self.copy_table(through, columns, rows)

    def copy_table(self, table, columns, rows):
        quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
        sql = f"COPY {connection.ops.quote_name(table)} ({quoted}) FROM STDIN"
        count = 0
        with self.cursor.copy(sql) as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    # Ids: thematic areas 1..12; organisations: science parks first, then other hosts, then
    # companies; users: the /me/ user is id 1.

    def themes(self):
        rows = ((i, name, f"theme-{i}") for i, name in enumerate(THEMES, start=1))
        self.copy(ThematicArea, ["id", "name", "slug"], rows)

    def park_id(self, index):
        return 1 + index % self.size.science_parks

    def company_id(self, index):
        return 1 + self.size.science_parks + self.size.other_hosts + index

    def county_of(self, index):
        return self.counties[index % len(self.counties)]

    def organisations(self):
        size = self.size
        kinds = [
            Organisation.Kind.CLUSTER_ORGANISATION,
            Organisation.Kind.UNIVERSITY,
            Organisation.Kind.PUBLIC_BODY,
            Organisation.Kind.FUNDER,
        ]
        columns = [
            "id",
            "name",
            "slug",
            "kind",
            "organisation_number",
            "county_id",
            "municipality",
            "description",
            "sector",
            "is_listed",
            "headcount",
            "annual_turnover_eur",
            "balance_sheet_total_eur",
            "sme_facts_declared_on",
        ]
        declared_on = datetime.date(2024, 1, 1)

        def rows():
            for i in range(size.science_parks):
                yield (
                    self.park_id(i),
                    f"Science Park {i + 1}",
                    f"science-park-{i + 1}",
                    Organisation.Kind.SCIENCE_PARK,
                    "",
                    self.county_of(i),
                    f"Municipality {i % 290}",
                    "A science park hosting networks, projects and events.",
                    "",
                    True,
                    None,
                    None,
                    None,
                    None,
                )
            for i in range(size.other_hosts):
                yield (
                    1 + size.science_parks + i,
                    f"Host organisation {i + 1}",
                    f"host-organisation-{i + 1}",
                    kinds[i % len(kinds)],
                    "",
                    self.county_of(i),
                    "",
                    "",
                    "",
                    True,
                    None,
                    None,
                    None,
                    None,
                )
            for i in range(size.companies):
                nine = f"556{i:06d}"
                headcount = (i * 7) % 300
                yield (
                    self.company_id(i),
                    f"Company {i + 1} AB",
                    f"company-{i + 1}",
                    Organisation.Kind.COMPANY,
                    nine + luhn_check_digit(nine),
                    self.county_of(i),
                    f"Municipality {i % 290}",
                    "",
                    f"Sector {i % 40}",
                    i % 2 == 0,
                    headcount,
                    Decimal(headcount * 150_000),
                    None,
                    declared_on,
                )

        self.copy(Organisation, columns, rows())
        self.copy_m2m(
            Organisation,
            "thematic_areas",
            ((self.company_id(i), 1 + i % len(THEMES)) for i in range(size.companies)),
        )
        self.copy_m2m(
            Organisation,
            "thematic_areas",
            itertools.chain.from_iterable(
                ((self.park_id(i), 1 + i % len(THEMES)), (self.park_id(i), 1 + (i + 5) % 12))
                for i in range(size.science_parks)
            ),
        )

        def declarations():
            for i in range(size.companies):
                headcount = (i * 7) % 300
                turnover = Decimal(headcount * 150_000)
                yield (
                    i + 1,
                    self.company_id(i),
                    declared_on,
                    headcount,
                    turnover,
                )

        self.copy(
            SizeDeclaration,
            [
                "id",
                "organisation_id",
                "declared_on",
                "headcount",
                "annual_turnover_eur",
            ],
            declarations(),
        )

    def user_of_company(self, company_index):
        """Users are members of company (index % companies); user index 0 is the /me/ user."""
        return 1 + company_index

    def users(self):
        size = self.size
        password = make_password(BENCH_PASSWORD)
        joined = self.now - datetime.timedelta(days=400)

        def rows():
            for i in range(size.users):
                email = BENCH_ME_EMAIL if i == 0 else f"user{i}@bench.example.com"
                token = hashlib.sha256(f"bench-calendar-{i}".encode()).hexdigest()
                yield (
                    i + 1,
                    password,
                    False,
                    f"First{i}",
                    f"Last{i}",
                    email,
                    False,
                    True,
                    joined,
                    "sv" if i % 3 else "en",
                    token,
                )

        self.copy(
            User,
            [
                "id",
                "password",
                "is_superuser",
                "first_name",
                "last_name",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "preferred_language",
                "calendar_token",
            ],
            rows(),
        )
        self.copy(
            OrganisationMembership,
            ["id", "user_id", "organisation_id", "role", "status"],
            (
                (
                    i + 1,
                    i + 1,
                    self.company_id(i % size.companies),
                    OrganisationMembership.Role.ADMIN
                    if i < size.companies
                    else OrganisationMembership.Role.MEMBER,
                    OrganisationMembership.Status.ACTIVE,
                )
                for i in range(size.users)
            ),
        )

    def projects(self):
        size = self.size
        programmes = [choice for choice, _ in Project.FundingProgramme.choices]
        funder_id = 1 + size.science_parks + 3  # a host organisation of kind "funder"

        def rows():
            for i in range(size.projects):
                yield (
                    i + 1,
                    f"Project {i + 1}",
                    f"P{i + 1}",
                    f"project-{i + 1}",
                    "An EU-funded project supporting companies.",
                    self.park_id(i),
                    programmes[i % len(programmes)],
                    datetime.date(2024, 1, 1),
                    datetime.date(2027, 12, 31),
                    Project.Status.ACTIVE if i % 10 else Project.Status.COMPLETED,
                )
            yield (
                self.national_project_id(),
                "Swedish national SME programme",
                "NSME",
                BENCH_NATIONAL_PROJECT_SLUG,
                "A national programme that every science park's events count for.",
                funder_id,
                programmes[0],
                datetime.date(2020, 1, 1),
                datetime.date(2030, 12, 31),
                Project.Status.ACTIVE,
            )

        self.copy(
            Project,
            [
                "id",
                "name",
                "acronym",
                "slug",
                "description",
                "owner_id",
                "funding_programme",
                "starts_on",
                "ends_on",
                "status",
            ],
            rows(),
        )
        self.copy(
            ProjectPartner,
            ["id", "project_id", "organisation_id", "role"],
            itertools.chain.from_iterable(
                (
                    (2 * i + 1, i + 1, self.park_id(i + 1), ProjectPartner.Role.PARTNER),
                    (2 * i + 2, i + 1, self.park_id(i + 2), ProjectPartner.Role.ASSOCIATED),
                )
                for i in range(size.projects)
            ),
        )
        self.copy_m2m(Project, "funders", ((i + 1, funder_id) for i in range(size.projects)))
        self.copy_m2m(
            Project, "counties", ((i + 1, self.county_of(i)) for i in range(size.projects))
        )
        self.copy_m2m(
            Project, "thematic_areas", ((i + 1, 1 + i % len(THEMES)) for i in range(size.projects))
        )
        metrics = [
            (ProjectGoal.Metric.COMPANIES_REACHED, "Companies reached", 500),
            (ProjectGoal.Metric.PARTICIPANTS, "Participants", 2000),
            (ProjectGoal.Metric.SUPPORT_HOURS, "Hours of support", 6000),
            (ProjectGoal.Metric.EVENTS_HELD, "Events held", 60),
        ]
        self.copy(
            ProjectGoal,
            ["id", "project_id", "description", "metric", "target_value", "order"],
            (
                (i * len(metrics) + j + 1, i + 1, text, metric, target, j)
                for i in range(size.projects)
                for j, (metric, text, target) in enumerate(metrics)
            ),
        )

    def national_project_id(self):
        return self.size.projects + 1

    def networks(self):
        size = self.size
        policies = [choice for choice, _ in Network.JoinPolicy.choices]

        def rows():
            for i in range(size.networks):
                yield (
                    i + 1,
                    f"Network {i + 1}",
                    f"network-{i + 1}",
                    "A sustainability network for companies.",
                    "Small and medium-sized companies.",
                    "Four meetings a year.",
                    policies[i % len(policies)],
                    (1 + i % size.projects) if i % 3 == 0 else None,
                    i % 20 == 19,
                )

        self.copy(
            Network,
            [
                "id",
                "name",
                "slug",
                "description",
                "audience",
                "meeting_format",
                "join_policy",
                "project_id",
                "is_archived",
            ],
            rows(),
        )
        self.copy_m2m(
            Network,
            "hosts",
            itertools.chain.from_iterable(
                ((i + 1, self.park_id(i)),)
                + (((i + 1, self.park_id(i + 7)),) if i % 4 == 0 else ())
                for i in range(size.networks)
            ),
        )
        self.copy_m2m(
            Network,
            "counties",
            (
                (i + 1, self.counties[(i + j * 5) % len(self.counties)])
                for i in range(size.networks)
                for j in range(1 + i % 3)
            ),
        )
        self.copy_m2m(
            Network,
            "thematic_areas",
            (
                (i + 1, 1 + (i + j * 4) % len(THEMES))
                for i in range(size.networks)
                for j in range(1 + i % 2)
            ),
        )
        per_network = size.network_memberships // size.networks
        statuses = [NetworkMembership.Status.ACTIVE] * 8 + [
            NetworkMembership.Status.PENDING,
            NetworkMembership.Status.LEFT,
        ]

        def memberships():
            for n in range(size.networks):
                for k in range(per_network):
                    company = (n * 97 + k * 13) % size.companies
                    status = statuses[(n + k) % len(statuses)]
                    decided = None if status == NetworkMembership.Status.PENDING else self.now
                    yield (
                        n * per_network + k + 1,
                        n + 1,
                        self.company_id(company),
                        status,
                        self.user_of_company(company),
                        decided,
                    )

        self.copy(
            NetworkMembership,
            ["id", "network_id", "organisation_id", "status", "contact_user_id", "decided_at"],
            memberships(),
        )

    def event_start(self, index):
        """Events spread evenly over two years back and two years ahead."""
        span = datetime.timedelta(days=4 * 365)
        offset = span * index / self.size.events - span / 2
        return self.now + offset + datetime.timedelta(hours=9 - self.now.hour)

    @staticmethod
    def event_status(index):
        if index % 20 == 7:
            return Event.Status.DRAFT
        if index % 20 == 13:
            return Event.Status.CANCELLED
        return Event.Status.PUBLISHED

    @staticmethod
    def has_capacity(index):
        return index % 5 == 4

    # Events with a capacity hold CAPACITY_CUTOFF live registrations before the waiting list;
    # two of those are cancelled, so the confirmed seats exactly fill the capacity.
    CAPACITY_CUTOFF = 45

    def events(self):
        size = self.size
        kinds = [choice for choice, _ in Event.Kind.choices]
        formats = [choice for choice, _ in Event.Format.choices]
        cancelled_below_cutoff = len([k for k in range(self.CAPACITY_CUTOFF) if k % 20 == 19])

        def rows():
            for i in range(size.events):
                starts = self.event_start(i)
                event_format = formats[i % len(formats)]
                yield (
                    i + 1,
                    f"{kinds[i % len(kinds)].replace('_', ' ').capitalize()} {i + 1}",
                    f"event-{i + 1}",
                    kinds[i % len(kinds)],
                    "What the event is about, who it is for and what participants take home.",
                    starts,
                    starts + datetime.timedelta(hours=3),
                    event_format,
                    "Innovation house" if event_format != Event.Format.ONLINE else "",
                    "",
                    f"City {i % 100}",
                    self.county_of(i),
                    "https://meet.example.com/e" if event_format != Event.Format.ON_SITE else "",
                    (1 + i % size.networks) if i % 10 < 3 else None,
                    (self.CAPACITY_CUTOFF - cancelled_below_cutoff)
                    if self.has_capacity(i)
                    else None,
                    starts - datetime.timedelta(days=60),
                    starts - datetime.timedelta(days=1),
                    self.event_status(i),
                    Decimal(3),
                )

        self.copy(
            Event,
            [
                "id",
                "title",
                "slug",
                "kind",
                "description",
                "starts_at",
                "ends_at",
                "format",
                "venue_name",
                "address",
                "city",
                "county_id",
                "online_url",
                "network_id",
                "capacity",
                "registration_opens_at",
                "registration_closes_at",
                "status",
                "support_hours",
            ],
            rows(),
        )
        self.copy_m2m(
            Event,
            "hosts",
            itertools.chain.from_iterable(
                ((i + 1, self.park_id(i)),)
                + (((i + 1, self.park_id(i + 3)),) if i % 6 == 0 else ())
                for i in range(size.events)
            ),
        )
        self.copy_m2m(
            Event,
            "projects",
            ((i + 1, 1 + i % size.projects) for i in range(size.events) if i % 5 < 3),
        )
        self.copy_m2m(
            Event, "projects", ((i + 1, self.national_project_id()) for i in range(size.events))
        )
        self.copy_m2m(
            Event, "thematic_areas", ((i + 1, 1 + i % len(THEMES)) for i in range(size.events))
        )
        self.copy(
            ProgrammeItem,
            ["id", "event_id", "starts_at", "title", "order"],
            (
                (2 * i + j + 1, i + 1, datetime.time(9 + j), title, j)
                for i in range(size.events)
                for j, title in enumerate(["Welcome and introduction", "Workshop"])
            ),
        )
        self.copy(
            Speaker,
            ["id", "event_id", "name", "affiliation", "order"],
            ((i + 1, i + 1, f"Speaker {i + 1}", "Invited expert", 0) for i in range(size.events)),
        )

    def registrations(self):
        size = self.size
        eligible = [i for i in range(size.events) if self.event_status(i) != Event.Status.DRAFT]
        me_events = [i for i in eligible if not self.has_capacity(i)][:BENCH_ME_REGISTRATIONS]
        if len(me_events) < BENCH_ME_REGISTRATIONS:
            raise CommandError("Too few events for the /me/ user's registrations.")
        generic = size.registrations - BENCH_ME_REGISTRATIONS
        others = size.users - 1
        now = self.now
        confirmed = Registration.Status.CONFIRMED
        waitlisted = Registration.Status.WAITLISTED
        cancelled = Registration.Status.CANCELLED
        starts = [self.event_start(i) for i in range(size.events)]

        def row(pk, event, user_index, k):
            begins = starts[event]
            if self.has_capacity(event) and k >= self.CAPACITY_CUTOFF:
                status = waitlisted
            elif k % 20 == 19:
                status = cancelled
            else:
                status = confirmed
            past = begins < now
            attended = (k % 4 != 3) if past and status == confirmed else None
            created = begins - datetime.timedelta(days=30, minutes=k)
            company = user_index % size.companies
            return (
                pk,
                event + 1,
                user_index + 1,
                self.company_id(company),
                status,
                attended,
                begins if attended else None,
                created,
                created,
                created + datetime.timedelta(days=1) if status == cancelled else None,
            )

        def rows():
            for n in range(generic):
                event = eligible[n % len(eligible)]
                k = n // len(eligible)
                user_index = 1 + (event * 7919 + k * 13) % others
                yield row(n + 1, event, user_index, k)
            for j, event in enumerate(me_events):
                yield row(generic + j + 1, event, 0, 0)

        self.copy(
            Registration,
            [
                "id",
                "event_id",
                "user_id",
                "organisation_id",
                "status",
                "attended",
                "checked_in_at",
                "created_at",
                "updated_at",
                "cancelled_at",
            ],
            rows(),
        )

    def follow_up_surveys(self):
        """The six- and twelve-month follow-ups of every enterprise supported in a project, for
        the waves already due, two in three answered: what the report page aggregates."""
        Command.write_follow_up_surveys(self.cursor, self.now)

    @staticmethod
    def write_follow_up_surveys(cursor, now):
        """One INSERT ... SELECT over the registrations (also run on its own by `bench_reports
        follow-up` on a dataset generated before the follow-up existed)."""
        # %% is the modulo operator in a statement with parameters.
        answered = "(organisation_id + wave) %% 3 <> 0"
        cursor.execute(
            f"""
            INSERT INTO {FollowUpSurvey._meta.db_table} (
                project_id, organisation_id, wave, first_supported_on, due_on, sent_at,
                answered_at, channel, new_product_or_process, new_marketing_or_organisation,
                jobs_created, research_collaboration, respondent, created_at)
            SELECT project_id, organisation_id, wave, first_day,
                (first_day + make_interval(months => wave))::date, %(now)s,
                CASE WHEN {answered} THEN %(now)s END,
                CASE WHEN {answered} THEN 'online' ELSE '' END,
                CASE WHEN {answered} THEN organisation_id %% 2 = 0 END,
                CASE WHEN {answered} THEN organisation_id %% 5 = 0 END,
                CASE WHEN {answered} THEN organisation_id %% 4 END,
                CASE WHEN {answered} THEN organisation_id %% 7 = 0 END,
                '', %(now)s
            FROM (
                SELECT ep.project_id, r.organisation_id,
                    min((e.starts_at AT TIME ZONE 'Europe/Stockholm')::date) AS first_day
                FROM events_registration r
                JOIN events_event e ON e.id = r.event_id
                JOIN events_event_projects ep ON ep.event_id = e.id
                JOIN companies_organisation o ON o.id = r.organisation_id AND o.kind = 'company'
                WHERE r.status = 'confirmed' AND r.attended
                GROUP BY ep.project_id, r.organisation_id
            ) AS supported
            CROSS JOIN (VALUES (6), (12)) AS waves (wave)
            WHERE first_day + make_interval(months => wave) <= %(now)s
            ON CONFLICT DO NOTHING
            """,
            {"now": now},
        )
