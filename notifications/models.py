import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
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
        ORGANISER_MESSAGE = "organiser_message", _("Message from the organisers")
        SEAT_OFFERED = "seat_offered", _("Seat offered from the waiting list")
        SEAT_OFFER_EXPIRED = "seat_offer_expired", _("Seat offer ran out")
        COLLEAGUE_REGISTERED = "colleague_registered", _("Registered by a colleague")
        REGISTRATION_TRANSFERRED = "registration_transferred", _("Registration received")
        REGISTRATION_TRANSFERRED_AWAY = (
            "registration_transferred_away",
            _("Registration passed to a colleague"),
        )
        # Rendered by the followup app's builder (emails.register_builder).
        FOLLOW_UP_SURVEY = "followup_survey", _("Follow-up survey")
        FOLLOW_UP_REMINDER = "followup_reminder", _("Follow-up survey reminder")
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
    organiser_message = models.ForeignKey(
        "OrganiserMessage",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("message from the organisers"),
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


def organiser_attachment_path(instance, filename: str) -> str:
    """A random directory per file: uploaded media are served without a login, so the address
    of a message's attachment must not be guessable."""
    month = timezone.localdate().strftime("%Y/%m")
    name = filename.rsplit("/", 1)[-1]
    return f"organiser-messages/{month}/{secrets.token_urlsafe(12)}/{name}"


class OrganiserMessageQuerySet(models.QuerySet):
    def manageable_by(self, user):
        """Messages about the events and networks the user's organisation hosts."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(event__in=Event.objects.manageable_by(user))
            | Q(network__in=Network.objects.manageable_by(user))
        )

    def queued(self):
        return self.filter(status=OrganiserMessage.Status.QUEUED)

    def sent_recently_by(self, user, *, since):
        return self.queued().filter(sender=user, queued_at__gte=since)


class OrganiserMessage(models.Model):
    """A message staff write to an event's participants or a network's members, and the log of
    its sending: one Notification per recipient, in the recipient's language.

    Written as a draft when staff ask for a preview; sending turns the draft into outbox rows
    once (the draft row is locked), so a second click on "Send" queues nothing twice.
    """

    class Audience(models.TextChoices):
        CONFIRMED = "confirmed", _("All confirmed participants")
        WAITLISTED = "waitlisted", _("The waiting list")
        ATTENDED = "attended", _("Those who attended")
        NOT_ATTENDED = "not_attended", _("Confirmed participants who did not attend")
        NETWORK_MEMBERS = "network_members", _("The people of the member organisations")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft (previewed, not sent)")
        QUEUED = "queued", _("Sent to the outbox")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="organiser_messages",
        verbose_name=_("event"),
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="organiser_messages",
        verbose_name=_("network"),
    )
    audience = models.CharField(_("to"), max_length=20, choices=Audience.choices)
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="organiser_messages",
        verbose_name=_("sender"),
    )
    subject_sv = models.CharField(_("subject in Swedish"), max_length=200, blank=True)
    body_sv = models.TextField(_("text in Swedish"), blank=True)
    subject_en = models.CharField(_("subject in English"), max_length=200, blank=True)
    body_en = models.TextField(_("text in English"), blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to=organiser_attachment_path, blank=True, max_length=300
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)
    opted_out_count = models.PositiveIntegerField(_("skipped (opted out)"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    queued_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = OrganiserMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message to participants")
        verbose_name_plural = _("messages to participants")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(event__isnull=False, network__isnull=True)
                | Q(event__isnull=True, network__isnull=False),
                name="organiser_message_to_an_event_or_a_network",
            ),
            models.CheckConstraint(
                condition=~(Q(subject_sv="") | Q(body_sv="")) | ~(Q(subject_en="") | Q(body_en="")),
                name="organiser_message_has_a_language",
            ),
            models.CheckConstraint(
                condition=Q(network__isnull=True) | Q(audience="network_members"),
                name="organiser_message_network_audience",
            ),
            models.CheckConstraint(
                condition=Q(event__isnull=True) | ~Q(audience="network_members"),
                name="organiser_message_event_audience",
            ),
        ]
        indexes = [models.Index(fields=["sender", "status", "queued_at"])]

    def __str__(self):
        return self.subject_sv or self.subject_en

    @property
    def about(self):
        return self.event or self.network

    @property
    def languages(self) -> list[str]:
        """The languages the message is written in, Swedish first."""
        return [
            code
            for code in ("sv", "en")
            if getattr(self, f"subject_{code}") and getattr(self, f"body_{code}")
        ]

    @property
    def attachment_filename(self) -> str:
        return self.attachment.name.rsplit("/", 1)[-1] if self.attachment else ""

    def language_for(self, preferred: str) -> str:
        """The recipient's language when the message is written in it, else the other one."""
        written = self.languages
        return preferred if preferred in written else written[0]

    def subject_in(self, language: str) -> str:
        return getattr(self, f"subject_{language}")

    def body_in(self, language: str) -> str:
        return getattr(self, f"body_{language}")


class OrganiserMessageOptOut(models.Model):
    """A person who asked for no messages from the organisers of events and networks (mail
    about their own registrations and memberships still comes)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organiser_message_opt_out",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("opt-out from organisers' messages")
        verbose_name_plural = _("opt-outs from organisers' messages")

    def __str__(self):
        return str(self.user)
