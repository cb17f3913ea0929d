from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import ThematicArea
from events.models import Event, Registration
from networks.models import Network, NetworkMembership


class NotificationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=Notification.Status.PENDING)

    def due_for_sweep(self, now, *, grace, retry_after):
        """Pending rows nobody is taking care of: never enqueued, or their retries ran out."""
        return self.pending().filter(
            Q(last_attempt_at__isnull=True, created_at__lte=now - grace)
            | Q(last_attempt_at__lte=now - retry_after)
        )


class Notification(models.Model):
    """One email to one person, recorded before it is sent (an outbox).

    The row is written in the same transaction as the change it reports, so a message is never
    lost when the broker is down; `dedupe_key` makes recording the same message twice a no-op.
    """

    class Kind(models.TextChoices):
        REGISTRATION_CONFIRMED = "registration_confirmed", _("Registration confirmed")
        WAITLISTED = "waitlisted", _("Placed on the waiting list")
        PROMOTED = "promoted", _("Promoted from the waiting list")
        REGISTRATION_CANCELLED = "registration_cancelled", _("Registration cancelled")
        EVENT_CHANGED = "event_changed", _("Event changed")
        EVENT_CANCELLED = "event_cancelled", _("Event cancelled")
        EVENT_REMINDER = "event_reminder", _("Event reminder")
        MEMBERSHIP_REQUESTED = "membership_requested", _("Membership request received")
        MEMBERSHIP_APPROVED = "membership_approved", _("Membership approved")
        MEMBERSHIP_REJECTED = "membership_rejected", _("Membership rejected")
        DIGEST = "digest", _("Weekly digest")
        COHOST_INVITED = "cohost_invited", _("Invitation to co-host an event")
        # Rendered by allauth (address confirmation, password reset); kept until it is sent.
        ACCOUNT_EMAIL = "account_email", _("Account email")
        ATTENDANCE_CERTIFICATE = "attendance_certificate", _("Certificate of attendance")
        DECLARATION_REMINDER = "declaration_reminder", _("SME declaration to confirm again")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped (no longer relevant)")
        # Pending in a restored backup: it may have been sent after the backup was taken.
        HELD = "held", _("Held after a restore (check before sending)")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    # Empty only for an account email to an address without an account (password reset).
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("event"),
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("registration"),
    )
    network_membership = models.ForeignKey(
        NetworkMembership,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("network membership"),
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    # Facts as they were when the message was recorded (waiting-list position, changed fields,
    # the events in a digest).
    context = models.JSONField(_("context"), default=dict, blank=True)
    dedupe_key = models.CharField(_("deduplication key"), max_length=200, unique=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient or ', '.join(self.context['to'])}"


class DigestSubscription(models.Model):
    """What a person follows, and whether they want the weekly digest of new events in it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="digest_subscription",
        verbose_name=_("user"),
    )
    is_active = models.BooleanField(_("send me the weekly digest"), default=False)
    networks = models.ManyToManyField(
        Network, blank=True, related_name="digest_subscriptions", verbose_name=_("networks")
    )
    thematic_areas = models.ManyToManyField(
        ThematicArea,
        blank=True,
        related_name="digest_subscriptions",
        verbose_name=_("thematic areas"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self):
        return str(self.user)
