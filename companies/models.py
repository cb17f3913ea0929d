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
from django.db.models.functions import (
    Coalesce,
    ExtractDay,
    ExtractMonth,
    ExtractYear,
    Lead,
    NullIf,
)
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils.translation import gettext_lazy as _
from localflavor.se.forms import SEOrganisationNumberField

from regions.models import County
from web.fulltext import SearchDocument, matching
from web.images import validate_image_upload
from web.slug_urls import slug_url

from .money import Currency


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
    headcount: Decimal | int | None,
    annual_turnover_eur: Decimal | None,
    balance_sheet_total_eur: Decimal | None,
    *,
    publicly_controlled: bool = False,
) -> SizeClass:
    """Size class from staff headcount and the financial ceilings of 2003/361/EC.

    A class needs the headcount below its ceiling and *either* financial figure within its
    ceiling. A figure that was not declared cannot satisfy its ceiling; with neither figure
    declared, the headcount alone decides. An enterprise 25 % or more controlled by public
    bodies is not an SME whatever its figures (Art. 3(4)).
    """
    if headcount is None:
        return SizeClass.UNKNOWN
    if publicly_controlled:
        return SizeClass.LARGE
    financials_known = annual_turnover_eur is not None or balance_sheet_total_eur is not None
    for size, staff_below, turnover_ceiling, balance_ceiling in SIZE_CEILINGS:
        within = not financials_known or (
            (annual_turnover_eur is not None and annual_turnover_eur <= turnover_ceiling)
            or (balance_sheet_total_eur is not None and balance_sheet_total_eur <= balance_ceiling)
        )
        if headcount < staff_below and within:
            return size
    return SizeClass.LARGE


