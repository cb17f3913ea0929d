"""A signed SME declaration as a PDF for the project's files (fpdf2, in the active language)."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from web.brand import portal_name
from web.pdf import ACCENT, MUTED, BrandedPDF, latin1

from .models import SizeDeclaration


def number(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return formats.number_format(
        value.normalize(), decimal_pos=None, use_l10n=True, force_grouping=True
    )


def declaration_pdf_bytes(declaration: SizeDeclaration) -> bytes:
    organisation = declaration.organisation
    arithmetic = declaration.arithmetic()
    pdf = BrandedPDF(title=_("SME declaration"), author=portal_name())
    pdf.line(portal_name(), size=12, style="B", color=ACCENT, gap=6)
    pdf.line(_("SME declaration"), size=20, style="B", gap=2)
    pdf.line(
        _(
            "Commission Recommendation 2003/361/EC on the definition of micro, small and "
            "medium-sized enterprises"
        ),
        size=9,
        color=MUTED,
        gap=6,
    )
    pdf.pair(_("Enterprise"), organisation.name)
    pdf.pair(_("Organisation number"), organisation.formatted_organisation_number or "–")
    pdf.pair(_("Reference year"), str(declaration.reference_year or "–"))
    currency = declaration.get_currency_display()
    if declaration.sek_per_eur:
        rate = _("%(rate)s SEK per EUR") % {"rate": number(declaration.sek_per_eur)}
        pdf.pair(_("Currency"), f"{currency} ({rate})")
    else:
        pdf.pair(_("Currency"), currency)
    pdf.pair(
        _("Controlled by public bodies"),
        _("yes") if declaration.publicly_controlled else _("no"),
    )
    pdf.ln(3)
    pdf.line(_("How the figures add up"), size=12, style="B", align="L", gap=1)
    header = [_("Enterprise"), _("Counted"), _("Work units"), _("Turnover"), _("Balance sheet")]
    rows = [
        [
            row["name"],
            str(row["relation"]) + (f" ({number(row['share'])} %)" if row["share"] else ""),
            number(row["headcount"]),
            number(row["turnover"]),
            number(row["balance"]),
        ]
        for row in arithmetic["rows"]
    ]
    rows.append(
        [
            _("Total"),
            "",
            number(arithmetic["headcount"]),
            number(arithmetic["turnover"]),
            number(arithmetic["balance"]),
        ]
    )
    if declaration.currency != "EUR":
        rows.append(
            [
                _("Total in EUR"),
                "",
                "",
                number(arithmetic["turnover_eur"]),
                number(arithmetic["balance_eur"]),
            ]
        )
    pdf.set_font("Helvetica", size=8)
    with pdf.table(
        col_widths=(50, 40, 22, 24, 24),
        text_align=("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT"),
        line_height=5,
    ) as table:
        for cells in [header, *rows]:
            table_row = table.row()
            for cell in cells:
                table_row.cell(latin1(str(cell)))
    pdf.ln(4)
    pdf.pair(_("Size class of the year's figures"), declaration.get_size_class_display())
    pdf.pair(
        _("Size class in force"),
        declaration.size_class_in_force.label,
    )
    pdf.line(
        _(
            "A change of size class takes effect only when the ceilings are crossed in two "
            "consecutive reference years (Art. 4(2))."
        ),
        size=8,
        color=MUTED,
        align="L",
        gap=5,
    )
    pdf.line(_("I confirm these figures are correct."), size=11, style="B", align="L", gap=2)
    signed_at = timezone.localtime(declaration.signed_at) if declaration.signed_at else None
    pdf.pair(_("Signed by"), declaration.signer_name or "–")
    pdf.pair(_("Role"), declaration.signer_role or "–")
    pdf.pair(
        _("Signed at"), formats.date_format(signed_at, "DATETIME_FORMAT") if signed_at else "–"
    )
    return bytes(pdf.output())
