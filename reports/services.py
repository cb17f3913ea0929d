"""Writes of the reports app: background Excel exports.

An export is a row first (the person is told "your file is being prepared" whatever happens to
the broker), then a task. A worker claims the row, writes a heartbeat to it every few seconds
while it builds, and finishes it; `sweep_report_exports` (every few seconds in the beat schedule)
dispatches rows the broker refused and re-queues rows whose worker died, up to `MAX_ATTEMPTS`.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation

from web.dispatch import dispatch

from .models import ReportExport

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
WORKER_DIED = "The worker building the file stopped; please try again."


def dispatch_report_export(export_id) -> bool:
    """Hand the export to a worker; when the broker is down the sweep does it later."""
    return dispatch("reports.tasks.build_report_export", str(export_id))


def start_report_export(*, user, parameters: str, title: str, rows_total: int) -> ReportExport:
    """Record a requested Excel file and have a worker build it once the request commits."""
    with transaction.atomic():
        export = ReportExport.objects.create(
            requested_by=user,
            parameters=parameters,
            title=title[:300],
            language=translation.get_language() or settings.LANGUAGE_CODE,
            rows_total=rows_total,
            expires_at=timezone.now()
            + datetime.timedelta(hours=settings.REPORTS_EXPORT_LIFETIME_HOURS),
        )
        transaction.on_commit(lambda: dispatch_report_export(export.pk))
    return export


def claim_report_export(*, export_id) -> ReportExport | None:
    """Take a pending export for this worker; None when another worker has it or it is done."""
    claimed = ReportExport.objects.filter(pk=export_id, status=ReportExport.Status.PENDING).update(
        status=ReportExport.Status.RUNNING,
        attempts=F("attempts") + 1,
        heartbeat_at=timezone.now(),
        rows_written=0,
        error="",
    )
    if not claimed:
        return None
    return ReportExport.objects.select_related("requested_by").get(pk=export_id)


def sweep_report_exports(*, now: datetime.datetime | None = None) -> int:
    """Re-queue exports whose worker died (or fail them after MAX_ATTEMPTS) and dispatch the
    pending ones no task has taken; returns how many were dispatched."""
    now = now or timezone.now()
    stalled_after = datetime.timedelta(seconds=settings.REPORTS_STALLED_SECONDS)
    # Rows younger than one sweep are left to the task enqueued on commit.
    grace = datetime.timedelta(seconds=settings.JOB_SWEEP_SECONDS)
    for export in ReportExport.objects.stalled(now, after=stalled_after):
        # Only if nothing changed since it was read: a live worker's heartbeat wins.
        unchanged = ReportExport.objects.filter(
            pk=export.pk, status=ReportExport.Status.RUNNING, heartbeat_at=export.heartbeat_at
        )
        if export.attempts >= MAX_ATTEMPTS:
            logger.warning(
                "Report export %s failed: its worker died %s times", export.pk, MAX_ATTEMPTS
            )
            unchanged.update(status=ReportExport.Status.FAILED, error=WORKER_DIED, finished_at=now)
        elif unchanged.update(status=ReportExport.Status.PENDING, rows_written=0):
            logger.warning("Report export %s: its worker died; building it again", export.pk)
    dispatched = 0
    for pk in ReportExport.objects.awaiting_dispatch(now, grace=grace).values_list("pk", flat=True):
        if not dispatch_report_export(pk):
            break
        dispatched += 1
    return dispatched
