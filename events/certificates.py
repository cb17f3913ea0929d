"""The certificate of attendance as a PDF, drawn with fpdf2 (pure Python: it installs from PyPI
on a fresh machine, with no Pango, Cairo or fonts from the system)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from web.brand import portal_name
from web.pdf import ACCENT, MUTED, BrandedPDF

from .models import AttendanceCertificate


def certificate_pdf(certificate: AttendanceCertificate) -> bytes:
    """The certificate in the active language."""
    registration = certificate.registration
    event = registration.event
    holder = registration.user.display_name if registration.user else ""
    starts, ends = timezone.localtime(event.starts_at), timezone.localtime(event.ends_at)
    when = formats.date_format(starts, "DATE_FORMAT")
    if starts.date() != ends.date():
        when += " – " + formats.date_format(ends, "DATE_FORMAT")
    hosts = ", ".join(host.name for host in event.hosts.all())
    verify_url = settings.SITE_URL + reverse("verify_certificate", args=[certificate.code])

    pdf = BrandedPDF(title=_("Certificate of attendance"), author=portal_name())
    line = pdf.line
    line(portal_name(), size=14, style="B", color=ACCENT, gap=10)
    line(_("Certificate of attendance"), size=26, style="B", gap=12)
    line(_("This is to certify that"), size=12, color=MUTED, gap=4)
    line(holder, size=20, style="B", gap=4)
    line(_("attended"), size=12, color=MUTED, gap=4)
    line(event.title, size=16, style="B", gap=3)
    line(when, size=12, gap=2)
    place = ", ".join(part for part in (event.venue_name, event.city) if part)
    if place:
        line(place, size=12, color=MUTED, gap=8)
    else:
        pdf.ln(6)
    line(_("Hosted by: %(hosts)s") % {"hosts": hosts}, size=11, gap=2)
    hours = formats.number_format(event.support_hours.normalize(), use_l10n=True)
    line(_("Hours of support: %(hours)s") % {"hours": hours}, size=11, gap=6)
    projects = event.eu_projects
    if projects:
        names = "; ".join(
            f"{project.name} ({project.get_funding_programme_display()})" for project in projects
        )
        line(_("Part of: %(projects)s") % {"projects": names}, size=11, gap=2)
        line(_("Co-funded by the European Union."), size=11, style="B", color=ACCENT, gap=6)
    pdf.set_y(-60)
    line(
        _("Verification code: %(code)s") % {"code": certificate.code},
        size=11,
        style="B",
        gap=2,
    )
    line(_("Check that this certificate is genuine at %(url)s") % {"url": verify_url}, size=9)
    line(
        _("Issued %(date)s")
        % {"date": formats.date_format(timezone.localtime(certificate.issued_at), "DATE_FORMAT")},
        size=9,
        color=MUTED,
    )
    return bytes(pdf.output())
