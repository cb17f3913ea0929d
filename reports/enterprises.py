"""The enterprise list of a project report: one row per enterprise the report counts (RCO01),
with what managing authorities ask for in each progress report (organisation number, size class
at first support, supports, hours) and its latest follow-up answers.

Read from a handful of grouped queries (one row per enterprise, not per registration), so it
costs little next to the participant list.
"""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Min, Sum
from django.db.models.functions import TruncDate
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook

from companies.models import Organisation, SizeClass, format_organisation_number
from events.models import Registration
from followup.models import FollowUpSurvey
from funding.models import DeMinimisEntry
from regions.models import COUNTY_NAMES
from web.spreadsheets import neutralise

from .figures import ATTENDED, ENTERPRISE, Report, Scope, size_at_event

HUNDREDTHS = Decimal("0.01")


@dataclass(frozen=True)
class Enterprise:
    organisation_number: str
    name: str
    kind: str
    size_class: str
    county: str
    first_support: datetime.date
    last_support: datetime.date
    supports: int
    hours: Decimal
    # De minimis aid the project granted the enterprise in the period (its ledger entries).
    de_minimis_sek: Decimal
    new_to_project: bool
    # The latest answered follow-up (the longest wave): None while there is none.
    follow_up: FollowUpSurvey | None


def yes_no(value: bool | None) -> str | None:
    if value is None:
        return None
    return _("yes") if value else _("no")


@dataclass(frozen=True)
class Column:
    header: Promise
    value: Callable[[Enterprise], object]


def _answer(name: str) -> Callable[[Enterprise], object]:
    def value(enterprise: Enterprise):
        if enterprise.follow_up is None:
            return None
        answer = getattr(enterprise.follow_up, name)
        return answer if isinstance(answer, Decimal) else yes_no(answer)

    return value


COLUMNS = [
    Column(gettext_lazy("Organisation number"), lambda e: e.organisation_number),
    Column(gettext_lazy("Organisation"), lambda e: e.name),
    Column(gettext_lazy("Kind of organisation"), lambda e: e.kind),
    Column(gettext_lazy("Size class at first support"), lambda e: e.size_class),
    Column(gettext_lazy("County"), lambda e: e.county),
    Column(gettext_lazy("First support"), lambda e: e.first_support),
    Column(gettext_lazy("Last support"), lambda e: e.last_support),
    Column(gettext_lazy("Supports (attended participations)"), lambda e: e.supports),
    Column(gettext_lazy("Hours of support"), lambda e: e.hours),
    Column(gettext_lazy("De minimis aid (SEK)"), lambda e: e.de_minimis_sek),
    Column(gettext_lazy("New to the project in this period"), lambda e: yes_no(e.new_to_project)),
    Column(
        gettext_lazy("Follow-up answered (months after first support)"),
        lambda e: e.follow_up.wave if e.follow_up else None,
    ),
    Column(gettext_lazy("RCR03 – new product or process"), _answer("new_product_or_process")),
    Column(
        gettext_lazy("RCR04 – new marketing or organisational method"),
        _answer("new_marketing_or_organisation"),
    ),
    Column(gettext_lazy("RCR01 – jobs created (full-time equivalents)"), _answer("jobs_created")),
    Column(
        gettext_lazy("New collaboration with a research organisation"),
        _answer("research_collaboration"),
    ),
]


