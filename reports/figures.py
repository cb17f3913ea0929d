"""What a report counts, computed in the database.

A `Report` is one scope (a project, a network, one event or everything one organisation hosted)
with a period and filters, read by one user. Every figure starts from `registrations()`, so a
filter narrows every figure alike. Only attended participations count as support; an enterprise
is counted once per report, in the size class declared at the time of its first support in the
report.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import (
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber, TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from companies.models import (
    Organisation,
    OrganisationMembership,
    SizeClass,
    SizeDeclaration,
    size_class_expression,
    stale_declaration,
)
from events.models import Event, Registration
from followup.models import FollowUpSurvey
from networks.models import Network
from projects.models import Project
from projects.progress import goal_values
from regions.models import COUNTY_NAMES, County


class Scope:
    PROJECT = "project"
    NETWORK = "network"
    EVENT = "event"
    ORGANISATION = "organisation"

    LABELS = {
        PROJECT: _("Project"),
        NETWORK: _("Network"),
        EVENT: _("Event"),
        ORGANISATION: _("Everything an organisation hosted"),
    }


def reportable_subjects(user) -> dict[str, object]:
    """The querysets of everything the user may report on, by scope kind."""
    return {
        Scope.PROJECT: Project.objects.reportable_by(user),
        Scope.NETWORK: Network.objects.reportable_by(user),
        Scope.EVENT: Event.objects.reportable_by(user),
        Scope.ORGANISATION: Organisation.objects.reportable_by(user),
    }


def may_see_reports(user) -> bool:
    """Whether any report is open to the user (one query at most)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # Every reportable scope derives from a project the user coordinates or an organisation
    # they staff (partners' staff included), so this one query agrees with reportable_subjects().
    return (
        get_user_model()
        .objects.filter(pk=user.pk)
        .filter(
            Q(coordinated_projects__isnull=False)
            | Q(
                organisation_memberships__role=OrganisationMembership.Role.STAFF,
                organisation_memberships__status=OrganisationMembership.Status.ACTIVE,
            )
        )
        .exists()
    )


def may_see_reports_cached(user) -> bool:
    """may_see_reports() remembered on the user object for the rest of the request."""
    if not hasattr(user, "_may_see_reports"):
        user._may_see_reports = may_see_reports(user)
    return user._may_see_reports


ATTENDED = Q(status=Registration.Status.CONFIRMED, attended=True)
ENTERPRISE = Q(organisation__kind=Organisation.Kind.COMPANY)
SIZE_ORDER = [
    SizeClass.MICRO,
    SizeClass.SMALL,
    SizeClass.MEDIUM,
    SizeClass.LARGE,
    SizeClass.UNKNOWN,
]


def outer_event_day():
    """The local day of the outer registration's event, inside a subquery."""
    return TruncDate(ExpressionWrapper(OuterRef("event__starts_at"), output_field=DateTimeField()))


def size_at_event():
    """The size class in force at the time of the registration's event (Art. 4(2) of
    2003/361/EC, as its declaration settled it), or the organisation's
    current facts when nothing was declared by then; empty for registrations without one."""
    # The event's day is computed again here rather than referred to by its alias: an alias
    # cannot be used in WHERE clauses or aggregates.
    event_day = outer_event_day()
    # One declaration per organisation and day, so the day alone orders them: the unique
    # index answers the lookup without sorting.
    declared = (
        SizeDeclaration.objects.with_class_in_force()
        .in_force_on(event_day)
        .filter(organisation=OuterRef("organisation"))
        .order_by("-declared_on")
    )
    return Case(
        When(organisation__isnull=True, then=Value("")),
        default=Coalesce(
            Subquery(declared.values("class_in_force")[:1]),
            size_class_expression("organisation__"),
            output_field=CharField(),
        ),
    )


