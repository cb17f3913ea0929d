import io
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from companies.forms import DeMinimisStatementForm, OtherAidFormSet
from companies.models import Organisation, OtherDeMinimisAid
from companies.services import confirm_de_minimis_statement
from events.models import Event
from projects.models import Project

from .certificates import certificate_pdf
from .exports import ledger_csv, ledger_xlsx
from .forms import LedgerExportForm
from .models import DeMinimisEntry, undertaking_total


def _represented_company(request, slug):
    return get_object_or_404(
        Organisation.objects.represented_by(request.user).companies(), slug=slug
    )


@login_required
def company_aid(request, slug):
    """A company's de minimis aid: certificates, the yearly summary and the three-year total."""
    organisation = _represented_company(request, slug)
    entries = organisation.de_minimis_entries.select_related("event", "project")
    statement = organisation.de_minimis_statements.order_by("-confirmed_at").first()
    return render(
        request,
        "funding/company_aid.html",
        {
            "organisation": organisation,
            "entries": entries,
            "years": entries.per_year(),
            "total": undertaking_total(organisation, on=timezone.localdate()),
            "statement": statement,
            "other_aid": statement.other_aid.all() if statement else [],
            "is_admin": Organisation.objects.administered_by(request.user)
            .filter(pk=organisation.pk)
            .exists(),
            "now": timezone.now(),
        },
    )


@login_required
def certificate(request, pk):
    entry = get_object_or_404(
        DeMinimisEntry.objects.filter(
            organisation__in=Organisation.objects.represented_by(request.user),
            event__ends_at__lt=timezone.now(),
        ).select_related("organisation", "event", "project"),
        pk=pk,
    )
    response = HttpResponse(certificate_pdf(entry), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="de-minimis-{entry.organisation.slug}-{entry.granted_on}.pdf"'
    )
    return response


@login_required
def statement(request, slug):
    """The company admin confirms the other de minimis aid the undertaking received in the last
    three years, before registering for an event that is de minimis aid; the page shows what
    the three-year total would become."""
    organisation = get_object_or_404(
        Organisation.objects.administered_by(request.user).companies(), slug=slug
    )
    event = None
    if request.GET.get("event"):
        event = get_object_or_404(
            Event.objects.published().filter(de_minimis_aid_sek__isnull=False),
            slug=request.GET["event"],
        )
    today = timezone.localdate()
    previous = organisation.de_minimis_statements.order_by("-confirmed_at").first()
    initial = (
        [
            {
                "granting_body": aid.granting_body,
                "granted_on": aid.granted_on,
                "amount_eur": aid.amount_eur,
            }
            for aid in previous.other_aid.all()
        ]
        if previous
        else []
    )
    data = request.POST if request.method == "POST" else None
    formset = OtherAidFormSet(
        data, queryset=OtherDeMinimisAid.objects.none(), initial=initial, prefix="aid"
    )
    formset.extra = len(initial) + 1
    form = DeMinimisStatementForm(data)
    adding = Decimal(0)
    if event is not None:
        adding = (event.de_minimis_aid_sek / Decimal(str(settings.SEK_PER_EUR))).quantize(
            Decimal("0.01")
        )
    if data is not None and form.is_valid() and formset.is_valid():
        confirm_de_minimis_statement(
            organisation=organisation,
            other_aid=[f.save(commit=False) for f in formset.forms if f.has_changed()],
            by=request.user,
        )
        total = undertaking_total(organisation, on=today, adding_eur=adding)
        messages.success(request, _("Your statement of other de minimis aid is kept."))
        if total.exceeds_ceiling:
            messages.warning(request, ceiling_warning(total))
        if event is not None:
            return redirect(event)
        return redirect("funding:company", slug=organisation.slug)
    total = undertaking_total(organisation, on=today, adding_eur=adding)
    return render(
        request,
        "funding/statement.html",
        {
            "organisation": organisation,
            "event": event,
            "formset": formset,
            "form": form,
            "total": total,
        },
    )


def ceiling_warning(total) -> str:
    return _(
        "With this support your undertaking's de minimis aid over three years would be "
        "EUR %(total)s, more than the EUR %(ceiling)s the regulation allows. Talk to the "
        "organiser before you register."
    ) % {
        "total": formats.number_format(total.total_eur, 2, use_l10n=True, force_grouping=True),
        "ceiling": formats.number_format(total.ceiling_eur, 0, use_l10n=True, force_grouping=True),
    }


@login_required
def ledger(request):
    """The ledger of a project the user may report on, with its exports."""
    reportable = Project.objects.reportable_by(request.user)
    if not reportable.exists():
        raise PermissionDenied
    if request.GET.get("project") and not reportable.filter(slug=request.GET["project"]).exists():
        raise Http404  # another coordinator's project
    form = LedgerExportForm(request.GET or None, user=request.user)
    entries = None
    if form.is_bound and form.is_valid():
        entries = form.entries().select_related("organisation", "event")
        file_format = request.GET.get("format")
        name = f"de-minimis-{form.cleaned_data['project'].slug}"
        if file_format == "csv":
            response = HttpResponse(ledger_csv(entries), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
            return response
        if file_format == "xlsx":
            buffer = io.BytesIO()
            ledger_xlsx(entries, buffer)
            response = HttpResponse(
                buffer.getvalue(),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
    return render(
        request,
        "funding/ledger.html",
        {"form": form, "entries": entries[:200] if entries is not None else None},
    )
