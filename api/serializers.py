"""What the public API says about each kind of row: only what the public pages show, and
never a person (no users, emails, coordinators, contact details or who wrote what)."""

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from companies.models import Organisation, ThematicArea
from events.models import Event
from networks.models import Network
from news.models import Article
from projects.models import Project, ProjectGoal
from projects.progress import goal_values
from regions.models import County


@extend_schema_field(OpenApiTypes.URI)
class PageUrlField(serializers.Field):
    """The row's public page, as an absolute address."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> str:
        return f"{settings.SITE_URL}{value.get_absolute_url()}"


class CountySerializer(serializers.ModelSerializer):
    class Meta:
        model = County
        fields = ["code", "name"]


class ThemeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ThematicArea
        fields = ["slug", "name"]


class OrganisationRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["slug", "name", "kind"]


class OrganisationSerializer(serializers.ModelSerializer):
    county = serializers.SlugRelatedField(slug_field="code", read_only=True)
    themes = ThemeSerializer(source="thematic_areas", many=True, read_only=True)
    url = PageUrlField()

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "kind",
            "county",
            "municipality",
            "website",
            "description",
            "themes",
            "url",
        ]


class EventSerializer(serializers.ModelSerializer):
    hosts = OrganisationRefSerializer(many=True, read_only=True)
    county = serializers.SlugRelatedField(slug_field="code", read_only=True)
    themes = ThemeSerializer(source="thematic_areas", many=True, read_only=True)
    network = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    projects = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    seats_left = serializers.SerializerMethodField()
    registration_open = serializers.SerializerMethodField()
    cancelled = serializers.BooleanField(source="is_cancelled", read_only=True)
    url = PageUrlField()
    calendar_url = serializers.SerializerMethodField()

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "kind",
            "description",
            "starts_at",
            "ends_at",
            "format",
            "language",
            "venue_name",
            "address",
            "city",
            "county",
            "hosts",
            "network",
            "projects",
            "themes",
            "capacity",
            "seats_left",
            "registration_open",
            "registration_opens_at",
            "registration_closes_at",
            "cancelled",
            "url",
            "calendar_url",
        ]

    def get_seats_left(self, event) -> int | None:
        if event.capacity is None:
            return None
        return max(event.capacity - event.confirmed_count, 0)

    def get_registration_open(self, event) -> bool:
        return event.registration_is_open()

    def get_calendar_url(self, event) -> str:
        return f"{settings.SITE_URL}{event.get_absolute_url()}calendar.ics"


class NetworkSerializer(serializers.ModelSerializer):
    hosts = OrganisationRefSerializer(many=True, read_only=True)
    counties = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    themes = ThemeSerializer(source="thematic_areas", many=True, read_only=True)
    project = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    url = PageUrlField()

    class Meta:
        model = Network
        fields = [
            "slug",
            "name",
            "description",
            "audience",
            "meeting_format",
            "join_policy",
            "hosts",
            "counties",
            "themes",
            "project",
            "is_archived",
            "url",
        ]


class PartnerSerializer(serializers.Serializer):
    slug = serializers.CharField(source="organisation.slug")
    name = serializers.CharField(source="organisation.name")
    role = serializers.CharField()


class GoalSerializer(serializers.ModelSerializer):
    current_value = serializers.SerializerMethodField()
    percent_of_target = serializers.SerializerMethodField()

    class Meta:
        model = ProjectGoal
        fields = [
            "description",
            "metric",
            "indicator_code",
            "unit",
            "target_value",
            "current_value",
            "percent_of_target",
        ]

    def current(self, goal) -> int:
        return goal_values([goal], self.context["projects"][goal.project_id])[goal.pk]

    def get_current_value(self, goal) -> int:
        return self.current(goal)

    def get_percent_of_target(self, goal) -> int:
        return goal.percent_of_target(self.current(goal))


class ProjectSerializer(serializers.ModelSerializer):
    owner = OrganisationRefSerializer(read_only=True)
    partners = PartnerSerializer(source="partnerships", many=True, read_only=True)
    funders = OrganisationRefSerializer(many=True, read_only=True)
    goals = serializers.SerializerMethodField()
    counties = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    themes = ThemeSerializer(source="thematic_areas", many=True, read_only=True)
    url = PageUrlField()

    class Meta:
        model = Project
        fields = [
            "slug",
            "name",
            "acronym",
            "description",
            "status",
            "funding_programme",
            "starts_on",
            "ends_on",
            "website",
            "owner",
            "partners",
            "funders",
            "goals",
            "counties",
            "themes",
            "url",
        ]

    def get_goals(self, project) -> list[dict]:
        # The project row carries the goal totals (with_goal_totals()), read once for all goals.
        context = {**self.context, "projects": {project.pk: project}}
        return GoalSerializer(project.goals.all(), many=True, context=context).data


class ArticleSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer(read_only=True)
    themes = ThemeSerializer(source="thematic_areas", many=True, read_only=True)
    url = PageUrlField()

    class Meta:
        model = Article
        fields = [
            "slug",
            "title",
            "summary",
            "language",
            "publish_at",
            "organisation",
            "themes",
            "url",
        ]