@dataclass(frozen=True)
class Report:
    user: object
    scope: str
    subject: Project | Network | Event | Organisation
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    county: County | None = None
    size_class: str = ""
    event_kind: str = ""

    # -- the rows ----------------------------------------------------------------------

    def events(self):
        events = Event.objects.all()
        match self.scope:
            case Scope.PROJECT:
                events = events.filter(projects=self.subject)
            case Scope.NETWORK:
                events = events.filter(network=self.subject)
            case Scope.EVENT:
                events = events.filter(pk=self.subject.pk)
            case Scope.ORGANISATION:
                events = events.filter(hosts=self.subject)
        if self.date_from:
            events = events.filter(starts_at__date__gte=self.date_from)
        if self.date_to:
            events = events.filter(starts_at__date__lte=self.date_to)
        if self.event_kind:
            events = events.filter(kind=self.event_kind)
        return events

    def registrations(self):
        """Every registration in scope and period, narrowed by the filters, annotated with the
        size class of its organisation at the time of the event."""
        registrations = (
            Registration.objects.filter(event__in=self.events().values("pk"))
            .annotate(event_day=TruncDate("event__starts_at"))
            .annotate(size_at_event=size_at_event())
        )
        if self.county:
            registrations = registrations.filter(organisation__county=self.county)
        if self.size_class:
            registrations = registrations.filter(size_at_event=self.size_class)
        return registrations

    def shows_personal_data(self):
        """A condition on registrations: the user may read the participant's name and email
        (hosts' staff, the coordinators of the event's projects, superusers)."""
        if self.user.is_superuser:
            return Q(pk__isnull=False)
        return Q(event__in=Event.objects.viewable_by(self.user).values("pk"))

    def row_count(self) -> int:
        return self.registrations().count()

    # -- the figures -------------------------------------------------------------------

    def first_supports(self):
        """Each supported enterprise's first attended registration in the report (earliest
        event, then earliest registration): the one whose size class the enterprise counts in."""
        return (
            self.registrations()
            .filter(ATTENDED, ENTERPRISE)
            .order_by()
            .annotate(
                nth=Window(
                    RowNumber(),
                    partition_by=[F("organisation_id")],
                    order_by=[F("event__starts_at").asc(), F("pk").asc()],
                )
            )
            .filter(nth=1)
        )

    def enterprise_breakdown(self) -> list[dict]:
        """The supported enterprises counted by size class at their first support and county,
        with how many of them had declared nothing by then (one row per size class and county).

        The size is looked up for the first supports only, one per enterprise, rather than for
        every attended registration. An enterprise that had declared nothing by its first
        support had declared nothing by any earlier event either, so "declared nothing before
        some supported event" and "before its first" count the same enterprises."""
        declared_then = SizeDeclaration.objects.filter(
            organisation=OuterRef("organisation"),
            declared_on__lte=outer_event_day(),
        )
        # Whether the declaration in force at the first support was due to be confirmed again.
        stale_then = (
            declared_then.order_by("-declared_on")
            .annotate(
                stale=Case(
                    When(stale_declaration(outer_event_day()), then=Value(1)),
                    default=Value(0),
                )
            )
            .values("stale")[:1]
        )
        return list(
            Registration.objects.filter(pk__in=self.first_supports().values("pk"))
            .annotate(size=size_at_event(), declaration_stale=Subquery(stale_then))
            .order_by()
            .values("size", "organisation__county_id")
            .annotate(
                n=Count("pk"),
                undeclared=Count("pk", filter=~Exists(declared_then)),
                stale=Count("pk", filter=Q(declaration_stale=1)),
            )
        )

    def summary(self) -> Summary:
        registrations = self.registrations()
        totals = registrations.aggregate(
            registrations=Count("pk", filter=~Q(status=Registration.Status.CANCELLED)),
            confirmed_held=Count(
                "pk",
                filter=Q(status=Registration.Status.CONFIRMED, event__ends_at__lt=timezone.now()),
            ),
            waitlisted=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
            cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
            participants=Count("pk", filter=ATTENDED),
            organisations=Count("organisation", distinct=True, filter=ATTENDED),
            enterprises=Count("organisation", distinct=True, filter=ATTENDED & ENTERPRISE),
            support_hours=Sum("event__support_hours", filter=ATTENDED),
            enterprise_hours=Sum("event__support_hours", filter=ATTENDED & ENTERPRISE),
        )
        by_size: dict[str, int] = {}
        by_county: dict[str, int] = {}
        undeclared = stale = 0
        for row in self.enterprise_breakdown():
            by_size[row["size"]] = by_size.get(row["size"], 0) + row["n"]
            county = row["organisation__county_id"] or ""
            by_county[county] = by_county.get(county, 0) + row["n"]
            undeclared += row["undeclared"]
            stale += row["stale"]
        kind_labels = dict(Event.Kind.choices)
        events_by_kind = dict(
            self.events().order_by().values_list("kind").annotate(n=Count("pk", distinct=True))
        )
        by_kind = {
            row["event__kind"]: row
            for row in registrations.order_by()
            .values("event__kind")
            .annotate(
                participants=Count("pk", filter=ATTENDED),
                enterprises=Count("organisation", distinct=True, filter=ATTENDED & ENTERPRISE),
            )
        }
        return Summary(
            events=sum(events_by_kind.values()),
            registrations=totals["registrations"],
            confirmed_held=totals["confirmed_held"],
            waitlisted=totals["waitlisted"],
            cancelled=totals["cancelled"],
            participants=totals["participants"],
            organisations=totals["organisations"],
            enterprises=totals["enterprises"],
            support_hours=totals["support_hours"] or Decimal(0),
            enterprise_hours=totals["enterprise_hours"] or Decimal(0),
            undeclared_enterprises=undeclared,
            stale_declarations=stale,
            by_size=[(size.value, size.label, by_size.get(size.value, 0)) for size in SIZE_ORDER],
            # By county code, enterprises without a county last.
            by_county=[
                (code, str(COUNTY_NAMES.get(code, "")), n)
                for code, n in sorted(by_county.items(), key=lambda item: (not item[0], item[0]))
            ],
            by_kind=[
                (
                    kind,
                    kind_labels.get(kind, kind),
                    events_by_kind.get(kind, 0),
                    by_kind.get(kind, {}).get("participants", 0),
                    by_kind.get(kind, {}).get("enterprises", 0),
                )
                for kind in sorted(set(events_by_kind) | set(by_kind))
            ],
        )

    def goals(self) -> list[GoalProgress]:
        """The project's goals against what happened in the whole project (not the filters)."""
        if self.scope != Scope.PROJECT:
            return []
        goals = list(self.subject.goals.all())
        values = goal_values(goals)
        return [GoalProgress(goal, values[goal.pk]) for goal in goals]

    def follow_up(self) -> list[FollowUpWave]:
        """The result follow-up of the enterprises this report counts (RCO01), per wave: surveys
        due, answered, and the result figures (RCR01, RCR03, RCR04, research collaboration)
        from the answers. Surveys belong to a project: other scopes have none.

        One aggregate over the project's surveys; each survey's enterprise is checked against
        the report's supported enterprises with an index lookup (registration by organisation),
        not by listing the report's registrations."""
        if self.scope != Scope.PROJECT:
            return []
        supported = (
            self.registrations()
            .filter(ATTENDED, ENTERPRISE)
            .filter(organisation=OuterRef("organisation"))
        )
        answered = Q(answered_at__isnull=False)
        rows = (
            FollowUpSurvey.objects.filter(project=self.subject)
            .filter(Exists(supported))
            .order_by("wave")
            .values("wave")
            .annotate(
                surveys=Count("pk"),
                answered=Count("pk", filter=answered),
                product_or_process=Count("pk", filter=answered & Q(new_product_or_process=True)),
                marketing_or_organisation=Count(
                    "pk", filter=answered & Q(new_marketing_or_organisation=True)
                ),
                research_collaboration=Count(
                    "pk", filter=answered & Q(research_collaboration=True)
                ),
                jobs_created=Sum("jobs_created", filter=answered),
            )
        )
        return [
            FollowUpWave(**{**row, "jobs_created": row["jobs_created"] or Decimal(0)})
            for row in rows
        ]

    def participants_per_month(self) -> list[tuple[datetime.date, int]]:
        return list(
            self.registrations()
            .filter(ATTENDED)
            .annotate(month=TruncMonth("event__starts_at", output_field=DateField()))
            .order_by("month")
            .values_list("month")
            .annotate(n=Count("pk"))
            .values_list("month", "n")
        )