def enterprises(report: Report) -> list[Enterprise]:
    """The enterprises the report counts, by name: the same enterprises as RCO01, each in the
    size class it counts in there (declared at its first support in the report)."""
    if report.scope != Scope.PROJECT:
        return []
    supported = report.registrations().filter(ATTENDED, ENTERPRISE)
    supported_ids = supported.order_by().values("organisation_id")
    totals = {
        row["organisation_id"]: row
        for row in supported.order_by()
        .values("organisation_id")
        .annotate(
            first=Min("event_day"),
            last=Max("event_day"),
            supports=Count("pk"),
            hours=Sum("event__support_hours"),
        )
    }
    sizes = dict(
        Registration.objects.filter(pk__in=report.first_supports().values("pk"))
        .annotate(size=size_at_event())
        .values_list("organisation_id", "size")
    )
    first_in_project = first_supports_in_project(report, supported_ids)
    follow_ups = {
        survey.organisation_id: survey
        # By wave, so the latest answered wave of each enterprise is the one kept.
        for survey in FollowUpSurvey.objects.answered()
        .filter(project=report.subject, organisation__in=supported_ids)
        .order_by("wave")
    }
    de_minimis = dict(
        DeMinimisEntry.objects.filter(project=report.subject, organisation__in=supported_ids)
        .filter(**period_filter(report, "granted_on"))
        .order_by()
        .values("organisation_id")
        .annotate(sek=Sum("aid_sek"))
        .values_list("organisation_id", "sek")
    )
    size_labels = dict(SizeClass.choices)
    kind_labels = dict(Organisation.Kind.choices)
    organisations = Organisation.objects.filter(pk__in=supported_ids).values_list(
        "pk", "organisation_number", "name", "kind", "county_id"
    )
    rows = []
    for pk, number, name, kind, county in organisations:
        total = totals[pk]
        first_ever = first_in_project.get(pk)
        rows.append(
            Enterprise(
                organisation_number=format_organisation_number(number),
                name=name,
                kind=str(kind_labels.get(kind, kind)),
                size_class=str(size_labels.get(sizes.get(pk), "")),
                county=str(COUNTY_NAMES.get(county, "")),
                first_support=total["first"],
                last_support=total["last"],
                supports=total["supports"],
                # As the participant list writes hours ("5.50"), on either database.
                hours=(total["hours"] or Decimal(0)).quantize(HUNDREDTHS),
                de_minimis_sek=de_minimis.get(pk, Decimal(0)).quantize(HUNDREDTHS),
                new_to_project=first_ever is None or in_period(report, first_ever),
                follow_up=follow_ups.get(pk),
            )
        )
    rows.sort(key=lambda row: (row.name.casefold(), row.organisation_number))
    return rows


def first_supports_in_project(report: Report, organisation_ids) -> dict[int, datetime.date]:
    """Each enterprise's first support in the whole project, whatever the period and filters;
    empty when the report has no period (every enterprise is then new to it)."""
    if not (report.date_from or report.date_to):
        return {}
    return dict(
        Registration.objects.attended()
        .filter(event__projects=report.subject, organisation__in=organisation_ids)
        .order_by()
        .values("organisation_id")
        .annotate(first=Min(TruncDate("event__starts_at")))
        .values_list("organisation_id", "first")
    )


def period_filter(report: Report, field: str) -> dict:
    """The report's period as a filter on a date field."""
    bounds = {}
    if report.date_from:
        bounds[f"{field}__gte"] = report.date_from
    if report.date_to:
        bounds[f"{field}__lte"] = report.date_to
    return bounds


def in_period(report: Report, day: datetime.date) -> bool:
    return (report.date_from is None or report.date_from <= day) and (
        report.date_to is None or day <= report.date_to
    )


def enterprise_header() -> list[str]:
    return [str(column.header) for column in COLUMNS]


def enterprise_records(report: Report) -> Iterator[list]:
    """The rows as values: dates, numbers and text (neutralised for spreadsheets)."""
    for enterprise in enterprises(report):
        yield [neutralise(column.value(enterprise)) for column in COLUMNS]


def enterprise_csv(report: Report) -> str:
    buffer = io.StringIO()
    # The byte-order mark makes spreadsheets read the file as UTF-8 (å, ä, ö).
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(enterprise_header())
    for record in enterprise_records(report):
        writer.writerow([csv_text(value) for value in record])
    return buffer.getvalue()


def csv_text(value) -> object:
    """Dates as ISO days, as the participant list writes them; nothing as an empty cell."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def write_enterprise_xlsx(report: Report, destination) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Enterprises"))
    sheet.append(enterprise_header())
    for record in enterprise_records(report):
        sheet.append(record)
    workbook.save(destination)
