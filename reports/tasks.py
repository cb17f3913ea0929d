import logging
import tempfile

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files import File
from django.http import QueryDict
from django.utils import timezone, translation

from .exports import report_filename, write_xlsx
from .forms import ReportForm
from .models import ReportExport

logger = logging.getLogger(__name__)


@shared_task(soft_time_limit=1700, time_limit=1800)
def build_report_export(export_id: str) -> None:
    """Build the Excel file of a big report. Safe to run again: a finished export is left
    alone, an interrupted one starts over."""
    export = ReportExport.objects.select_related("requested_by").filter(pk=export_id).first()
    if export is None or export.status == ReportExport.Status.DONE:
        return
    ReportExport.objects.filter(pk=export.pk).update(
        status=ReportExport.Status.RUNNING, rows_written=0, error=""
    )
    with translation.override(export.language):
        # Rebuilt from the stored query for the same person: whoever lost access meanwhile
        # gets no file.
        form = ReportForm(QueryDict(export.parameters), user=export.requested_by)
        if not form.is_valid():
            _fail(export, "The report is no longer available to the person who asked for it.")
            return
        report = form.report()

        def progress(rows: int) -> None:
            ReportExport.objects.filter(pk=export.pk).update(rows_written=rows)

        try:
            with tempfile.TemporaryFile() as handle:
                rows = write_xlsx(report, handle, progress=progress)
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
    export.status = ReportExport.Status.DONE
    export.rows_written = rows
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "rows_written", "finished_at"])


def _fail(export: ReportExport, error: str) -> None:
    logger.warning("Report export %s failed: %s", export.pk, error)
    ReportExport.objects.filter(pk=export.pk).update(
        status=ReportExport.Status.FAILED, error=error, finished_at=timezone.now()
    )


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
