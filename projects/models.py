from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation, ThematicArea
from regions.models import County
from web.fulltext import SearchDocument, matching
from web.slug_urls import slug_url


class ProjectQuerySet(models.QuerySet):
    def search(self, text):
        """Rows whose Swedish or English texts match `text`, with `search_rank` (see
        web/fulltext.py for the rule)."""
        return matching(self, text)

    def visible(self):
        return self.exclude(status=Project.Status.DRAFT)

    def active(self):
        return self.filter(status=Project.Status.ACTIVE)

    def coordinated_by(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(coordinators=user)

    def reportable_by(self, user):
        """Projects whose reports the user may read: coordinators their projects, staff the
        projects their organisation owns or partners in, superusers all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        staffed = Organisation.objects.staffed_by(user)
        return self.filter(
            Q(coordinators=user) | Q(owner__in=staffed) | Q(partners__in=staffed)
        ).distinct()

    def manageable_by(self, user):
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(owner__in=Organisation.objects.staffed_by(user))


class Project(models.Model):
    class FundingProgramme(models.TextChoices):
        ERDF = "erdf", _("European Regional Development Fund (ERDF)")
        INTERREG = "interreg", _("Interreg")
        HORIZON_EUROPE = "horizon_europe", _("Horizon Europe")
        NATIONAL = "national", _("National")
        REGIONAL = "regional", _("Regional")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PLANNED = "planned", _("Planned")
        ACTIVE = "active", _("Active")
        COMPLETED = "completed", _("Completed")

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=50, blank=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="owned_projects",
        verbose_name=_("owner"),
    )
    partners = models.ManyToManyField(
        Organisation,
        through="ProjectPartner",
        related_name="partner_projects",
        blank=True,
        verbose_name=_("partners"),
    )
    funding_programme = models.CharField(
        _("funding programme"), max_length=32, choices=FundingProgramme.choices
    )
    funders = models.ManyToManyField(
        Organisation, related_name="funded_projects", blank=True, verbose_name=_("funders")
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    website = models.URLField(_("website"), blank=True)
    thematic_areas = models.ManyToManyField(
        ThematicArea, blank=True, related_name="projects", verbose_name=_("thematic areas")
    )
    counties = models.ManyToManyField(
        County, blank=True, related_name="projects", verbose_name=_("counties")
    )
    coordinators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="coordinated_projects",
        verbose_name=_("coordinators"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The texts a search looks in, kept by the database (web/fulltext.py).
    search_vector = models.GeneratedField(
        expression=SearchDocument(
            "name_sv", "name_en", "acronym", "description_sv", "description_en", headline=3
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["name"]
        indexes = [GinIndex(fields=["search_vector"], name="project_search_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="project_ends_after_it_starts",
                violation_error_message=_("The project cannot end before it starts."),
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return slug_url("projects:detail", self.slug)

    @property
    def is_eu_funded(self) -> bool:
        return self.funding_programme in (
            self.FundingProgramme.ERDF,
            self.FundingProgramme.INTERREG,
            self.FundingProgramme.HORIZON_EUROPE,
        )


class ProjectPartner(models.Model):
    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinating partner")
        PARTNER = "partner", _("Partner")
        ASSOCIATED = "associated", _("Associated partner")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="partnerships", verbose_name=_("project")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="project_partnerships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PARTNER)

    class Meta:
        verbose_name = _("project partner")
        verbose_name_plural = _("project partners")
        ordering = ["project", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "organisation"], name="one_partnership_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class ProjectGoal(models.Model):
    """A measurable target of a project; `metric` says how progress is computed."""

    class Metric(models.TextChoices):
        COMPANIES_REACHED = "companies_reached", _("Companies reached (attended at least once)")
        RCO01 = "rco01", _("RCO01 – enterprises supported")
        RCO04 = "rco04", _("RCO04 – enterprises with non-financial support")
        PARTICIPANTS = "participants", _("Participants (attended)")
        EVENTS_HELD = "events_held", _("Events held")
        SUPPORT_HOURS = "support_hours", _("Hours of support")
        MANUAL = "manual", _("Reported manually")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="goals", verbose_name=_("project")
    )
    description = models.CharField(_("what is measured"), max_length=300)
    metric = models.CharField(
        _("metric"), max_length=32, choices=Metric.choices, default=Metric.COMPANIES_REACHED
    )
    indicator_code = models.CharField(
        _("EU indicator code"), max_length=20, blank=True, help_text=_("For example RCO01.")
    )
    target_value = models.PositiveIntegerField(_("target value"))
    unit = models.CharField(_("unit"), max_length=50, blank=True, default="")
    manual_value = models.PositiveIntegerField(
        _("reported value"), null=True, blank=True, help_text=_("Only for manually reported goals.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("project goal")
        verbose_name_plural = _("project goals")
        ordering = ["project", "order", "id"]

    def __str__(self):
        return f"{self.description}: {self.target_value} {self.unit}".strip()

    def percent_of_target(self, value) -> int:
        """How far `value` goes towards the target, in whole percent (at most 100)."""
        if not self.target_value:
            return 100
        return min(100, round(100 * value / self.target_value))
