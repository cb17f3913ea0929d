"""Writes of the reports app: background Excel exports."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from .models import ReportExport


def start_report_export(*, user, parameters: str, title: str, rows_total: int) -> ReportExport:
    """Record a requested Excel file and have a worker build it once the request commits."""
    from .tasks import build_report_export

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
        transaction.on_commit(lambda: build_report_export.delay(str(export.pk)))
    return export
