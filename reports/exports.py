"""The participant list and summary as CSV (streamed) and Excel (write-only) files."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from django.contrib.auth import get_user_model
from django.db import connections, transaction
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook

from companies.models import (
    Organisation,
    SizeClass,
    SizeDeclaration,
    format_organisation_number,
    size_class_expression,
)
from events.models import Event, Registration
from regions.models import COUNTY_NAMES

from .figures import Report, Scope

# Rows per chunk handed to the HTTP server and per progress update of a background export.
CSV_ROWS_PER_CHUNK = 2000
# Progress is cheap to report (the task's heartbeat thread writes the latest count every few
# seconds), so a small step keeps the page's figure close to the truth.
PROGRESS_EVERY = 500


def participant_header() -> list[str]:
    return [
        _("Event"),
        _("Date"),
        _("Hours of support"),
        _("Participant"),
        _("Email"),
        _("Organisation"),
        _("Organisation number"),
        _("County"),
        _("Municipality"),
        _("Size class at the time"),
        _("Sector"),
        _("Registration status"),
        _("Attended"),
        _("Checked in at"),
    ]


def participant_records(report: Report) -> Iterator[list]:
    """The participant list as lists of spreadsheet-friendly values, in the active language."""
    sizes = {value: str(label) for value, label in SizeClass.choices}
    statuses = {value: str(label) for value, label in Registration.Status.choices}
    attended_labels = {True: _("yes"), False: _("no"), None: ""}
    local = timezone.get_current_timezone()
    counties = {code: str(name) for code, name in COUNTY_NAMES.items()}
    for (
        title,
        day,
        hours,
        name,
        email,
        organisation,
        number,
        county,
        municipality,
        size,
        sector,
        status,
        attended,
        checked_in_at,
    ) in report.participant_rows():
        yield [
            title,
            day,
            hours,
            name,
            email,
            organisation or "",
            format_organisation_number(number or ""),
            counties.get(county, ""),
            municipality or "",
            sizes.get(size, ""),
            sector or "",
            statuses.get(status, status),
            attended_labels[attended],
            checked_in_at.astimezone(local).replace(tzinfo=None, microsecond=0)
            if checked_in_at
            else None,
        ]


def report_filename(report: Report, extension: str) -> str:
    name = slugify(getattr(report.subject, "slug", "") or str(report.subject))[:60]
    return f"report-{report.scope}-{name}-{timezone.localdate():%Y%m%d}.{extension}"


def csv_chunks(report: Report) -> Iterator[str | bytes]:
    """The participant list as CSV, a chunk of rows at a time (memory stays flat).

    On PostgreSQL the database writes the rows itself (COPY ... TO STDOUT), five times faster
    than formatting them here; elsewhere Python writes them. Both write the same bytes."""
    if connections[report.participant_references().db].vendor == "postgresql":
        return copied_csv_chunks(report)
    return python_csv_chunks(report)


def _csv_preamble() -> str:
    buffer = io.StringIO()
    # The byte-order mark makes spreadsheets read the file as UTF-8 (å, ä, ö).
    buffer.write("\ufeff")
    csv.writer(buffer).writerow(participant_header())
    return buffer.getvalue()


def python_csv_chunks(report: Report) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(_csv_preamble())
    for rows, record in enumerate(participant_records(report), start=1):
        if record[13] is not None:
            record[13] = record[13].isoformat(sep=" ")
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


def _label_case(column: str, labels: dict, params: list, *, otherwise: str = "NULL") -> str:
    """A CASE expression turning a column's stored values into the labels given."""
    branches = []
    for value, label in labels.items():
        branches.append("WHEN %s THEN %s")
        params += [value, str(label)]
    return f"CASE {column} {' '.join(branches)} ELSE {otherwise} END"


def _compiled(queryset) -> tuple[str, tuple]:
    return queryset.query.get_compiler(using=queryset.db).as_sql()


def _compiled_expression(model, expression, connection) -> tuple[str, tuple]:
    """An expression over one model's columns as SQL naming its table."""
    query = model.objects.all().query
    return query.get_compiler(connection=connection).compile(expression.resolve_expression(query))


