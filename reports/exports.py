"""The participant list and summary as CSV (streamed) and Excel (write-only) files."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook

from companies.models import SizeClass, format_organisation_number
from events.models import Event, Registration
from regions.models import COUNTY_NAMES

from .figures import Report, Scope

# Rows per chunk handed to the HTTP server and per progress update of a background export.
CSV_ROWS_PER_CHUNK = 2000
PROGRESS_EVERY = 5000


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


def csv_chunks(report: Report) -> Iterator[str]:
    """The participant list as CSV text, a chunk of rows at a time (memory stays flat)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    # The byte-order mark makes spreadsheets read the file as UTF-8 (å, ä, ö).
    buffer.write("\ufeff")
    writer.writerow(participant_header())
    for rows, record in enumerate(participant_records(report), start=1):
        if record[13] is not None:
            record[13] = record[13].isoformat(sep=" ")
        writer.writerow(record)
        if rows % CSV_ROWS_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


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
