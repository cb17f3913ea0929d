"""The de minimis certificate a company keeps for its next declaration of aid received: the
amount, the regulation, the granting body and project, the date (fpdf2, active language)."""

from __future__ import annotations

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from web.brand import portal_name
from web.pdf import ACCENT, MUTED, BrandedPDF

from .models import DeMinimisEntry


def money(value, decimals=2) -> str:
    return formats.number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def certificate_pdf(entry: DeMinimisEntry) -> bytes:
    organisation = entry.organisation
    event = entry.event
    pdf = BrandedPDF(title=_("De minimis certificate"), author=entry.granting_body)
    pdf.line(portal_name(), size=12, style="B", color=ACCENT, gap=6)
    pdf.line(_("De minimis certificate"), size=22, style="B", gap=2)
    pdf.line(
        _("Certificate of de minimis aid under %(regulation)s")
        % {"regulation": entry.regulation_name},
        size=10,
        color=MUTED,
        gap=8,
    )
    pdf.pair(_("Recipient"), organisation.name)
    pdf.pair(_("Organisation number"), organisation.formatted_organisation_number or "–")
    pdf.pair(_("Aid amount"), f"{money(entry.aid_sek)} SEK")
    pdf.pair(
        _("In euros"),
        _("%(eur)s EUR (at %(rate)s SEK per EUR)")
        % {"eur": money(entry.aid_eur), "rate": money(entry.sek_per_eur, 4)},
    )
    pdf.pair(_("How the value was set"), entry.get_valuation_display())
    pdf.pair(_("Date the aid was granted"), formats.date_format(entry.granted_on, "DATE_FORMAT"))
    pdf.pair(_("Granting body"), entry.granting_body)
    pdf.pair(_("Project"), str(entry.project))
    pdf.pair(_("Funding programme"), entry.project.get_funding_programme_display())
    pdf.pair(_("Support"), event.title)
    pdf.pair(_("Regulation"), entry.regulation_name)
    pdf.ln(4)
    pdf.line(
        _(
            "This support is de minimis aid. An undertaking may receive at most EUR 300,000 of "
            "de minimis aid over any period of three years. Keep this certificate: you will be "
            "asked for the de minimis aid you have received when you apply for more."
        ),
        size=10,
        align="L",
        gap=4,
    )
    if entry.project.is_eu_funded:
        pdf.line(_("Co-funded by the European Union."), size=11, style="B", color=ACCENT, gap=4)
    pdf.set_y(-40)
    pdf.line(
        _("Issued %(date)s") % {"date": formats.date_format(timezone.localdate(), "DATE_FORMAT")},
        size=9,
        color=MUTED,
    )
    return bytes(pdf.output())
