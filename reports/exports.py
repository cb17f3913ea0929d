"""The participant list and summary as CSV (streamed) and Excel (write-only) files."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.db.models import BooleanField, Case, CharField, Func, Value, When
from django.db.models.functions import Cast, Trunc
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from openpyxl import Workbook

from companies.models import (
    Organisation,
    SizeClass,
    SizeDeclaration,
    size_class_expression,
)
from events.models import Event, Registration, RegistrationAnswer
from regions.models import COUNTY_NAMES
from web.spreadsheets import neutralise, neutralised_sql

from .figures import ATTENDED, Report, Scope

# Rows per chunk handed to the HTTP server and per progress update of a background export.
CSV_ROWS_PER_CHUNK = 2000
# Progress is cheap to report (the task's heartbeat thread writes the latest count every few
# seconds), so a small step keeps the page's figure close to the truth.
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class Column:
    """One column of the participant list: its header, the SQL giving its formatted text over
    the row aliases of participant_sql() (r: the registration, e: its event, u: the person,
    o: the organisation) and, for Excel, how to read that text back as a date or number."""

    header: Promise
    sql: str
    params: tuple = ()
    typed: Callable[[str], object] | None = None


def _label_case(column: str, labels: dict, *, otherwise: str = "NULL") -> tuple[str, list]:
    """A CASE expression turning a column's stored values into the labels given."""
    params: list = []
    for value, label in labels.items():
        params += [value, str(label)]
    branches = " ".join("WHEN %s THEN %s" for _label in labels)
    return f"CASE {column} {branches} ELSE {otherwise} END", params


def participant_columns(report: Report | None = None) -> list[Column]:
    """The participant list's columns in the active language: the one definition of what
    the CSV and Excel files hold and how each value is written. A report on one event adds
    a column per registration question (answer_columns())."""
    size, size_params = _label_case(
        "CASE WHEN r.organisation_id IS NOT NULL THEN COALESCE(r.declared_size, o.size) END",
        dict(SizeClass.choices),
    )
    status, status_params = _label_case(
        "r.status", dict(Registration.Status.choices), otherwise="r.status"
    )
    return [
        Column(_("Event"), "e.title"),
        Column(_("Date"), "r.day_text", typed=datetime.date.fromisoformat),
        # Only attended participations are support: the column adds up to the report's hours.
        Column(_("Hours of support"), "CASE WHEN r.supported THEN e.hours END", typed=Decimal),
        Column(_("Participant"), "CASE WHEN r.personal THEN COALESCE(u.name, ' ') END"),
        Column(_("Email"), "CASE WHEN r.personal THEN u.email END"),
        Column(_("Organisation"), "o.name"),
        Column(_("Organisation number"), "o.number"),
        Column(_("Kind of organisation"), "o.kind"),
        Column(_("County"), "o.county"),
        Column(_("Municipality"), "o.municipality"),
        Column(_("Size class at the time"), size, tuple(size_params)),
        Column(_("Sector"), "o.sector"),
        Column(_("Registration status"), status, tuple(status_params)),
        Column(
            _("Attended"),
            "CASE WHEN r.attended THEN %s WHEN NOT r.attended THEN %s END",
            (_("yes"), _("no")),
        ),
        Column(_("Checked in at"), "r.checked_in_text", typed=datetime.datetime.fromisoformat),
        *(answer_columns(report) if report is not None else []),
    ]


def answer_columns(report: Report) -> list[Column]:
    """The answers to an event's registration questions, a column each, for those who may
    read the participants' names (they are personal data); none in a report on several
    events, whose questions differ."""
    if report.scope != Scope.EVENT:
        return []
    table = connections[Registration.objects.db].ops.quote_name(RegistrationAnswer._meta.db_table)
    answer = (
        "COALESCE(NULLIF(answer_en, ''), answer_sv)"
        if (get_language() or "").startswith("en")
        else "COALESCE(NULLIF(answer_sv, ''), answer_en)"
    )
    columns = []
    for column in report.subject.answer_columns():
        if column.question_id is not None:
            which, param = "question_id = %s", column.question_id
        else:
            which, param = "question_id IS NULL AND question_sv = %s", column.question_sv
        sql = (
            f"CASE WHEN r.personal THEN (SELECT {neutralised_sql(answer)} FROM {table} "
            f"WHERE registration_id = r.id AND {which} LIMIT 1) END"
        )
        columns.append(Column(neutralise(column.header), sql, (param,)))
    return columns


