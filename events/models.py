from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Func, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cluster_portal.slug_urls import slug_url
from companies.models import Organisation, ThematicArea
from networks.models import Network
from projects.models import Project
from regions.models import County


class EventQuerySet(models.QuerySet):
    def published(self):
        """Events a visitor may see: published and cancelled ones (a cancellation is news)."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now())

    def past(self):
        return self.filter(ends_at__lt=timezone.now())

    def in_county(self, code: str):
        return self.filter(county_id=code)

    def hosted_by(self, organisations):
        return self.filter(hosts__in=organisations).distinct()

    def manageable_by(self, user):
        """Events the user may change: their organisation hosts or co-hosts them."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            pk__in=Event.hosts.through.objects.filter(
                organisation__in=Organisation.objects.staffed_by(user)
            ).values("event_id")
        )

    def viewable_by(self, user):
        """Events whose participants the user may read: managers plus project coordinators."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(pk__in=self.manageable_by(user).values("pk"))
            | Q(projects__in=Project.objects.coordinated_by(user))
        ).distinct()

    def reportable_by(self, user):
        """Events whose figures the user may report: their organisation hosts them, or they
        count for a project or belong to a network the user may report on. Participants' names
        are for `viewable_by` only."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(pk__in=self.manageable_by(user).values("pk"))
            | Q(
                pk__in=Event.projects.through.objects.filter(
                    project__in=Project.objects.reportable_by(user)
                ).values("event_id")
            )
            | Q(network__in=Network.objects.reportable_by(user))
        )

    def with_confirmed_count(self):
        """Annotate the number of confirmed seats (all a public page shows).

        A correlated subquery rather than a join with GROUP BY, so PostgreSQL counts only for
        the rows a sliced list returns (not for every event the filter matches), and `count()`
        leaves it out.
        """
        return self.annotate(
            confirmed_count=_registration_count(status=Registration.Status.CONFIRMED)
        )

    def with_seat_counts(self):
        """Annotate confirmed, waitlisted and attended counts, as `with_confirmed_count()`."""
        return self.with_confirmed_count().annotate(
            waitlisted_count=_registration_count(status=Registration.Status.WAITLISTED),
            attended_count=_registration_count(status=Registration.Status.CONFIRMED, attended=True),
        )


def _registration_count(**conditions):
    """The number of the outer event's registrations that meet `conditions`, as a subquery."""
    return Subquery(
        Registration.objects.filter(event=OuterRef("pk"), **conditions)
        .order_by()
        .values(count=Func("pk", function="COUNT")),
        output_field=models.IntegerField(),
    )


