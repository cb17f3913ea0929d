from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lead
from django.utils.translation import gettext_lazy as _
from localflavor.se.forms import SEOrganisationNumberField

from regions.models import County
from web.fulltext import SearchDocument, matching
from web.slug_urls import slug_url


def normalise_organisation_number(value: str) -> str:
    """Validate a Swedish organisation number and return it as digits only (no hyphen).

    Uses django-localflavor's Luhn check; raises ValidationError with a user-facing message.
    """
    value = (value or "").strip().replace(" ", "")
    if not value:
        return ""
    digits = value.replace("-", "")
    if not digits.isdigit() or len(digits) != 10:
        raise ValidationError(
            _("An organisation number has 10 digits, for example 556036-0793."),
            code="invalid_length",
        )
    try:
        return SEOrganisationNumberField().clean(value)
    except ValidationError:
        # localflavor's own message has no Swedish translation.
        raise ValidationError(
            _("This is not a valid Swedish organisation number: check the digits."),
            code="invalid",
        ) from None


def validate_organisation_number(value: str) -> None:
    normalise_organisation_number(value)


def format_organisation_number(digits: str) -> str:
    return f"{digits[:6]}-{digits[6:]}" if len(digits) == 10 else digits


class SizeClass(models.TextChoices):
    """Enterprise size by Commission Recommendation 2003/361/EC."""

    MICRO = "micro", _("Micro")
    SMALL = "small", _("Small")
    MEDIUM = "medium", _("Medium")
    LARGE = "large", _("Large")
    UNKNOWN = "unknown", _("Unknown")


MILLION = Decimal(1_000_000)

# The ceilings of 2003/361/EC, smallest class first: (class, headcount below, annual turnover
# at most, balance-sheet total at most). Python (classify_enterprise_size) and the database
# (size_class_expression, the stored SizeDeclaration.size_class) both read them from here.
SIZE_CEILINGS = (
    (SizeClass.MICRO, 10, 2 * MILLION, 2 * MILLION),
    (SizeClass.SMALL, 50, 10 * MILLION, 10 * MILLION),
    (SizeClass.MEDIUM, 250, 50 * MILLION, 43 * MILLION),
)


def classify_enterprise_size(
    headcount: int | None,
    annual_turnover_eur: Decimal | None,
    balance_sheet_total_eur: Decimal | None,
) -> SizeClass:
    """Size class from staff headcount and the financial ceilings of 2003/361/EC.

    A class needs the headcount below its ceiling and *either* financial figure within its
    ceiling. A figure that was not declared cannot satisfy its ceiling; with neither figure
    declared, the headcount alone decides.
    """
    if headcount is None:
        return SizeClass.UNKNOWN
    financials_known = annual_turnover_eur is not None or balance_sheet_total_eur is not None
    for size, staff_below, turnover_ceiling, balance_ceiling in SIZE_CEILINGS:
        within = not financials_known or (
            (annual_turnover_eur is not None and annual_turnover_eur <= turnover_ceiling)
            or (balance_sheet_total_eur is not None and balance_sheet_total_eur <= balance_ceiling)
        )
        if headcount < staff_below and within:
            return size
    return SizeClass.LARGE


def size_class_expression(prefix: str = "") -> models.Case:
    """classify_enterprise_size() as a database expression over an organisation's current facts
    or a declaration's facts (`prefix` reaches the organisation from another model, e.g.
    "organisation__")."""

    def q(**lookups):
        return Q(**{prefix + name: value for name, value in lookups.items()})

    financials_unknown = q(annual_turnover_eur__isnull=True, balance_sheet_total_eur__isnull=True)
    return models.Case(
        models.When(q(headcount__isnull=True), then=models.Value(SizeClass.UNKNOWN.value)),
        *(
            models.When(
                q(headcount__lt=staff_below)
                & (
                    financials_unknown
                    | q(annual_turnover_eur__lte=turnover_ceiling)
                    | q(balance_sheet_total_eur__lte=balance_ceiling)
                ),
                then=models.Value(size.value),
            )
            for size, staff_below, turnover_ceiling, balance_ceiling in SIZE_CEILINGS
        ),
        default=models.Value(SizeClass.LARGE.value),
        output_field=models.CharField(),
    )