def participant_header(report: Report | None = None) -> list[str]:
    return [str(column.header) for column in participant_columns(report)]


class DecimalText(Func):
    """A decimal column as text with its decimal places ("6.50"), alike on PostgreSQL and
    SQLite (which stores decimals as floating-point numbers)."""

    output_field = CharField()
    template = "(%(expressions)s)::text"

    def as_sqlite(self, compiler, connection, **extra_context):
        places = self.get_source_expressions()[0].output_field.decimal_places
        return self.as_sql(
            compiler,
            connection,
            template=f"printf('%%%%.{places}f', %(expressions)s)",
            **extra_context,
        )


def _compiled(queryset) -> tuple[str, tuple]:
    return queryset.query.get_compiler(using=queryset.db).as_sql()


def _compiled_expression(model, expression, connection) -> tuple[str, tuple]:
    """An expression over one model's columns as SQL naming its table."""
    query = model.objects.all().query
    return query.get_compiler(connection=connection).compile(expression.resolve_expression(query))


def participant_references(report: Report):
    """The participant list without its text, for participant_sql() to join the rest onto:
    each row's registration, event, person and organisation ids, the event's start and local
    day, status and attendance, whether it counts as support, whether the reader may see the
    person's name, and the day and check-in time as local text."""
    local = timezone.get_current_timezone()
    return (
        report.registrations()
        .annotate(
            personal=Case(
                When(report.shows_personal_data(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            supported=Case(
                When(ATTENDED, then=Value(True)), default=Value(False), output_field=BooleanField()
            ),
            day_text=Cast("event_day", CharField()),
            checked_in_text=Cast(Trunc("checked_in_at", "second", tzinfo=local), CharField()),
        )
        .order_by()
        .values_list(
            "pk",
            "event_id",
            "user_id",
            "organisation_id",
            "event__starts_at",
            "event_day",
            "status",
            "attended",
            "personal",
            "supported",
            "day_text",
            "checked_in_text",
        )
    )


def participant_sql(report: Report) -> tuple[str, list]:
    """One SELECT giving the participant list as text, every value formatted by
    participant_columns() (and neutralised where people typed it); empty values are NULL, so
    that PostgreSQL's COPY leaves them unquoted as csv.writer does. It runs on PostgreSQL and
    SQLite alike; only the way the event, person and organisation are joined differs.

    It is built for a million rows: the narrow rows of participant_references() are joined
    to the size declarations by the days each was in force (one hash join, not a lookup per
    row) and sorted while they are narrow. On PostgreSQL the event, person and organisation of
    each row are then looked up in that order (nested loops keep it, so nothing wide is
    sorted), each in a LATERAL subquery of its own, so that PostgreSQL formats each event,
    person and organisation once and remembers it (Memoize) rather than once per row.
    """
    references = participant_references(report)
    connection = connections[references.db]
    postgresql = connection.vendor == "postgresql"
    quote = connection.ops.quote_name
    rows_sql, rows_params = _compiled(references)
    ranges_sql, ranges_params = _compiled(
        SizeDeclaration.objects.with_replaced_on()
        .with_class_in_force()
        .order_by()
        .values_list("organisation_id", "declared_on", "replaced_on", "class_in_force")
    )
    hours_sql, hours_params = _compiled_expression(Event, DecimalText("support_hours"), connection)
    # The organisation's current facts decide its size class where it had declared nothing by
    # the event, as the querysets write them.
    current_sql, current_params = _compiled_expression(
        Organisation, size_class_expression(), connection
    )
    kind_sql, kind_params = _label_case(quote("kind"), dict(Organisation.Kind.choices))
    county_sql, county_params = _label_case(quote("county_id"), COUNTY_NAMES)
    number = quote("organisation_number")

    def lookup(alias: str, select: str, model, key: str, *, always: bool = False) -> str:
        table = quote(model._meta.db_table)
        if postgresql:
            join = "CROSS JOIN LATERAL" if always else "LEFT JOIN LATERAL"
            return (
                f"{join} (SELECT {select} FROM {table} WHERE id = r.{key} OFFSET 0) AS {alias}"
                + ("" if always else " ON true")
            )
        join = "JOIN" if always else "LEFT JOIN"
        return f"{join} (SELECT id, {select} FROM {table}) AS {alias} ON {alias}.id = r.{key}"

    events = lookup(
        "e",
        f"{neutralised_sql('title')} AS title, {hours_sql} AS hours",
        Event,
        "event_id",
        always=True,
    )
    people = lookup(
        "u",
        f"{neutralised_sql(FULL_NAME_SQL)} AS name, {neutralised_sql('email')} AS email",
        get_user_model(),
        "user_id",
    )
    organisations = lookup(
        "o",
        f"""{neutralised_sql(quote("name"))} AS name,
            {neutralised_sql(ORGANISATION_NUMBER_SQL.format(number=number))} AS number,
            {kind_sql} AS kind, {county_sql} AS county,
            {neutralised_sql("municipality")} AS municipality,
            {neutralised_sql("sector")} AS sector, {current_sql} AS size""",
        Organisation,
        "organisation_id",
    )
    columns = participant_columns(report)
    select = ",\n            ".join(f"NULLIF({column.sql}, '')" for column in columns)
    sql = f"""
        WITH refs (id, event_id, user_id, organisation_id, starts_at, day, status, attended,
                   personal, supported, day_text, checked_in_text) AS ({rows_sql}),
            ranges (organisation_id, declared_on, replaced_on, size_class) AS ({ranges_sql})
        SELECT {select}
        FROM (
            SELECT r.*, d.size_class AS declared_size
            FROM refs AS r
            LEFT JOIN ranges AS d
                ON d.organisation_id = r.organisation_id AND d.declared_on <= r.day
                AND (d.replaced_on IS NULL OR r.day < d.replaced_on)
            ORDER BY r.starts_at, r.event_id, r.id
        ) AS r
        {events}
        {people}
        {organisations}
        ORDER BY r.starts_at, r.event_id, r.id
    """
    # The parameters in the order of the text.
    return sql, [
        *rows_params,
        *ranges_params,
        *(param for column in columns for param in column.params),
        *hours_params,
        *kind_params,
        *county_params,
        *current_params,
    ]


# The organisation number as the site shows it: 556036-0793 (format_organisation_number()).
ORGANISATION_NUMBER_SQL = (
    "(CASE WHEN length({number}) = 10 THEN substr({number}, 1, 6) || '-' || substr({number}, 7)"
    " ELSE {number} END)"
)

# The person's full name as the site shows it: first and last name with a space between.
FULL_NAME_SQL = "(COALESCE(first_name, '') || ' ' || COALESCE(last_name, ''))"


def participant_records(report: Report) -> Iterator[tuple]:
    """The participant list as tuples of formatted text (None where empty), streamed."""
    sql, params = participant_sql(report)
    using = participant_references(report).db
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                cursor.execute(f"SET LOCAL work_mem = '{CSV_SORT_MEMORY}'")
        # A server-side cursor where the database has one: memory stays flat.
        with connection.chunked_cursor() as cursor:
            cursor.execute(sql, params)
            while rows := cursor.fetchmany(CSV_ROWS_PER_CHUNK):
                yield from rows


def report_filename(report: Report, extension: str) -> str:
    name = slugify(getattr(report.subject, "slug", "") or str(report.subject))[:60]
    return f"report-{report.scope}-{name}-{timezone.localdate():%Y%m%d}.{extension}"


def csv_chunks(report: Report) -> Iterator[str | bytes]:
    """The participant list as CSV, a chunk of rows at a time (memory stays flat).

    On PostgreSQL the database writes the rows itself (COPY ... TO STDOUT), five times faster
    than passing them through Python; elsewhere csv.writer writes the same SELECT's rows.
    Both write the same bytes."""
    if connections[participant_references(report).db].vendor == "postgresql":
        return copied_csv_chunks(report)
    return python_csv_chunks(report)


def _csv_preamble(report: Report) -> str:
    buffer = io.StringIO()
    # The byte-order mark makes spreadsheets read the file as UTF-8 (å, ä, ö).
    buffer.write("\ufeff")
    csv.writer(buffer).writerow(participant_header(report))
    return buffer.getvalue()


def python_csv_chunks(report: Report) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(_csv_preamble(report))
    for rows, record in enumerate(participant_records(report), start=1):
        writer.writerow(record)
        if rows % CSV_ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


# Bytes handed to the HTTP server at a time by the PostgreSQL path.
CSV_BYTES_PER_CHUNK = 256 * 1024

# Memory PostgreSQL may use to sort the export's narrow rows (about 100 bytes each) before it
# spills to disk; for the session of the export only.
CSV_SORT_MEMORY = "64MB"


def copied_csv_chunks(report: Report) -> Iterator[bytes]:
    sql, params = participant_sql(report)
    using = participant_references(report).db
    connection = connections[using]
    yield _csv_preamble(report).encode()
    # Inside a transaction, with JIT compilation off: it costs seconds on a query run once.
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(f"SET LOCAL work_mem = '{CSV_SORT_MEMORY}'")
        # COPY takes no bound parameters: the values are quoted into the text here.
        statement = connection.ops.compose_sql(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params)
        buffer = bytearray()
        ends_quoted = False
        with cursor.cursor.copy(statement) as copy:
            for row in copy:
                buffer += row
                if len(buffer) >= CSV_BYTES_PER_CHUNK:
                    chunk, ends_quoted = crlf_line_ends(buffer, ends_quoted)
                    yield chunk
                    buffer.clear()
        chunk, _ends_quoted = crlf_line_ends(buffer, ends_quoted)
        yield chunk


def crlf_line_ends(data: bytes | bytearray, quoted: bool) -> tuple[bytes, bool]:
    """COPY ends rows with LF, csv.writer with CRLF: turn every LF outside quotes into CRLF.
    `quoted` says whether the data starts inside a quoted value; returns the converted data
    and whether it ends inside one. A doubled quote inside a value flips twice, so the parity
    of the quotes seen tells inside from outside."""
    parts = bytes(data).split(b'"')
    outside = 1 if quoted else 0
    for index in range(outside, len(parts), 2):
        parts[index] = parts[index].replace(b"\n", b"\r\n")
    return b'"'.join(parts), quoted ^ (len(parts) % 2 == 0)


def summary_rows(report: Report) -> list[list]:
    """The summary sheet: what the report covers, the figures and how they were counted."""
    summary = report.summary()
    period = " – ".join(d.isoformat() if d else "…" for d in (report.date_from, report.date_to))
    rows: list[list] = [
        [_("Report"), str(report.subject)],
        [_("Scope"), str(Scope.LABELS[report.scope])],
        [_("Period"), period if (report.date_from or report.date_to) else _("All time")],
        [_("County"), report.county.name if report.county else _("All counties")],
        [
            _("Size class"),
            str(SizeClass(report.size_class).label) if report.size_class else _("All"),
        ],
        [
            _("Kind of event"),
            str(Event.Kind(report.event_kind).label) if report.event_kind else _("All"),
        ],
        [_("Made on"), timezone.localtime().replace(tzinfo=None, microsecond=0)],
        [],
        [_("Figure"), _("Value")],
        [_("Events"), summary.events],
        [_("Registrations (not cancelled)"), summary.registrations],
        [_("Participants (attended)"), summary.participants],
        [_("Attendance rate (%) at events held"), summary.attendance_percent],
        [_("Organisations supported"), summary.organisations],
        [_("RCO01 – enterprises supported"), summary.rco01],
        [_("RCO04 – enterprises with non-financial support"), summary.rco04],
        [_("Hours of support"), summary.support_hours],
        [_("Hours of support per enterprise"), summary.hours_per_enterprise],
        [],
        [_("Size class"), _("RCO01 enterprises"), _("RCO04 enterprises")],
        *([label, n, n] for _value, label, n in summary.by_size),
        [],
        [_("County"), _("Enterprises")],
        *([name or _("Unknown"), n] for _code, name, n in summary.by_county),
        [],
        [_("Kind of event"), _("Events"), _("Participants"), _("Enterprises")],
        *([label, events, people, firms] for _k, label, events, people, firms in summary.by_kind),
    ]
    follow_up = report.follow_up()
    if follow_up:
        rows += [
            [],
            [
                _("Months after first support"),
                _("Surveys due"),
                _("Answered"),
                _("Response rate (%)"),
                _("RCR03 – new product or process"),
                _("RCR04 – new marketing or organisational method"),
                _("RCR01 – jobs created (full-time equivalents)"),
                _("New research collaboration"),
            ],
            *(
                [
                    wave.wave,
                    wave.surveys,
                    wave.answered,
                    wave.response_percent,
                    wave.rcr03,
                    wave.rcr04,
                    wave.rcr01,
                    wave.research_collaboration,
                ]
                for wave in follow_up
            ),
        ]
    goals = report.goals()
    if goals:
        rows += [[], [_("Goal"), _("Reached"), _("Target"), _("Percent")]]
        rows += [
            [
                progress.goal.description,
                progress.value,
                progress.goal.target_value,
                progress.percent,
            ]
            for progress in goals
        ]
    rows += [[], *([note] for note in footnotes(summary))]
    return rows


def footnotes(summary) -> list[str]:
    notes = [
        _(
            "Only attended participations count as support. Registrations without attendance, "
            "waiting-list places and cancellations are listed but not counted."
        ),
        _(
            "Each enterprise is counted once, however many events it attended, in the size "
            "class it had declared at the time of its first support in this report (EU "
            "recommendation 2003/361/EC). RCO04 equals RCO01: every event is non-financial "
            "support."
        ),
        _(
            "Where an enterprise had declared nothing before the event, its current facts "
            "decide its size class (%(count)s enterprises in this report)."
        )
        % {"count": summary.undeclared_enterprises},
        _("Goal progress covers the whole project, whatever the period and filters."),
    ]
    return notes


def write_xlsx(
    report: Report, destination, *, progress: Callable[[int], None] | None = None
) -> int:
    """Write the participant list and the summary sheet to a file; returns the rows written."""
    workbook = Workbook(write_only=True)
    participants = workbook.create_sheet(_("Participants"))
    columns = participant_columns(report)
    participants.append([str(column.header) for column in columns])
    # Dates, hours and times as spreadsheet values rather than text.
    typed = [(index, column.typed) for index, column in enumerate(columns) if column.typed]
    rows = 0
    for record in participant_records(report):
        cells = list(record)
        for index, read in typed:
            if cells[index] is not None:
                cells[index] = read(cells[index])
        participants.append(cells)
        rows += 1
        if progress and rows % PROGRESS_EVERY == 0:
            progress(rows)
    summary = workbook.create_sheet(_("Summary"))
    for row in summary_rows(report):
        summary.append(
            [neutralise(str(value) if isinstance(value, Promise) else value) for value in row]
        )
    workbook.save(destination)
    if progress:
        progress(rows)
    return rows