@dataclass(frozen=True)
class Summary:
    events: int
    registrations: int
    confirmed_held: int
    waitlisted: int
    cancelled: int
    participants: int
    organisations: int
    enterprises: int
    support_hours: Decimal
    enterprise_hours: Decimal
    undeclared_enterprises: int
    # Enterprises whose size declaration in force at their first support was stale then.
    stale_declarations: int
    by_size: list[tuple[str, str, int]]
    by_county: list[tuple[str, str, int]]
    by_kind: list[tuple[str, str, int, int, int]]

    @property
    def rco01(self) -> int:
        return self.enterprises

    @property
    def rco04(self) -> int:
        # Every event is non-financial support, so RCO04 counts the same enterprises.
        return self.enterprises

    @property
    def attendance_percent(self) -> int | None:
        if not self.confirmed_held:
            return None
        return round(100 * self.participants / self.confirmed_held)

    @property
    def hours_per_enterprise(self) -> Decimal | None:
        if not self.enterprises:
            return None
        return (self.enterprise_hours / self.enterprises).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class FollowUpWave:
    """The follow-up answers of one wave (months after each enterprise's first support)."""

    wave: int
    surveys: int
    answered: int
    product_or_process: int
    marketing_or_organisation: int
    research_collaboration: int
    jobs_created: Decimal

    @property
    def response_percent(self) -> int | None:
        if not self.surveys:
            return None
        return round(100 * self.answered / self.surveys)

    @property
    def rcr01(self) -> Decimal:
        return self.jobs_created

    @property
    def rcr03(self) -> int:
        return self.product_or_process

    @property
    def rcr04(self) -> int:
        return self.marketing_or_organisation


@dataclass(frozen=True)
class GoalProgress:
    goal: object
    value: int

    @property
    def percent(self) -> int:
        return self.goal.percent_of_target(self.value)