class ThematicArea(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")
        ordering = ["name"]

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def search(self, text):
        """Rows whose Swedish or English texts match `text`, with `search_rank` (see
        web/fulltext.py for the rule)."""
        return matching(self, text)

    def listed(self):
        """Organisations a visitor may see: every host-type organisation, and companies that
        chose to be listed."""
        return self.filter(~Q(kind=Organisation.Kind.COMPANY) | Q(is_listed=True))

    def science_parks(self):
        return self.filter(kind=Organisation.Kind.SCIENCE_PARK)

    def companies(self):
        return self.filter(kind=Organisation.Kind.COMPANY)

    def represented_by(self, user):
        """Organisations the user may act for (an active member or admin of)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            memberships__user=user, memberships__status=OrganisationMembership.Status.ACTIVE
        ).distinct()

    def administered_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            memberships__user=user,
            memberships__status=OrganisationMembership.Status.ACTIVE,
            memberships__role=OrganisationMembership.Role.ADMIN,
        ).distinct()

    def staffed_by(self, user):
        """Host organisations whose staff the user is."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            memberships__user=user,
            memberships__status=OrganisationMembership.Status.ACTIVE,
            memberships__role=OrganisationMembership.Role.STAFF,
        ).distinct()

    def manageable_by(self, user):
        if user.is_superuser:
            return self.all()
        return self.staffed_by(user)

    def reportable_by(self, user):
        """Organisations whose hosted events the user may report on: staff their own,
        superusers every organisation that has hosted an event."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.filter(hosted_events__isnull=False).distinct()
        return self.staffed_by(user)


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COMPANY = "company", _("Company")
        SCIENCE_PARK = "science_park", _("Science park")
        CLUSTER_ORGANISATION = "cluster_organisation", _("Cluster organisation")
        UNIVERSITY = "university", _("University or research institute")
        PUBLIC_BODY = "public_body", _("Public body")
        FUNDER = "funder", _("Funder")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, default=Kind.COMPANY)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=12,
        blank=True,
        validators=[validate_organisation_number],
        help_text=_("Swedish organisation number, 10 digits, e.g. 556036-0793."),
    )
    county = models.ForeignKey(
        County,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
    )
    municipality = models.CharField(_("municipality or city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    thematic_areas = models.ManyToManyField(
        ThematicArea, blank=True, related_name="organisations", verbose_name=_("thematic areas")
    )
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    is_listed = models.BooleanField(
        _("listed publicly"),
        default=False,
        help_text=_("Show this company in the public directory and on network pages."),
    )
    # Current EU SME facts; their history (for reports "as declared at the time") is in
    # SizeDeclaration.
    headcount = models.PositiveIntegerField(
        _("staff headcount (annual work units)"), null=True, blank=True
    )
    annual_turnover_eur = models.DecimalField(
        _("annual turnover (EUR)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    balance_sheet_total_eur = models.DecimalField(
        _("balance-sheet total (EUR)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    sme_facts_declared_on = models.DateField(_("SME facts declared on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The texts a search looks in, kept by the database (web/fulltext.py).
    search_vector = models.GeneratedField(
        expression=SearchDocument(
            "name", "description_sv", "description_en", "municipality", "sector", headline=1
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation_number"],
                condition=~Q(organisation_number=""),
                name="unique_organisation_number_when_present",
                violation_error_message=_(
                    "An organisation with this number is already registered."
                ),
            ),
            models.CheckConstraint(
                condition=Q(headcount__isnull=True) | Q(headcount__gte=0),
                name="organisation_headcount_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "county"]),
            # The public directory: listed organisations by name, read in index order (chosen
            # from EXPLAIN ANALYZE on 50,000 companies; also makes its count an index-only scan).
            models.Index(
                fields=["name", "id"],
                condition=~Q(kind="company") | Q(is_listed=True),
                name="organisation_listed_name_idx",
            ),
            GinIndex(fields=["search_vector"], name="organisation_search_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("companies:detail", self.slug)

    def is_represented_by(self, user) -> bool:
        """Whether the user may act for this organisation (`represented_by`)."""
        return Organisation.objects.represented_by(user).filter(pk=self.pk).exists()

    def clean(self):
        if self.organisation_number:
            self.organisation_number = normalise_organisation_number(self.organisation_number)

    @property
    def size_class(self) -> SizeClass:
        return classify_enterprise_size(
            self.headcount, self.annual_turnover_eur, self.balance_sheet_total_eur
        )

    @property
    def formatted_organisation_number(self) -> str:
        return format_organisation_number(self.organisation_number)

    @property
    def is_host_type(self) -> bool:
        return self.kind != self.Kind.COMPANY


class SizeDeclarationQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date):
        return self.filter(declared_on__lte=day).order_by("-declared_on", "-id")

    def with_replaced_on(self):
        """Each declaration with the day the organisation's next declaration replaced it (None
        while it is still in force): it is in force on the days [declared_on, replaced_on).
        An organisation declares at most once a day, so the day alone orders its declarations."""
        return self.annotate(
            replaced_on=models.Window(
                Lead("declared_on"),
                partition_by=[F("organisation_id")],
                order_by=F("declared_on").asc(),
            )
        )


class SizeDeclaration(models.Model):
    """One declaration of an organisation's SME facts; reports use the one in force at the time
    of the support."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="size_declarations"
    )
    declared_on = models.DateField(_("declared on"))
    headcount = models.PositiveIntegerField(_("staff headcount"), null=True, blank=True)
    annual_turnover_eur = models.DecimalField(
        _("annual turnover (EUR)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    balance_sheet_total_eur = models.DecimalField(
        _("balance-sheet total (EUR)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    # Computed by the database from the facts, whichever way the row was written (the admin,
    # the company's own form, a data migration).
    size_class = models.GeneratedField(
        expression=size_class_expression(),
        output_field=models.CharField(max_length=16, choices=SizeClass.choices),
        db_persist=True,
        choices=SizeClass.choices,
        verbose_name=_("size class"),
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declared by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SizeDeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("size declaration")
        verbose_name_plural = _("size declarations")
        ordering = ["organisation", "-declared_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "declared_on"], name="one_size_declaration_per_day"
            )
        ]

    def __str__(self):
        return f"{self.organisation} {self.declared_on}: {self.get_size_class_display()}"


class OrganisationMembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=OrganisationMembership.Status.ACTIVE)

    def pending(self):
        return self.filter(status=OrganisationMembership.Status.PENDING)


class OrganisationMembership(models.Model):
    """A person's place in an organisation: company admin or member, or host-organisation staff."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("Administrator")
        MEMBER = "member", _("Member")
        STAFF = "staff", _("Staff")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        ACTIVE = "active", _("Active")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("person"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    objects = OrganisationMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation membership")
        verbose_name_plural = _("organisation memberships")
        ordering = ["organisation", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="one_membership_per_user_and_organisation"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"
