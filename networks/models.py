from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation, ThematicArea
from projects.models import Project
from regions.models import County
from web.fulltext import SearchDocument, matching
from web.slug_urls import slug_url


class NetworkQuerySet(models.QuerySet):
    def search(self, text):
        """Rows whose Swedish or English texts match `text`, with `search_rank` (see
        web/fulltext.py for the rule)."""
        return matching(self, text)

    def active(self):
        return self.filter(is_archived=False)

    def open_to_join(self):
        return self.active().exclude(join_policy=Network.JoinPolicy.INVITATION)

    def with_card_details(self):
        """What a network's card in a list shows, as plain lists (`card_hosts`, `card_counties`,
        `card_themes`): reading them builds no related manager or queryset per card."""
        return self.prefetch_related(
            models.Prefetch("hosts", Organisation.objects.only("id", "name"), to_attr="card_hosts"),
            models.Prefetch("counties", to_attr="card_counties"),
            models.Prefetch(
                "thematic_areas",
                ThematicArea.objects.only("id", "name"),
                to_attr="card_themes",
            ),
        )

    def manageable_by(self, user):
        """Networks the user may change: their organisation hosts them."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            pk__in=Network.hosts.through.objects.filter(
                organisation__in=Organisation.objects.staffed_by(user)
            ).values("network_id")
        )

    def reportable_by(self, user):
        """Networks the user may report on: hosted by their organisation, or run by a project
        whose reports they may read."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            Q(pk__in=self.manageable_by(user).values("pk"))
            | Q(project__in=Project.objects.reportable_by(user))
        )


class Network(models.Model):
    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: join at once")
        APPROVAL = "approval", _("Approval required")
        INVITATION = "invitation", _("By invitation only")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    audience = models.TextField(_("who it is for"), blank=True)
    meeting_format = models.TextField(_("how the network works"), blank=True)
    contact_information = models.TextField(
        _("how to get in touch"),
        blank=True,
        help_text=_("Shown to companies, above all for networks that are by invitation only."),
    )
    hosts = models.ManyToManyField(
        Organisation, related_name="hosted_networks", verbose_name=_("hosts")
    )
    thematic_areas = models.ManyToManyField(
        ThematicArea, blank=True, related_name="networks", verbose_name=_("thematic areas")
    )
    counties = models.ManyToManyField(
        County, blank=True, related_name="networks", verbose_name=_("counties covered")
    )
    join_policy = models.CharField(
        _("join policy"), max_length=16, choices=JoinPolicy.choices, default=JoinPolicy.APPROVAL
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="networks",
        verbose_name=_("project"),
    )
    is_archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The texts a search looks in, kept by the database (web/fulltext.py).
    search_vector = models.GeneratedField(
        expression=SearchDocument(
            "name_sv",
            "name_en",
            "description_sv",
            "description_en",
            "audience_sv",
            "audience_en",
            "meeting_format_sv",
            "meeting_format_en",
            headline=2,
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = NetworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]
        indexes = [
            # The public list and the home page's open networks in name order, read from the
            # index instead of sorting every active network (EXPLAIN ANALYZE, 2,000 networks).
            models.Index(
                fields=["name", "id"],
                condition=Q(is_archived=False),
                name="network_active_name_idx",
            ),
            GinIndex(fields=["search_vector"], name="network_search_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("networks:detail", self.slug)


class NetworkMembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=NetworkMembership.Status.ACTIVE)

    def pending(self):
        return self.filter(status=NetworkMembership.Status.PENDING)

    def manageable_by(self, user):
        return self.filter(network__in=Network.objects.manageable_by(user))


class NetworkMembership(models.Model):
    """An organisation's membership of a network; one row per pair, whose status changes."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACTIVE = "active", _("Active")
        REJECTED = "rejected", _("Rejected")
        LEFT = "left", _("Left")

    # A member, or asking to become one: what can be left or withdrawn.
    LIVE_STATUSES = (Status.ACTIVE, Status.PENDING)

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("network")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="network_memberships",
        verbose_name=_("organisation"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    contact_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_memberships",
        verbose_name=_("contact person"),
    )
    message = models.TextField(_("message to the hosts"), blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )

    objects = NetworkMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("network membership")
        verbose_name_plural = _("network memberships")
        ordering = ["network", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "organisation"],
                name="one_membership_per_organisation_and_network",
                violation_error_message=_("This organisation already has a membership."),
            )
        ]
        indexes = [models.Index(fields=["network", "status"])]

    def __str__(self):
        return f"{self.organisation} – {self.network} ({self.get_status_display()})"