def size_class_expression(prefix: str = "", *, public_control: str = "") -> models.Case:
    """classify_enterprise_size() as a database expression over an organisation's current facts
    or a declaration's facts (`prefix` reaches the organisation from another model, e.g.
    "organisation__"; `public_control` names a boolean field saying Art. 3(4) applies)."""

    def q(**lookups):
        return Q(**{prefix + name: value for name, value in lookups.items()})

    financials_unknown = q(annual_turnover_eur__isnull=True, balance_sheet_total_eur__isnull=True)
    public = (
        [models.When(q(**{public_control: True}), then=models.Value(SizeClass.LARGE.value))]
        if public_control
        else []
    )
    return models.Case(
        models.When(q(headcount__isnull=True), then=models.Value(SizeClass.UNKNOWN.value)),
        *public,
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


# The classes in order of size, for the two-consecutive-years rule.
SIZE_RANK = {SizeClass.MICRO: 0, SizeClass.SMALL: 1, SizeClass.MEDIUM: 2, SizeClass.LARGE: 3}


def settle_size_class(
    effective_before: SizeClass, qualified_before: SizeClass, qualified: SizeClass
) -> SizeClass:
    """The class in force for a reference year under Art. 4(2) of the Annex to 2003/361/EC: an
    enterprise gains or loses a class only when its figures cross the ceilings in two
    consecutive reference years.

    `effective_before` is the class in force the year before, `qualified_before` and `qualified`
    the classes the figures of the year before and of this year qualify for. When both years lie
    on the same side of the class in force, the enterprise moves, to the nearer of the two (the
    class both years reached); otherwise it keeps the class in force.
    """
    classes = (effective_before, qualified_before, qualified)
    if any(size not in SIZE_RANK for size in classes):
        return qualified
    held, before, now = (SIZE_RANK[size] for size in classes)
    by_rank = {rank: size for size, rank in SIZE_RANK.items()}
    if before > held and now > held:
        return by_rank[min(before, now)]
    if before < held and now < held:
        return by_rank[max(before, now)]
    return effective_before


def date_key(date) -> models.Expression:
    """A date (a field or an expression) as the number YYYYMMDD: "a year earlier" is 10000
    less, the same on every database."""
    return ExtractYear(date) * 10000 + ExtractMonth(date) * 100 + ExtractDay(date)


# Swedish annual accounts are due seven months after the financial year ends: last year's
# accounts can be asked for from August.
LAST_YEARS_ACCOUNTS_FROM_MONTH = 8


def stale_declaration(day) -> Q:
    """A condition on size declarations: stale on `day` (an expression, e.g. the day of an
    event in a report) – made more than twelve months before, or for a reference year older
    than the latest closed accounts (latest_closed_reference_year)."""
    latest_closed = models.Case(
        models.When(
            GreaterThanOrEqual(ExtractMonth(day), LAST_YEARS_ACCOUNTS_FROM_MONTH),
            then=ExtractYear(day) - 1,
        ),
        default=ExtractYear(day) - 2,
    )
    return Q(LessThan(date_key(F("declared_on")), date_key(day) - 10000)) | Q(
        LessThan(F("reference_year"), latest_closed)
    )


def latest_closed_reference_year(day: datetime.date) -> int:
    """The latest financial year whose accounts a company can be asked for on `day`."""
    return day.year - 1 if day.month >= LAST_YEARS_ACCOUNTS_FROM_MONTH else day.year - 2


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

    def supported_by(self, user):
        """The user's own organisations and the companies that registered for an event one
        of them hosts: whose SME declarations their staff check for the funders."""
        if user.is_superuser:
            return self.all()
        staffed = self.staffed_by(user).values("pk")
        return self.filter(
            Q(pk__in=staffed)
            | Q(pk__in=self.filter(registrations__event__hosts__in=staffed).values("pk"))
        )

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
    logo = models.ImageField(
        _("logo"),
        upload_to="organisations/logos/",
        blank=True,
        validators=[validate_image_upload],
        help_text=_(
            "PNG, JPEG or WebP, shown on the organisation's page, events and networks. A square "
            "logo on a transparent or white background looks best."
        ),
    )
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

    def signed(self):
        return self.filter(signed_at__isnull=False)

    def with_class_in_force(self):
        """Each declaration's size class in force (`class_in_force`): the class the
        two-consecutive-years rule settled, or else the class of its own figures."""
        return self.annotate(
            class_in_force=Coalesce(
                NullIf(F("effective_size_class"), models.Value("")), F("size_class")
            )
        )

    def latest_per_organisation(self):
        """Each organisation's latest declaration."""
        newer = SizeDeclaration.objects.filter(
            organisation=models.OuterRef("organisation"),
            declared_on__gt=models.OuterRef("declared_on"),
        )
        return self.filter(~models.Exists(newer))

    def stale_on(self, day: datetime.date):
        """Declarations that must be confirmed again on `day` (stale_declaration)."""
        return self.filter(stale_declaration(models.Value(day, output_field=models.DateField())))


class SizeDeclaration(models.Model):
    """One declaration of an organisation's SME facts; reports use the one in force at the time
    of the support.

    A company's guided declaration (Recommendation 2003/361/EC) gives the reference year, its own
    figures in SEK or EUR and those of its partner and linked enterprises
    (`related_enterprises`); the figures the size class is computed from (`headcount`,
    `annual_turnover_eur`, `balance_sheet_total_eur`) are then the aggregate, in EUR at the rate
    stored with it. A declaration entered in the admin without a reference year states the
    aggregate directly.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="size_declarations"
    )
    declared_on = models.DateField(_("declared on"))
    reference_year = models.PositiveSmallIntegerField(
        _("reference year"),
        null=True,
        blank=True,
        help_text=_("The financial year of the latest closed accounts."),
    )
    headcount = models.DecimalField(
        _("staff headcount (annual work units)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    annual_turnover_eur = models.DecimalField(
        _("annual turnover (EUR)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    balance_sheet_total_eur = models.DecimalField(
        _("balance-sheet total (EUR)"), max_digits=15, decimal_places=0, null=True, blank=True
    )
    publicly_controlled = models.BooleanField(
        _("25 per cent or more controlled by public bodies"),
        default=False,
        help_text=_(
            "One or more public bodies hold 25 per cent or more of the capital or voting rights, "
            "directly or indirectly, jointly or individually."
        ),
    )
    # The enterprise's own figures as entered, in `currency`; the aggregate above adds the
    # related enterprises' figures to them.
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.EUR
    )
    sek_per_eur = models.DecimalField(
        _("SEK per EUR"), max_digits=8, decimal_places=4, null=True, blank=True
    )
    own_headcount = models.DecimalField(
        _("own staff headcount (annual work units)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    own_annual_turnover = models.DecimalField(
        _("own annual turnover"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    own_balance_sheet_total = models.DecimalField(
        _("own balance-sheet total"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # Computed by the database from the facts, whichever way the row was written (the admin,
    # the company's own form, a data migration): the class this year's figures qualify for.
    size_class = models.GeneratedField(
        expression=size_class_expression(public_control="publicly_controlled"),
        output_field=models.CharField(max_length=16, choices=SizeClass.choices),
        db_persist=True,
        choices=SizeClass.choices,
        verbose_name=_("size class"),
    )
    # The class in force under the two-consecutive-years rule (settle_size_class), set by
    # save() from the declaration of the year before; empty where there is no reference year
    # (then size_class is in force). Reports read Coalesce(effective_size_class, size_class).
    effective_size_class = models.CharField(
        _("size class in force"),
        max_length=16,
        choices=SizeClass.choices,
        blank=True,
        default="",
        editable=False,
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("declared by"),
    )
    signer_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signer_role = models.CharField(_("role"), max_length=200, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SizeDeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = _("size declaration")
        verbose_name_plural = _("size declarations")
        ordering = ["organisation", "-declared_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "declared_on"], name="one_size_declaration_per_day"
            ),
            models.CheckConstraint(
                condition=Q(sek_per_eur__isnull=True) | Q(sek_per_eur__gt=0),
                name="size_declaration_rate_positive",
            ),
            models.CheckConstraint(
                condition=Q(currency="EUR") | Q(sek_per_eur__isnull=False),
                name="size_declaration_sek_has_rate",
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.declared_on}: {self.get_size_class_display()}"

    def save(self, *args, **kwargs):
        # The class in force depends on the year before, so every write path settles it here;
        # the later years of the same organisation follow from this one and are settled again.
        self.effective_size_class = self.settled_size_class()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "effective_size_class"}
        super().save(*args, **kwargs)
        if self.reference_year is not None:
            later = SizeDeclaration.objects.filter(
                organisation_id=self.organisation_id, reference_year__gt=self.reference_year
            ).order_by("reference_year", "declared_on", "id")
            for declaration in later:
                settled = declaration.settled_size_class()
                if settled != declaration.effective_size_class:
                    SizeDeclaration.objects.filter(pk=declaration.pk).update(
                        effective_size_class=settled
                    )

    @property
    def qualified_size_class(self) -> SizeClass:
        """The class this declaration's figures qualify for (as the database computes it)."""
        return classify_enterprise_size(
            self.headcount,
            self.annual_turnover_eur,
            self.balance_sheet_total_eur,
            publicly_controlled=self.publicly_controlled,
        )

    @property
    def size_class_in_force(self) -> SizeClass:
        return SizeClass(self.effective_size_class or self.qualified_size_class)

    @property
    def is_signed(self) -> bool:
        return self.signed_at is not None

    def to_eur(self, amount: Decimal | None) -> Decimal | None:
        """An amount in the declaration's currency in whole euros, at its rate."""
        if amount is None:
            return None
        if self.currency == Currency.EUR:
            return amount.quantize(Decimal(1))
        return (amount / self.sek_per_eur).quantize(Decimal(1))

    def arithmetic(self, related=None) -> dict:
        """The aggregate of 2003/361/EC Art. 6: the enterprise's own figures, each partner
        enterprise's share of its figures and each linked enterprise's figures in full; the
        rows show the user how the figures were added up."""
        related = list(self.related_enterprises.all()) if related is None else related
        rows = [
            {
                "name": str(self.organisation),
                "relation": _("own figures"),
                "share": None,
                "headcount": self.own_headcount,
                "turnover": self.own_annual_turnover,
                "balance": self.own_balance_sheet_total,
            }
        ]
        rows += [enterprise.counted() for enterprise in related]

        def total(key):
            values = [row[key] for row in rows if row[key] is not None]
            return sum(values, Decimal(0)) if values else None

        headcount, turnover, balance = total("headcount"), total("turnover"), total("balance")
        return {
            "rows": rows,
            "headcount": headcount,
            "turnover": turnover,
            "balance": balance,
            "turnover_eur": self.to_eur(turnover),
            "balance_eur": self.to_eur(balance),
        }

    def apply_totals(self, related=None) -> None:
        """Set the aggregate the size class is computed from (not saved)."""
        totals = self.arithmetic(related)
        self.headcount = totals["headcount"]
        if self.headcount is not None:
            self.headcount = self.headcount.quantize(Decimal("0.01"))
        self.annual_turnover_eur = totals["turnover_eur"]
        self.balance_sheet_total_eur = totals["balance_eur"]

    def previous_year(self) -> SizeDeclaration | None:
        """The organisation's latest declaration for the reference year before this one's."""
        if self.reference_year is None:
            return None
        return (
            SizeDeclaration.objects.filter(
                organisation_id=self.organisation_id, reference_year=self.reference_year - 1
            )
            .exclude(pk=self.pk)
            .order_by("-declared_on", "-id")
            .first()
        )

    def settled_size_class(self) -> str:
        """The class in force for this declaration's reference year (Art. 4(2)); "" without a
        reference year. Without a declaration for the year before, this year's figures decide."""
        if self.reference_year is None:
            return ""
        qualified = self.qualified_size_class
        before = self.previous_year()
        if before is None:
            return qualified.value
        return settle_size_class(
            before.size_class_in_force, before.qualified_size_class, qualified
        ).value


class RelatedEnterprise(models.Model):
    """A partner or linked enterprise named in a size declaration, with its figures in the
    declaration's currency (2003/361/EC Art. 3 and 6)."""

    class Relation(models.TextChoices):
        PARTNER = "partner", _("Partner enterprise (25–50 %)")
        LINKED = "linked", _("Linked enterprise (more than 50 per cent or control)")

    declaration = models.ForeignKey(
        SizeDeclaration, on_delete=models.CASCADE, related_name="related_enterprises"
    )
    relation = models.CharField(_("relation"), max_length=16, choices=Relation.choices)
    name = models.CharField(_("name"), max_length=200)
    organisation_number = models.CharField(
        _("organisation number"),
        max_length=12,
        blank=True,
        help_text=_("Needed for linked enterprises: they form one undertaking with yours."),
    )
    share_percent = models.DecimalField(
        _("share of capital or voting rights (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(0)],
        help_text=_("The higher of the two."),
    )
    headcount = models.DecimalField(
        _("staff headcount (annual work units)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    annual_turnover = models.DecimalField(
        _("annual turnover"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    balance_sheet_total = models.DecimalField(
        _("balance-sheet total"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )

    class Meta:
        verbose_name = _("partner or linked enterprise")
        verbose_name_plural = _("partner and linked enterprises")
        ordering = ["declaration", "relation", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(share_percent__gte=0) & Q(share_percent__lte=100),
                name="related_enterprise_share_is_a_percentage",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_relation_display()})"

    def clean(self):
        if self.organisation_number:
            self.organisation_number = normalise_organisation_number(self.organisation_number)
        share = self.share_percent
        if share is None:
            return
        if self.relation == self.Relation.PARTNER and not Decimal(25) <= share <= Decimal(50):
            raise ValidationError(
                {
                    "share_percent": _(
                        "A partner enterprise holds 25 to 50 per cent: below 25 per cent the "
                        "enterprise is not counted, above 50 per cent it is linked."
                    )
                }
            )

    @property
    def counted_fraction(self) -> Decimal:
        """How much of its figures count: a partner's share pro rata, a linked one in full."""
        if self.relation == self.Relation.LINKED:
            return Decimal(1)
        return self.share_percent / Decimal(100)

    def counted(self) -> dict:
        fraction = self.counted_fraction

        def part(value):
            return None if value is None else value * fraction

        return {
            "name": self.name,
            "relation": self.get_relation_display(),
            "share": None if self.relation == self.Relation.LINKED else self.share_percent,
            "headcount": part(self.headcount),
            "turnover": part(self.annual_turnover),
            "balance": part(self.balance_sheet_total),
        }


class SizeDeclarationCorrection(models.Model):
    """A change staff made to a signed declaration, with their reason (the declaration itself
    keeps only its corrected figures)."""

    declaration = models.ForeignKey(
        SizeDeclaration, on_delete=models.CASCADE, related_name="corrections"
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    corrected_at = models.DateTimeField(_("corrected at"), auto_now_add=True)
    reason = models.TextField(_("reason"))
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        verbose_name = _("declaration correction")
        verbose_name_plural = _("declaration corrections")
        ordering = ["declaration", "corrected_at"]

    def __str__(self):
        return f"{self.declaration} – {self.corrected_at:%Y-%m-%d}"


class DeMinimisStatementQuerySet(models.QuerySet):
    # A registration for de minimis aid is preceded by a fresh statement: aid received since
    # an older one may be missing from it.
    VALID_FOR = datetime.timedelta(days=30)

    def current(self, now: datetime.datetime):
        return self.filter(confirmed_at__gt=now - self.VALID_FOR)


class DeMinimisStatement(models.Model):
    """The company admin's confirmation of the other de minimis aid its undertaking received in
    the last three years, made before registering for support that is de minimis aid
    (self-declared, kept with the size declarations). The latest statement is the one in use."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="de_minimis_statements"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    objects = DeMinimisStatementQuerySet.as_manager()

    class Meta:
        verbose_name = _("statement of other de minimis aid")
        verbose_name_plural = _("statements of other de minimis aid")
        ordering = ["organisation", "-confirmed_at"]
        get_latest_by = "confirmed_at"

    def __str__(self):
        return f"{self.organisation} {self.confirmed_at:%Y-%m-%d}"


class OtherDeMinimisAid(models.Model):
    """One grant of de minimis aid from elsewhere, as the company stated it."""

    statement = models.ForeignKey(
        DeMinimisStatement, on_delete=models.CASCADE, related_name="other_aid"
    )
    granting_body = models.CharField(_("granting body"), max_length=200)
    granted_on = models.DateField(_("granted on"))
    amount_eur = models.DecimalField(
        _("amount (EUR)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("other de minimis aid")
        verbose_name_plural = _("other de minimis aid")
        ordering = ["statement", "granted_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_eur__gte=0), name="other_de_minimis_aid_not_negative"
            )
        ]

    def __str__(self):
        return f"{self.granting_body} {self.granted_on}: {self.amount_eur} EUR"


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
