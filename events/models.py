from __future__ import annotations

import datetime
import secrets
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation, ThematicArea
from networks.models import Network
from projects.models import Project
from regions.models import County
from web.fulltext import SearchDocument, matching
from web.images import validate_image_upload
from web.slug_urls import slug_url


class EventQuerySet(models.QuerySet):
    def search(self, text):
        """Rows whose Swedish or English texts match `text`, with `search_rank` (see
        web/fulltext.py for the rule)."""
        return matching(self, text)

    def published(self):
        """Events a visitor may see: published and cancelled ones (a cancellation is news)."""
        return self.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CANCELLED])

    def upcoming(self):
        return self.filter(ends_at__gte=timezone.now())

    def past(self):
        return self.filter(ends_at__lt=timezone.now())

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

    def upcoming_cards(self):
        """Published upcoming events in date order, with what an event card shows (seats taken,
        county, hosts): the list on an organisation's, a network's and a project's page."""
        return (
            self.published()
            .with_confirmed_count()
            .upcoming()
            .select_related("county")
            .prefetch_related("hosts")
            .order_by("starts_at")
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


class AidValuation(models.TextChoices):
    COST_BASED = "cost_based", _("Cost-based (the event's costs per participant)")
    FIXED = "fixed", _("Fixed amount per participant")


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

    class WaitlistMode(models.TextChoices):
        AUTOMATIC = "automatic", _("The first on the waiting list gets it at once")
        OFFER = "offer", _("The first on the waiting list is offered it for a limited time")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    image = models.ImageField(
        _("image"),
        upload_to="events/images/",
        blank=True,
        validators=[validate_image_upload],
        help_text=_("PNG, JPEG or WebP, shown on the event's page and when it is shared."),
    )
    image_alt = models.CharField(
        _("image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
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
        Project,
        blank=True,
        related_name="events",
        verbose_name=_("projects"),
        help_text=_("The projects whose reports count this event."),
    )
    thematic_areas = models.ManyToManyField(
        ThematicArea, blank=True, related_name="events", verbose_name=_("thematic areas")
    )
    language = models.CharField(
        _("language"), max_length=8, choices=Language.choices, default=Language.SWEDISH
    )
    contact_name = models.CharField(
        _("contact person"),
        max_length=200,
        blank=True,
        help_text=_("Who participants can ask about the event."),
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave blank for unlimited seats.")
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    max_per_organisation = models.PositiveSmallIntegerField(
        _("places per organisation"),
        null=True,
        blank=True,
        help_text=_(
            "At most this many people from one organisation, waiting list included. Leave "
            "blank for no limit."
        ),
    )
    waitlist_mode = models.CharField(
        _("when a seat becomes free"),
        max_length=16,
        choices=WaitlistMode.choices,
        default=WaitlistMode.AUTOMATIC,
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept an offered seat"),
        default=24,
        validators=[MinValueValidator(1)],
        help_text=_("Used when a free seat is offered: then the next person is offered it."),
    )
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
    # Taking part in this event is de minimis aid (Regulation (EU) 2023/2831) when an aid value
    # is set: each attending company's undertaking is granted that much, by the project.
    de_minimis_aid_sek = models.DecimalField(
        _("de minimis aid per participant (SEK)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_(
            "Fill in when taking part is de minimis aid: the value of the support each "
            "participating company receives. Leave empty when it is not aid."
        ),
    )
    aid_valuation = models.CharField(
        _("how the aid value was set"), max_length=16, choices=AidValuation.choices, blank=True
    )
    aid_granting_project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aid_granting_events",
        verbose_name=_("project granting the aid"),
    )
    # The iCalendar SEQUENCE: calendar programs replace an entry they already have only when it
    # goes up. Counted in save() whenever a field a calendar entry shows changes.
    sequence = models.PositiveIntegerField(_("calendar revision"), default=0, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The texts a search looks in, kept by the database (web/fulltext.py).
    search_vector = models.GeneratedField(
        expression=SearchDocument(
            "title_sv",
            "title_en",
            "description_sv",
            "description_en",
            "venue_name",
            "city",
            headline=2,
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = EventQuerySet.as_manager()

    # The fields a calendar entry is made of (events.calendar.calendar_event), in each language.
    CALENDAR_FIELDS = (
        "title_sv",
        "title_en",
        "slug",
        "description_sv",
        "description_en",
        "starts_at",
        "ends_at",
        "format",
        "venue_name",
        "address",
        "city",
        "online_url",
        "status",
    )

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
                condition=Q(offer_hours__gte=1), name="event_offer_hours_positive"
            ),
            models.CheckConstraint(
                condition=Q(de_minimis_aid_sek__isnull=True)
                | (
                    Q(de_minimis_aid_sek__gte=0)
                    & ~Q(aid_valuation="")
                    & Q(aid_granting_project__isnull=False)
                ),
                name="event_de_minimis_aid_complete",
                violation_error_message=_(
                    "De minimis aid needs its value, how it was set and the project granting it."
                ),
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
            GinIndex(fields=["search_vector"], name="event_search_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        loaded = getattr(self, "loaded_calendar_values", None)
        current = self.calendar_values()
        if loaded is not None and self.pk is not None:
            changed = [name for name, value in current.items() if loaded.get(name, value) != value]
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                changed = [name for name in changed if name in update_fields]
            if changed:
                self.sequence += 1
                if update_fields is not None:
                    kwargs["update_fields"] = {*update_fields, "sequence"}
        super().save(*args, **kwargs)
        saved = kwargs.get("update_fields")
        self.loaded_calendar_values = {
            **(loaded or {}),
            **{name: value for name, value in current.items() if saved is None or name in saved},
        }

    def get_absolute_url(self):
        return slug_url("events:detail", self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        # Remember what the calendar fields were when loaded, so save() can tell a change.
        event = super().from_db(db, field_names, values)
        event.loaded_calendar_values = event.calendar_values()
        return event

    def calendar_values(self) -> dict:
        deferred = self.get_deferred_fields()
        return {name: getattr(self, name) for name in self.CALENDAR_FIELDS if name not in deferred}

    def clean(self):
        if self.de_minimis_aid_sek is not None:
            missing = {}
            if not self.aid_valuation:
                missing["aid_valuation"] = _("Say how the aid value was set.")
            if self.aid_granting_project_id is None:
                missing["aid_granting_project"] = _("Choose the project that grants the aid.")
            if missing:
                raise ValidationError(missing)
        if self.format in (self.Format.ONLINE, self.Format.HYBRID) and not self.online_url:
            raise ValidationError(
                {"online_url": _("An online or hybrid event needs a link to join.")}
            )
        if self.format in (self.Format.ON_SITE, self.Format.HYBRID) and not (
            self.venue_name or self.address or self.city
        ):
            raise ValidationError({"venue_name": _("Say where the event takes place.")})

    @property
    def is_de_minimis_aid(self) -> bool:
        return self.de_minimis_aid_sek is not None

    def map_url(self) -> str:
        """The venue on OpenStreetMap (a search for its address), or "" for no address."""
        place = ", ".join(part for part in (self.address, self.city) if part)
        if self.format == self.Format.ONLINE or not place:
            return ""
        return "https://www.openstreetmap.org/search?" + urlencode({"query": place})

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def attendance_opens_at(self) -> datetime.datetime:
        """From when attendance may be recorded: a short, configurable time before the start."""
        return self.starts_at - datetime.timedelta(
            minutes=settings.ATTENDANCE_OPENS_MINUTES_BEFORE_START
        )

    def attendance_refusal(self, now=None) -> str | None:
        """Why attendance cannot be recorded now (the door check-in and the admin alike), or
        None. After the event it stays open, so staff can complete it from the sign-in sheet."""
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return _("The event is cancelled: nobody can attend it.")
        if now < self.attendance_opens_at:
            return _(
                "Attendance for %(event)s can be recorded from %(when)s, shortly before the "
                "event starts."
            ) % {
                "event": self.title,
                "when": formats.date_format(
                    timezone.localtime(self.attendance_opens_at), "DATETIME_FORMAT"
                ),
            }
        return None

    def attendance_can_be_recorded(self, now=None) -> bool:
        return self.attendance_refusal(now) is None

    @property
    def eu_projects(self) -> list:
        """The EU-funded projects the event counts for (named on attendance certificates)."""
        return [project for project in self.projects.all() if project.is_eu_funded]

    def registration_refusal(self, now=None) -> str | None:
        """Why nobody can register now (for the person), or None while registration is open."""
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return gettext("This event has been cancelled.")
        if self.status != self.Status.PUBLISHED:
            return gettext("This event is not open for registration.")
        if self.ends_at <= now:
            return gettext("This event has already taken place.")
        if self.registration_opens_at and now < self.registration_opens_at:
            return gettext("Registration opens %(when)s.") % {
                "when": formats.date_format(
                    timezone.localtime(self.registration_opens_at), "DATETIME_FORMAT"
                )
            }
        if self.registration_closes_at and now > self.registration_closes_at:
            return gettext("Registration closed %(when)s.") % {
                "when": formats.date_format(
                    timezone.localtime(self.registration_closes_at), "DATETIME_FORMAT"
                )
            }
        return None

    def registration_is_open(self, now=None) -> bool:
        return self.registration_refusal(now) is None

    def organisation_limit_refusal(self, organisation: Organisation | None) -> str | None:
        """Why one more person from the organisation cannot register (its places, waiting list
        included, are used up), or None. Every path that adds a registration asks this under
        the event's row lock (`events.services`), as it does for capacity."""
        if organisation is None or self.max_per_organisation is None:
            return None
        taken = self.registrations.live().filter(organisation=organisation).count()
        if taken < self.max_per_organisation:
            return None
        return ngettext(
            "%(organisation)s already has %(count)d person registered for this event, the "
            "most one organisation may register.",
            "%(organisation)s already has %(count)d people registered for this event, the "
            "most one organisation may register.",
            taken,
        ) % {"organisation": organisation, "count": taken}

    def offer_deadline(self, now=None) -> datetime.datetime:
        """Until when a seat offered now stays reserved: never past the event's start."""
        now = now or timezone.now()
        return min(now + datetime.timedelta(hours=self.offer_hours), self.starts_at)

    def answer_columns(self) -> list[AnswerColumn]:
        """A column per registration question for staff's lists and files: the questions
        asked now, then those deleted since that someone had answered (under the words they
        were asked in)."""
        columns = [
            AnswerColumn(question.pk, "", question.text, question.on_sign_in_sheet)
            for question in self.questions.all()
        ]
        deleted = (
            RegistrationAnswer.objects.filter(registration__event=self, question=None)
            .order_by("question_sv")
            .values_list("question_sv", "question_en")
            .distinct()
        )
        seen = set()
        for question_sv, question_en in deleted:
            if question_sv not in seen:
                seen.add(question_sv)
                columns.append(
                    AnswerColumn(None, question_sv, _in_language(question_sv, question_en), False)
                )
        return columns


class AnswerColumn(NamedTuple):
    """Which answers a column holds: those to a question (by id), or, once the question is
    deleted, those given under its Swedish words."""

    question_id: int | None
    question_sv: str
    header: str
    on_sign_in_sheet: bool

    @property
    def key(self) -> tuple:
        return (self.question_id, self.question_sv)


class ProgrammeItem(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="programme_items", verbose_name=_("event")
    )
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

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("event")
    )
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


CHECK_IN_SALT = "events.check-in"


class RegistrationQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        return self.filter(status=Registration.Status.WAITLISTED)

    def offered(self):
        """Waiting-list places offered a free seat, not yet accepted: the seat is held."""
        return self.waitlisted().filter(offer_expires_at__isnull=False)

    def holding_seats(self):
        """The registrations a seat is counted for: confirmed ones and open offers."""
        return self.filter(
            Q(status=Registration.Status.CONFIRMED)
            | Q(status=Registration.Status.WAITLISTED, offer_expires_at__isnull=False)
        )

    def offers_expired(self, now=None):
        return self.offered().filter(offer_expires_at__lte=now or timezone.now())

    def attended(self):
        """Participations that count as support in funder reports."""
        return self.filter(status=Registration.Status.CONFIRMED, attended=True)

    def waitlist_order(self):
        """The waiting list in the order its seats are given: who joined first (the id breaks
        a tie). Those already offered a seat are not waiting for one."""
        return self.waitlisted().filter(offer_expires_at__isnull=True).order_by("created_at", "id")

    def with_waitlist_position(self):
        """Annotate `position` on the waitlisted rows: one more than those waiting for the same
        event ahead of them in `waitlist_order()`; None on other rows. One query for a list."""
        ahead = (
            Registration.objects.waitlisted()
            .filter(event=OuterRef("event"), offer_expires_at__isnull=True)
            .filter(
                Q(created_at__lt=OuterRef("created_at"))
                | Q(created_at=OuterRef("created_at"), id__lt=OuterRef("id"))
            )
            .order_by()
            .values("event")
            .annotate(count=models.Count("*"))
            .values("count")
        )
        return self.annotate(
            position=models.Case(
                models.When(
                    status=Registration.Status.WAITLISTED,
                    then=Coalesce(Subquery(ahead), 0) + 1,
                ),
                default=None,
                output_field=models.IntegerField(),
            )
        )

    def manageable_by(self, user):
        return self.filter(event__in=Event.objects.manageable_by(user))

    def matching(self, query: str):
        """Registrations whose person or organisation matches every word of the query."""
        for word in query.split()[:5]:
            self = self.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(user__email__icontains=word)
                | Q(organisation__name__icontains=word)
            )
        return self

    def viewable_by(self, user):
        return self.filter(event__in=Event.objects.viewable_by(user))

    def transferable_by(self, user):
        """Live registrations the user may pass to a colleague: their own, and those of the
        companies they administer."""
        if not user.is_authenticated:
            return self.none()
        return self.live().filter(
            Q(user=user) | Q(organisation__in=Organisation.objects.administered_by(user))
        )


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
    # Set while a free seat is offered to this waiting-list place (Event.WaitlistMode.OFFER):
    # the seat is held for them until then (`holding_seats()`).
    offer_expires_at = models.DateTimeField(_("seat offered until"), null=True, blank=True)

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
            models.CheckConstraint(
                condition=Q(offer_expires_at__isnull=True) | Q(status="waitlisted"),
                name="seat_offers_only_to_the_waiting_list",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "created_at"]),
            models.Index(fields=["user", "status"]),
            models.Index(fields=["organisation", "status"]),
            # The beat task's scan for offers that ran out.
            models.Index(
                fields=["offer_expires_at"],
                condition=Q(offer_expires_at__isnull=False),
                name="registration_open_offer_idx",
            ),
            # The attended participations of a set of events, read index-only by the project
            # page's goal totals (projects.progress.with_goal_totals()).
            models.Index(
                fields=["event", "organisation"],
                condition=Q(status="confirmed", attended=True),
                name="registration_attended_idx",
            ),
        ]

    def __str__(self):
        return f"{self.user or _('(deleted user)')} – {self.event}"

    def clean(self):
        # Every form that sets attendance (the admin's change form, any inline) gets the rule.
        if self.attended is not None and self.event_id:
            if self.status != self.Status.CONFIRMED:
                raise ValidationError({"attended": _("Only confirmed registrations can attend.")})
            refusal = self.event.attendance_refusal()
            if refusal:
                raise ValidationError({"attended": refusal})

    @property
    def earns_certificate(self) -> bool:
        """A certificate of attendance: after the event, for those who attended it."""
        return (
            self.status == self.Status.CONFIRMED
            and self.attended is True
            and self.event.is_past
            and not self.event.is_cancelled
        )

    def check_in_token(self) -> str:
        """The signed key in the person's QR code: it names the registration, nothing else."""
        return signing.Signer(salt=CHECK_IN_SALT).sign(str(self.pk))

    def check_in_url(self) -> str:
        """The absolute address in the QR code (a phone's camera app opens it)."""
        return settings.SITE_URL + reverse("events:check_in_qr", args=[self.check_in_token()])

    @classmethod
    def pk_from_check_in_token(cls, token: str) -> int | None:
        try:
            value = signing.Signer(salt=CHECK_IN_SALT).unsign(token)
        except signing.BadSignature:
            return None
        return int(value) if value.isdigit() and len(value) <= 18 else None

    def answer_cells(self, columns: list[AnswerColumn]) -> list[str]:
        """The registration's answers in the columns' order ("" where none), from its
        prefetched `answers`."""
        given = {answer.column_key: answer.answer for answer in self.answers.all()}
        return [given.get(column.key, "") for column in columns]

    @property
    def is_offered_a_seat(self) -> bool:
        return self.status == self.Status.WAITLISTED and self.offer_expires_at is not None

    def transfer_refusal(self, now=None) -> str | None:
        """Why this registration cannot be passed to a colleague now, or None."""
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return gettext("A cancelled registration cannot be transferred.")
        if self.attended:
            return gettext("This registration has been checked in: it cannot be transferred.")
        if self.event.is_cancelled:
            return gettext("This event has been cancelled.")
        if self.event.starts_at <= now:
            return gettext("The event has started: its registrations can no longer be transferred.")
        if self.organisation_id is None:
            return gettext("Only a registration on behalf of an organisation can be transferred.")
        return None

    @property
    def waitlist_position(self) -> int | None:
        """This registration's place on the waiting list (`with_waitlist_position()`)."""
        if self.status != self.Status.WAITLISTED:
            return None
        if hasattr(self, "position"):
            return self.position
        return Registration.objects.with_waitlist_position().get(pk=self.pk).position


class RegistrationQuestion(models.Model):
    """A question the event's hosts ask everyone who registers, in Swedish and English."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        ONE_CHOICE = "one_choice", _("One choice")
        SEVERAL_CHOICES = "several_choices", _("Several choices")
        YES_NO = "yes_no", _("Yes or no")

    class Standard(models.TextChoices):
        DIETARY = "dietary", _("Dietary needs")
        ACCESSIBILITY = "accessibility", _("Accessibility needs")
        PHOTO_CONSENT = "photo_consent", _("Consent to be photographed")
        LIST_CONSENT = "list_consent", _("Consent to appear in the participant list")

    CHOICE_KINDS = (Kind.ONE_CHOICE, Kind.SEVERAL_CHOICES)

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="questions", verbose_name=_("event")
    )
    kind = models.CharField(_("kind of answer"), max_length=16, choices=Kind.choices)
    text_sv = models.CharField(_("question in Swedish"), max_length=300)
    text_en = models.CharField(
        _("question in English"),
        max_length=300,
        blank=True,
        help_text=_("Leave blank to ask in Swedish on the English pages too."),
    )
    choices_sv = models.TextField(
        _("choices in Swedish"), blank=True, help_text=_("One choice per line.")
    )
    choices_en = models.TextField(
        _("choices in English"),
        blank=True,
        help_text=_("One per line, in the same order as the Swedish ones."),
    )
    is_required = models.BooleanField(_("required"), default=False)
    on_sign_in_sheet = models.BooleanField(
        _("on the sign-in sheet"),
        default=False,
        help_text=_("Show the answers on the printed sign-in sheet as well."),
    )
    standard = models.CharField(
        _("standard question"), max_length=16, choices=Standard.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        ordering = ["event", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "standard"],
                condition=~Q(standard=""),
                name="one_standard_question_of_each_kind_per_event",
                violation_error_message=_("The event already asks this standard question."),
            ),
        ]

    def __str__(self):
        return self.text

    @property
    def text(self) -> str:
        """The question in the active language, the other one where it is missing."""
        return _in_language(self.text_sv, self.text_en)

    def choice_labels(self, language: str) -> list[str]:
        """The choices in `language` ("sv" or "en"); missing English falls back to Swedish."""
        swedish = _lines(self.choices_sv)
        if language == "en":
            english = _lines(self.choices_en)
            return english if len(english) == len(swedish) else swedish
        return swedish

    def clean(self):
        if self.kind in self.CHOICE_KINDS:
            swedish = _lines(self.choices_sv)
            if len(swedish) < 2:
                raise ValidationError({"choices_sv": _("Give at least two choices, one per line.")})
            english = _lines(self.choices_en)
            if english and len(english) != len(swedish):
                raise ValidationError(
                    {"choices_en": _("Give as many English choices as Swedish ones.")}
                )
        elif self.choices_sv.strip() or self.choices_en.strip():
            raise ValidationError(
                {"choices_sv": _("Only questions with choices have choices: clear this field.")}
            )

    def answer_texts(self, value) -> tuple[str, str, bool | None]:
        """A form's cleaned value as the answer's Swedish and English text and, for a yes or
        no question, the yes or no."""
        if self.kind == self.Kind.YES_NO:
            if value in ("", None):
                return "", "", None
            yes = value == "yes"
            return ("ja" if yes else "nej"), ("yes" if yes else "no"), yes
        if self.kind in self.CHOICE_KINDS:
            indexes = [int(i) for i in ([value] if isinstance(value, str) else value) if i != ""]
            swedish, english = self.choice_labels("sv"), self.choice_labels("en")
            return (
                "; ".join(swedish[i] for i in indexes),
                "; ".join(english[i] for i in indexes),
                None,
            )
        text = (value or "").strip()
        return text, text, None


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _in_language(swedish: str, english: str) -> str:
    if (get_language() or "").startswith("en"):
        return english or swedish
    return swedish or english


# The standard questions staff switch on per event, as they are first asked (staff may edit
# the copy an event gets).
STANDARD_QUESTIONS = {
    RegistrationQuestion.Standard.DIETARY: {
        "kind": RegistrationQuestion.Kind.TEXT,
        "text_sv": "Har du allergier eller önskemål om specialkost?",
        "text_en": "Do you have any allergies or dietary needs?",
        "order": 100,
    },
    RegistrationQuestion.Standard.ACCESSIBILITY: {
        "kind": RegistrationQuestion.Kind.TEXT,
        "text_sv": "Behöver du något särskilt för att kunna delta, till exempel tillgänglighet "
        "för rullstol eller hörslinga?",
        "text_en": "Do you need anything to be able to take part, such as wheelchair access or "
        "a hearing loop?",
        "order": 101,
    },
    RegistrationQuestion.Standard.PHOTO_CONSENT: {
        "kind": RegistrationQuestion.Kind.YES_NO,
        "text_sv": "Får vi fotografera dig under evenemanget och använda bilderna i vår "
        "kommunikation?",
        "text_en": "May we photograph you at the event and use the pictures in our communication?",
        "is_required": True,
        "on_sign_in_sheet": True,
        "order": 102,
    },
    RegistrationQuestion.Standard.LIST_CONSENT: {
        "kind": RegistrationQuestion.Kind.YES_NO,
        "text_sv": "Får ditt namn och din organisation stå med på deltagarlistan som delas "
        "med de andra deltagarna?",
        "text_en": "May your name and organisation appear on the participant list shared "
        "with the other participants?",
        "is_required": True,
        "order": 103,
    },
}


class RegistrationAnswer(models.Model):
    """One registrant's answer to one question, with the question as it was asked: editing
    or deleting the question later changes no answer already given."""

    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="answers",
        verbose_name=_("registration"),
    )
    # The person who answered, so that their answers (dietary or accessibility needs are
    # health data) go with their account on every path that deletes it; the registration
    # itself only loses its person.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="registration_answers",
        verbose_name=_("participant"),
    )
    question = models.ForeignKey(
        RegistrationQuestion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("question"),
    )
    question_sv = models.CharField(_("question in Swedish"), max_length=300)
    question_en = models.CharField(_("question in English"), max_length=300, blank=True)
    answer_sv = models.TextField(_("answer in Swedish"), blank=True)
    answer_en = models.TextField(_("answer in English"), blank=True)
    is_yes = models.BooleanField(_("yes"), null=True, blank=True)
    standard = models.CharField(
        _("standard question"),
        max_length=16,
        choices=RegistrationQuestion.Standard.choices,
        blank=True,
    )
    created_at = models.DateTimeField(_("answered at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration answer")
        verbose_name_plural = _("registration answers")
        ordering = ["registration", "question__order", "question_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"], name="one_answer_per_question"
            )
        ]

    def __str__(self):
        return f"{self.question_text}: {self.answer}"

    @property
    def question_text(self) -> str:
        return _in_language(self.question_sv, self.question_en)

    @property
    def column_key(self) -> tuple:
        """The AnswerColumn.key of the column this answer goes in."""
        if self.question_id is None:
            return (None, self.question_sv)
        return (self.question_id, "")

    @property
    def answer(self) -> str:
        return _in_language(self.answer_sv, self.answer_en)


class CheckInLog(models.Model):
    """One check-in, undo or absence, with who recorded it and from which page: the event's
    attendance history, in place of a signature sheet."""

    class Action(models.TextChoices):
        CHECKED_IN = "checked_in", _("Checked in")
        UNDONE = "undone", _("Check-in undone")
        ABSENT = "absent", _("Marked not attended")
        TRANSFERRED = "transferred", _("Transferred to a colleague")

    class Source(models.TextChoices):
        CHECK_IN_PAGE = "check_in_page", _("Check-in page")
        QR_CODE = "qr_code", _("QR code")
        WALK_IN = "walk_in", _("Walk-in at the door")
        ADMIN_FORM = "admin_form", _("Admin: registration form")
        ADMIN_ACTION = "admin_action", _("Admin: registration list")
        TRANSFER_PAGE = "transfer_page", _("Transfer page")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="check_in_logs", verbose_name=_("event")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.CASCADE,
        related_name="check_in_logs",
        verbose_name=_("registration"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    source = models.CharField(_("recorded on"), max_length=16, choices=Source.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    # A transfer: whose the seat was and whose it became (the registration's person changes).
    transferred_from = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("transferred from"),
    )
    transferred_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("transferred to"),
    )

    class Meta:
        verbose_name = _("check-in record")
        verbose_name_plural = _("check-in records")
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["event", "-recorded_at"])]

    def __str__(self):
        return f"{self.get_action_display()} – {self.registration}"


def new_certificate_code() -> str:
    # 12 characters of an alphabet without look-alikes (60 bits): read off paper, never guessed.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    code = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


class AttendanceCertificateQuerySet(models.QuerySet):
    def genuine(self):
        """Certificates that still stand: the participation is still recorded as attended."""
        return self.filter(
            registration__status=Registration.Status.CONFIRMED, registration__attended=True
        )

    def issue(self, registration):
        """The registration's certificate (the same one every time); None until it earns one."""
        if not registration.earns_certificate:
            return None
        certificate, _created = self.get_or_create(registration=registration)
        return certificate


class AttendanceCertificate(models.Model):
    """Proof that a participant attended an event; `/verify/<code>/` confirms it. The name is
    read from the account, so deleting the account leaves no name behind."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="certificate",
        verbose_name=_("registration"),
    )
    code = models.CharField(
        _("verification code"), max_length=14, unique=True, default=new_certificate_code
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)

    objects = AttendanceCertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance certificate")
        verbose_name_plural = _("attendance certificates")

    def __str__(self):
        return self.code

    def get_absolute_url(self):
        return reverse("verify_certificate", args=[self.code])


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
