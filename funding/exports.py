"""The ledger of a project and period in the columns a central register of de minimis aid
asks for, as CSV and Excel; every text cell goes through neutralise (no formulas)."""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

from companies.models import format_organisation_number
from web.spreadsheets import neutralise


def ledger_headers() -> list[str]:
    return [
        _("Undertaking identifier (organisation number)"),
        _("Recipient"),
        _("Aid amount (SEK)"),
        _("Aid amount (EUR)"),
        _("SEK per EUR"),
        _("Date granted"),
        _("Granting body"),
        _("Project"),
        _("Support"),
        _("Valuation"),
        _("Regulation"),
    ]


def ledger_rows(entries):
    for entry in entries.select_related("organisation", "project", "event"):
        yield [
            format_organisation_number(entry.organisation.organisation_number),
            entry.organisation.name,
            entry.aid_sek,
            entry.aid_eur,
            entry.sek_per_eur,
            entry.granted_on,
            entry.granting_body,
            str(entry.project),
            entry.event.title,
            entry.get_valuation_display(),
            entry.regulation_name,
        ]


def ledger_csv(entries) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(ledger_headers())
    for row in ledger_rows(entries):
        writer.writerow([neutralise(value) for value in row])
    return out.getvalue()


def ledger_xlsx(entries, destination) -> None:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("De minimis aid"))
    sheet.append(ledger_headers())
    for row in ledger_rows(entries):
        sheet.append([neutralise(value) for value in row])
    workbook.save(destination)