def participant_csv_sql(report: Report) -> tuple[str, list]:
    """One SELECT that writes the participant list as the Python path (participant_records()
    through csv.writer) does, every value formatted; empty values are NULL, so that COPY
    leaves them unquoted as csv.writer does.

    It is built for a million rows: the narrow rows of participant_references() are joined
    to the size declarations by the days each was in force (one hash join, not a lookup per
    row) and sorted while they are narrow. The event, person and organisation of each row are
    then looked up in that order (nested loops keep it, so nothing wide is sorted), each in a
    subquery of its own, so that PostgreSQL formats each event, person and organisation once
    and remembers it (Memoize) rather than once per row.
    """
    references = report.participant_references()
    connection = connections[references.db]
    quote = connection.ops.quote_name
    rows_sql, rows_params = _compiled(references)
    ranges_sql, ranges_params = _compiled(
        SizeDeclaration.objects.with_replaced_on()
        .order_by()
        .values_list("organisation_id", "declared_on", "replaced_on", "size_class")
    )
    event, user, organisation = (
        quote(model._meta.db_table) for model in (Event, get_user_model(), Organisation)
    )
    # The event's local day, and the organisation's current facts, which decide its size class
    # where it had declared nothing by the event, as the querysets write them.
    day_sql, day_params = _compiled_expression(Event, TruncDate("starts_at"), connection)
    current_sql, current_params = _compiled_expression(
        Organisation, size_class_expression(), connection
    )
    number = quote("organisation_number")
    county_params: list = []
    county = _label_case(quote("county_id"), COUNTY_NAMES, county_params)
    select_params: list = []
    size = _label_case(
        "CASE WHEN r.organisation_id IS NOT NULL THEN COALESCE(r.declared_size, o.size) END",
        dict(SizeClass.choices),
        select_params,
    )
    status = _label_case(
        "r.status", dict(Registration.Status.choices), select_params, otherwise="r.status"
    )
    select_params += [_("yes"), _("no"), timezone.get_current_timezone_name()]
    sql = f"""
        SELECT e.title, e.day, e.hours,
            CASE WHEN r.personal THEN COALESCE(u.name, ' ') END,
            CASE WHEN r.personal THEN u.email END,
            o.name, o.number, o.county, o.municipality, NULLIF({size}, ''), o.sector,
            NULLIF({status}, ''),
            CASE WHEN r.attended THEN %s WHEN NOT r.attended THEN %s END,
            to_char(r.checked_in_at AT TIME ZONE %s, 'YYYY-MM-DD HH24:MI:SS')
        FROM (
            SELECT r.*, d.size_class AS declared_size
            FROM ({rows_sql}) AS r (id, event_id, user_id, organisation_id, starts_at, day,
                                    status, attended, checked_in_at, personal)
            LEFT JOIN ({ranges_sql}) AS d (organisation_id, declared_on, replaced_on, size_class)
                ON d.organisation_id = r.organisation_id AND d.declared_on <= r.day
                AND (d.replaced_on IS NULL OR r.day < d.replaced_on)
            ORDER BY r.starts_at, r.event_id, r.id
        ) AS r
        CROSS JOIN LATERAL (
            SELECT NULLIF(title, '') AS title, to_char({day_sql}, 'YYYY-MM-DD') AS day,
                support_hours::text AS hours
            FROM {event} WHERE id = r.event_id OFFSET 0
        ) AS e
        LEFT JOIN LATERAL (
            SELECT COALESCE(first_name, '') || ' ' || COALESCE(last_name, '') AS name,
                NULLIF(email, '') AS email
            FROM {user} WHERE id = r.user_id OFFSET 0
        ) AS u ON true
        LEFT JOIN LATERAL (
            SELECT NULLIF(name, '') AS name,
                NULLIF(CASE WHEN length({number}) = 10
                    THEN substr({number}, 1, 6) || '-' || substr({number}, 7)
                    ELSE {number} END, '') AS number,
                NULLIF({county}, '') AS county, NULLIF(municipality, '') AS municipality,
                NULLIF(sector, '') AS sector, {current_sql} AS size
            FROM {organisation} WHERE id = r.organisation_id OFFSET 0
        ) AS o ON true
        ORDER BY r.starts_at, r.event_id, r.id
    """
    # The parameters in the order of the text.
    return sql, [
        *select_params,
        *rows_params,
        *ranges_params,
        *day_params,
        *county_params,
        *current_params,
    ]


def copied_csv_chunks(report: Report) -> Iterator[bytes]:
    sql, params = participant_csv_sql(report)
    using = report.participant_references().db
    connection = connections[using]
    yield _csv_preamble().encode()
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
    participants.append(participant_header())
    rows = 0
    for record in participant_records(report):
        participants.append(record)
        rows += 1
        if progress and rows % PROGRESS_EVERY == 0:
            progress(rows)
    summary = workbook.create_sheet(_("Summary"))
    for row in summary_rows(report):
        summary.append([str(value) if isinstance(value, Promise) else value for value in row])
    workbook.save(destination)
    if progress:
        progress(rows)
    return rows
