import tempfile
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from projects.models import Project

from . import charts
from .enterprises import enterprise_csv, write_enterprise_xlsx
from .exports import csv_chunks, report_filename, write_xlsx
from .figures import Report, Scope, may_see_reports_cached
from .forms import ReportForm
from .models import ReportExport
from .services import start_report_export


def reports_access(view):
    """Logged in (else to the login page) and entitled to some report (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not may_see_reports_cached(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def bound_form(request, data) -> ReportForm:
    form = ReportForm(data, user=request.user)
    if not form.is_valid() and form.asks_for_a_report_it_cannot_show:
        raise Http404
    return form


def back_to_form(request):
    return redirect(f"{reverse('reports:report')}?{request.GET.urlencode()}")


@reports_access
def report(request):
    form = bound_form(request, request.GET or None)
    context = {"form": form, "threshold": settings.REPORTS_ASYNC_THRESHOLD}
    if form.is_bound and form.is_valid():
        chosen = form.report()
        row_count = chosen.row_count()
        summary = chosen.summary()
        context.update(
            report=chosen,
            summary=summary,
            goals=chosen.goals(),
            follow_up=chosen.follow_up(),
            row_count=row_count,
            builds_in_background=row_count > settings.REPORTS_ASYNC_THRESHOLD,
            query=request.GET.urlencode(),
        )
    return render(request, "reports/report.html", context)


@reports_access
def participants_csv(request):
    form = bound_form(request, request.GET)
    if not form.is_valid():
        return back_to_form(request)
    chosen = form.report()
    response = StreamingHttpResponse(csv_chunks(chosen), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(chosen, "csv")}"'
    return response


@reports_access
def participants_xlsx(request):
    form = bound_form(request, request.GET)
    if not form.is_valid():
        return back_to_form(request)
    chosen = form.report()
    if chosen.row_count() > settings.REPORTS_ASYNC_THRESHOLD:
        messages.info(request, _("This report is large: prepare the Excel file below."))
        return back_to_form(request)
    # FileResponse closes the file, which deletes it.
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    write_xlsx(chosen, handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=report_filename(chosen, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def project_report_or_back(request):
    """The project report the query asks for, or a redirect back to the form (the enterprise
    list belongs to a project)."""
    form = bound_form(request, request.GET)
    if not form.is_valid():
        return None, back_to_form(request)
    chosen = form.report()
    if chosen.scope != Scope.PROJECT:
        messages.info(request, _("The enterprise list is made for a project: choose one."))
        return None, back_to_form(request)
    return chosen, None


@reports_access
def enterprises_csv(request):
    chosen, back = project_report_or_back(request)
    if back:
        return back
    response = HttpResponse(enterprise_csv(chosen), content_type="text/csv; charset=utf-8")
    filename = report_filename(chosen, "csv").replace("report-", "enterprises-", 1)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@reports_access
def enterprises_xlsx(request):
    chosen, back = project_report_or_back(request)
    if back:
        return back
    handle = tempfile.TemporaryFile()  # noqa: SIM115
    write_enterprise_xlsx(chosen, handle)
    handle.seek(0)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=report_filename(chosen, "xlsx").replace("report-", "enterprises-", 1),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_POST
@reports_access
def export_create(request):
    form = bound_form(request, request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what to report on."))
        return redirect("reports:report")
    chosen = form.report()
    parameters = request.POST.copy()
    parameters.pop("csrfmiddlewaretoken", None)
    export = start_report_export(
        user=request.user,
        parameters=parameters.urlencode(),
        title=str(chosen.subject),
        rows_total=chosen.row_count(),
    )
    return redirect(export)


@reports_access
def export_detail(request, pk):
    export = get_object_or_404(ReportExport.objects.requested_by(request.user), pk=pk)
    return render(request, "reports/export_detail.html", {"export": export})


@reports_access
def export_download(request, pk):
    export = get_object_or_404(
        ReportExport.objects.requested_by(request.user).filter(status=ReportExport.Status.DONE),
        pk=pk,
    )
    # Access is checked again: whoever lost access to the scope since gets nothing.
    form = ReportForm(QueryDict(export.parameters), user=request.user)
    if not form.is_valid() or not export.file:
        raise Http404
    try:
        handle = export.file.open("rb")
    except FileNotFoundError:
        # The row outlived its file (media restored without it, or another server's disk).
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=export.file.name.rsplit("/", 1)[-1],
    )


@reports_access
def dashboard(request, slug):
    project = get_object_or_404(Project.objects.reportable_by(request.user), slug=slug)
    chosen = Report(user=request.user, scope=Scope.PROJECT, subject=project)
    summary = chosen.summary()
    goals = chosen.goals()
    return render(
        request,
        "reports/dashboard.html",
        {
            "project": project,
            "summary": summary,
            "goals": goals,
            "months": charts.monthly_columns(chosen.participants_per_month()),
            "sizes": charts.horizontal_bars([(label, n) for _value, label, n in summary.by_size]),
            "counties": charts.horizontal_bars(
                [(name or _("Unknown"), n) for _code, name, n in summary.by_county]
            ),
            "goal_bars": charts.goal_bars(goals),
            "query": f"scope={Scope.PROJECT}-{project.pk}",
        },
    )
