import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def export_path(export, filename: str) -> str:
    # Under the random key, so that a file's address cannot be guessed.
    return f"reports/{export.pk}/{filename}"


class ReportExportQuerySet(models.QuerySet):
    def requested_by(self, user):
        """A prepared file is only ever handed back to the person who asked for it."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(requested_by=user)

    def expired(self, now=None):
        return self.filter(expires_at__lt=now or timezone.now())

    def stalled(self, now, *, after):
        """Exports being built whose worker has given no sign of life for `after`: it died."""
        return self.filter(status=ReportExport.Status.RUNNING).filter(
            models.Q(heartbeat_at__lt=now - after)
            | models.Q(heartbeat_at__isnull=True, created_at__lt=now - after)
        )

    def awaiting_dispatch(self, now, *, grace):
        """Pending exports no task has taken: the broker refused them, or they wait for a
        retry after their worker died."""
        return self.filter(status=ReportExport.Status.PENDING).filter(
            models.Q(created_at__lte=now - grace) | models.Q(attempts__gt=0)
        )


class ReportExport(models.Model):
    """An Excel file of a big report, built in the background and kept for a while."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    # A random key: the file's address cannot be guessed from another one.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="report_exports",
        verbose_name=_("requested by"),
    )
    # The report form's query string: the task rebuilds the report from it for the same user.
    parameters = models.TextField(_("parameters"))
    language = models.CharField(_("language"), max_length=8, default="sv")
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    rows_total = models.PositiveIntegerField(_("rows in total"), default=0)
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    # Runs started (a worker that dies while building leaves the export to be tried again).
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Written every few seconds while a worker builds the file.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    file = models.FileField(_("file"), upload_to=export_path, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))

    objects = ReportExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["expires_at"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reports:export", kwargs={"pk": self.pk})

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def is_retrying(self) -> bool:
        """A worker died while building it, and it is being built again."""
        return self.attempts > 1 or (self.attempts == 1 and self.status == self.Status.PENDING)

    @property
    def progress_percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(100, 100 * self.rows_written // self.rows_total)
