import logging
import tempfile
import threading

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, connection
from django.http import QueryDict
from django.utils import timezone, translation

from . import services
from .exports import report_filename, write_xlsx
from .forms import ReportForm
from .models import ReportExport

logger = logging.getLogger(__name__)


class Heartbeat:
    """Writes the rows written so far and a sign of life to the export's row every few seconds.

    From a thread of its own, so on a database connection of its own: the export reads its rows
    inside a transaction (a streaming cursor), and progress written there would show only when
    the file is done. A worker killed mid-build stops beating, which the sweep notices.
    """

    def __init__(self, export: ReportExport):
        self.export = export
        self.rows = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, name=f"heartbeat-{export.pk}", daemon=True)

    def progress(self, rows: int) -> None:
        self.rows = rows

    def run(self) -> None:
        try:
            while not self.stopped.wait(settings.REPORTS_HEARTBEAT_SECONDS):
                try:
                    ReportExport.objects.filter(
                        pk=self.export.pk,
                        status=ReportExport.Status.RUNNING,
                        attempts=self.export.attempts,
                    ).update(heartbeat_at=timezone.now(), rows_written=self.rows)
                except DatabaseError as exc:
                    logger.warning(
                        "Report export %s: no heartbeat written: %s", self.export.pk, exc
                    )
        finally:
            connection.close()

    def __enter__(self):
        # Built in the request (no broker): nobody watches the page meanwhile.
        if not build_report_export.app.conf.task_always_eager:
            self.thread.start()
        return self

    def __exit__(self, *exc_info):
        self.stopped.set()
        if self.thread.is_alive():
            self.thread.join()


@shared_task(soft_time_limit=1700, time_limit=1800)
def build_report_export(export_id: str) -> None:
    """Build the Excel file of a big report. Safe to run again: only a pending export is
    claimed, and an export re-queued after its worker died starts over."""
    export = services.claim_report_export(export_id=export_id)
    if export is None:
        return
    with translation.override(export.language):
        # Rebuilt from the stored query for the same person: whoever lost access meanwhile
        # gets no file.
        form = ReportForm(QueryDict(export.parameters), user=export.requested_by)
        if not form.is_valid():
            _fail(export, "The report is no longer available to the person who asked for it.")
            return
        report = form.report()
        try:
            with tempfile.TemporaryFile() as handle, Heartbeat(export) as heartbeat:
                rows = write_xlsx(report, handle, progress=heartbeat.progress)
                handle.seek(0)
                if export.file:
                    export.file.delete(save=False)
                export.file.save(report_filename(report, "xlsx"), File(handle), save=False)
        except SoftTimeLimitExceeded:
            _fail(export, "Building the file took too long.")
            return
        except Exception:
            # The page stops waiting; the error goes to the worker's log.
            _fail(export, "The file could not be built.")
            raise
    # Only this run's claim is finished: after a re-queue the newer run owns the row.
    ReportExport.objects.filter(
        pk=export.pk, status=ReportExport.Status.RUNNING, attempts=export.attempts
    ).update(
        file=export.file.name,
        status=ReportExport.Status.DONE,
        rows_written=rows,
        finished_at=timezone.now(),
    )


def _fail(export: ReportExport, error: str) -> None:
    logger.warning("Report export %s failed: %s", export.pk, error)
    ReportExport.objects.filter(pk=export.pk, attempts=export.attempts).update(
        status=ReportExport.Status.FAILED, error=error, finished_at=timezone.now()
    )


@shared_task(soft_time_limit=60, time_limit=90)
def sweep_report_exports() -> int:
    count = services.sweep_report_exports()
    if count:
        logger.info("Dispatched %s report exports", count)
    return count


@shared_task(soft_time_limit=240, time_limit=300)
def delete_expired_report_exports() -> int:
    """Remove expired export files and their records."""
    deleted = 0
    for export in ReportExport.objects.expired().iterator():
        if export.file:
            export.file.delete(save=False)
        export.delete()
        deleted += 1
    return deleted