class Event(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        SEMINAR = "seminar", _("Seminar")
        CONFERENCE = "conference", _("Conference")
        NETWORK_MEETING = "network_meeting", _("Network meeting")
        TRAINING = "training", _("Training")
        WEBINAR = "webinar", _("Webinar")
        MATCHMAKING = "matchmaking", _("Matchmaking")

    class Format(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    class Language(models.TextChoices):
        SWEDISH = "sv", _("Swedish")
        ENGLISH = "en", _("English")
        BOTH = "sv_en", _("Swedish and English")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    format = models.CharField(
        _("format"), max_length=16, choices=Format.choices, default=Format.ON_SITE
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    county = models.ForeignKey(
        County,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("county"),
    )
    online_url = models.URLField(_("online link"), blank=True)
    hosts = models.ManyToManyField(
        Organisation, related_name="hosted_events", verbose_name=_("hosts")
    )
    network = models.ForeignKey(
        Network,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("network"),
    )
    projects = models.ManyToManyField(
        Project, blank=True, related_name="events", verbose_name=_("counts for projects")
    )
    thematic_areas = models.ManyToManyField(
        ThematicArea, blank=True, related_name="events", verbose_name=_("thematic areas")
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.SWEDISH
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave blank for unlimited seats.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    allows_private_persons = models.BooleanField(
        _("open to private persons"),
        default=False,
        help_text=_("Allow registration without representing an organisation."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    support_hours = models.DecimalField(
        _("hours of support per participant"),
        max_digits=5,
        decimal_places=2,
        default=0,
        help_text=_("Counted in funder reports for each participant who attended."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")),
                name="event_ends_after_it_starts",
                violation_error_message=_("The event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=0),
                name="event_capacity_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(support_hours__gte=0), name="event_support_hours_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gte=models.F("registration_opens_at")),
                name="event_registration_closes_after_it_opens",
                violation_error_message=_("Registration cannot close before it opens."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "starts_at"]),
            models.Index(fields=["status", "ends_at"]),
            # Public lists in date order without sorting all public events (chosen from
            # EXPLAIN ANALYZE on 20,000 events: the list and its deep pages read the index).
            # ends_at is a key column so that `upcoming()` skips past events inside the index
            # instead of reading each one from the table (home: 9,500 rows, 3 ms, to 0.3 ms).
            models.Index(
                fields=["starts_at", "id", "ends_at"],
                condition=Q(status__in=["published", "cancelled"]),
                name="event_public_upcoming_idx",
            ),
            # The list filtered by county: upcoming events of one county without reading the
            # county's past events (and a cheap count of them).
            models.Index(
                fields=["county", "starts_at", "id", "ends_at"],
                condition=Q(status__in=["published", "cancelled"]),
                name="event_public_county_idx",
            ),
            # The same for the list filtered by kind (its count read a seq scan of all events).
            models.Index(
                fields=["kind", "starts_at", "id", "ends_at"],
                condition=Q(status__in=["published", "cancelled"]),
                name="event_public_kind_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("events:detail", self.slug)

    def clean(self):
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not self.online_url:
            raise ValidationError(
                {"online_url": _("An online or hybrid event needs a link to join.")}
            )
        if self.format in (self.Format.ON_SITE, self.Format.HYBRID) and not (
            self.venue_name or self.address or self.city
        ):
            raise ValidationError({"venue_name": _("Say where the event takes place.")})

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.status == self.Status.PUBLISHED
            and now < self.ends_at
            and (self.registration_opens_at is None or self.registration_opens_at <= now)
            and (self.registration_closes_at is None or now <= self.registration_closes_at)
        )


class ProgrammeItem(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="programme_items")
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("programme item")
        verbose_name_plural = _("programme items")
        ordering = ["event", "order", "starts_at", "id"]

    def __str__(self):
        return self.title


class Speaker(models.Model):
    """An invited speaker or guest; often a role or an organisation rather than a person."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(_("name"), max_length=200)
    affiliation = models.CharField(_("organisation or role"), max_length=200, blank=True)
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("speaker or guest")
        verbose_name_plural = _("speakers and guests")
        ordering = ["event", "order", "id"]

    def __str__(self):
        return self.name


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED)

    def attended(self):
        """Participations that count as support in funder reports."""
        return self.filter(status=Registration.Status.CONFIRMED, attended=True)

    def waitlist_order(self):
        return self.waitlisted().order_by("created_at", "id")

    def manageable_by(self, user):
        return self.filter(event__in=Event.objects.manageable_by(user))

    def viewable_by(self, user):
        return self.filter(event__in=Event.objects.viewable_by(user))


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")

    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("event")
    )
    # Nullable so that deleting an account keeps the anonymous facts funders need.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("participant"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("organisation represented"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    promoted_at = models.DateTimeField(
        _("promoted from the waiting list at"), null=True, blank=True
    )

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="one_live_registration_per_user_and_event",
                violation_error_message=_("You are already registered for this event."),
            ),
            models.CheckConstraint(
                condition=Q(attended__isnull=True) | Q(status="confirmed"),
                name="attendance_only_for_confirmed_registrations",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"]),
            models.Index(fields=["user", "status"]),
            models.Index(fields=["organisation", "status"]),
            # The attended participations of a set of events, read index-only by the project
            # page's goal totals (Project.objects.with_goal_totals()).
            models.Index(
                fields=["event", "organisation"],
                condition=Q(status="confirmed", attended=True),
                name="registration_attended_idx",
            ),
        ]

    def __str__(self):
        return f"{self.user or _('(deleted user)')} – {self.event}"

    @property
    def waitlist_position(self) -> int | None:
        if self.status != self.Status.WAITLISTED:
            return None
        earlier = Registration.objects.waitlisted().filter(event_id=self.event_id)
        earlier = earlier.filter(
            Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, id__lt=self.id)
        )
        return earlier.count() + 1


class CoHostInvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=CoHostInvitation.Status.PENDING)

    def manageable_by(self, user):
        """Invitations the user may accept or decline: those to their organisation."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(organisation__in=Organisation.objects.staffed_by(user))

    def viewable_by(self, user):
        """Invitations the user may read: to their organisation, or for events they manage."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(pk__in=self.manageable_by(user).values("pk"))
            | Q(event__in=Event.objects.manageable_by(user))
        )


class CoHostInvitation(models.Model):
    """An invitation to co-host an event. The invited organisation becomes one of the event's
    `hosts` – with its scope over the event and the event in its figures – only when its own
    staff accept."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    event = models.ForeignKey(
        Event,
        on_delete=models.CASCADE,
        related_name="cohost_invitations",
        verbose_name=_("event"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="cohost_invitations",
        verbose_name=_("invited organisation"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    objects = CoHostInvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("co-host invitation")
        verbose_name_plural = _("co-host invitations")
        ordering = ["-invited_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "organisation"], name="one_cohost_invitation_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} → {self.event}"
