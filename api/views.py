"""The read-only public API: the rows and filters of the public pages, as JSON or CSV."""

import re

from django.conf import settings
from django.db.models import Prefetch
from django.shortcuts import render
from django.utils.http import http_date
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.generators import SchemaGenerator
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError

from companies.filters import OrganisationFilter
from companies.models import Organisation, ThematicArea
from events.filters import EventFilter, public_events
from events.models import Event
from networks.filters import NetworkFilter
from networks.models import Network
from news.filters import ArticleFilter
from news.models import Article
from projects.filters import ProjectFilter
from projects.models import Project, ProjectPartner
from projects.progress import with_goal_totals
from regions.models import COUNTY_NAMES, County

from . import serializers
from .pagination import PublicCursorPagination


class DocumentedFilters(DjangoFilterBackend):
    """Lists the filter set's parameters in the schema; the view has applied it already."""

    def filter_queryset(self, request, queryset, view):
        return queryset


class PublicViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_field = "slug"
    filter_backends = [DjangoFilterBackend]

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        # Last-Modified of a page: the latest change among its rows.
        stamps = [getattr(row, "updated_at", None) for row in getattr(self, "page_rows", [])]
        stamps = [stamp for stamp in stamps if stamp]
        if stamps:
            response["Last-Modified"] = http_date(max(stamps).timestamp())
        return response

    def paginate_queryset(self, queryset):
        self.page_rows = super().paginate_queryset(queryset)
        return self.page_rows

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        row = self.get_object()
        if getattr(row, "updated_at", None):
            response["Last-Modified"] = http_date(row.updated_at.timestamp())
        return response


def with_county_code(params):
    """`county=Kalmar` (or "Kalmar län", "Kalmar County") as well as `county=H`: a county's
    name is read as its code."""
    wanted = re.sub(r"\s+(län|county)$", "", params.get("county", "").strip().lower())
    if len(wanted) <= 2:
        return params
    for code, name in COUNTY_NAMES.items():
        if str(name).lower() == wanted:
            params = params.copy()
            params["county"] = code
            break
    return params


class EventPagination(PublicCursorPagination):
    ordering = ("starts_at", "id")


class EventViewSet(PublicViewSet):
    """Published events (and cancelled ones: a cancellation is news), upcoming unless a date
    range is given: the same as the event list page for the same filters."""

    serializer_class = serializers.EventSerializer
    pagination_class = EventPagination
    filter_backends = [DocumentedFilters]
    filterset_class = EventFilter

    def get_queryset(self):
        if self.action == "list":
            filterset, events = public_events(with_county_code(self.request.query_params))
            if filterset.is_bound and not filterset.is_valid():
                raise ValidationError(filterset.errors)
        else:
            events = Event.objects.published()
        return (
            events.with_confirmed_count()
            .select_related("county", "network")
            .prefetch_related(
                Prefetch("hosts", Organisation.objects.only("slug", "name", "kind")),
                "thematic_areas",
                Prefetch("projects", Project.objects.only("slug")),
            )
        )


class NetworkViewSet(PublicViewSet):
    """Networks: the list holds the active ones, as the network list page; an archived
    network is still found by its slug, as its page is."""

    serializer_class = serializers.NetworkSerializer
    filterset_class = NetworkFilter

    def get_queryset(self):
        networks = Network.objects.all() if self.action == "retrieve" else Network.objects.active()
        return networks.select_related("project").prefetch_related(
            Prefetch("hosts", Organisation.objects.only("slug", "name", "kind")),
            "counties",
            "thematic_areas",
        )


class ProjectViewSet(PublicViewSet):
    """Projects that are not drafts, with partners, funders and progress towards their goals."""

    serializer_class = serializers.ProjectSerializer
    filterset_class = ProjectFilter

    def get_queryset(self):
        return (
            with_goal_totals(Project.objects.visible())
            .select_related("owner")
            .prefetch_related(
                Prefetch("partnerships", ProjectPartner.objects.select_related("organisation")),
                "funders",
                "goals",
                "counties",
                "thematic_areas",
            )
        )


class OrganisationViewSet(PublicViewSet):
    """Organisations listed publicly: science parks and other hosts, and companies that chose
    to be listed. No people and no contact details."""

    serializer_class = serializers.OrganisationSerializer
    filterset_class = OrganisationFilter

    def get_queryset(self):
        return (
            Organisation.objects.listed()
            .select_related("county")
            .prefetch_related("thematic_areas")
        )


class ArticlePagination(PublicCursorPagination):
    ordering = ("-publish_at", "-id")


class ArticleViewSet(PublicViewSet):
    """Published news articles, newest first."""

    serializer_class = serializers.ArticleSerializer
    pagination_class = ArticlePagination
    filterset_class = ArticleFilter

    def get_queryset(self):
        return (
            Article.objects.published()
            .select_related("organisation")
            .prefetch_related("thematic_areas")
        )


class ThemeViewSet(PublicViewSet):
    """The thematic areas (profile areas) that events, networks and projects refer to."""

    serializer_class = serializers.ThemeSerializer
    queryset = ThematicArea.objects.all()
    filter_backends = []


class CountyPagination(PublicCursorPagination):
    ordering = ("code",)


class CountyViewSet(PublicViewSet):
    """Sweden's counties, by their letter code (e.g. H for Kalmar)."""

    serializer_class = serializers.CountySerializer
    queryset = County.objects.all()
    lookup_field = "code"
    pagination_class = CountyPagination
    filter_backends = []


def api_docs(request):
    """The API described for people, from the same OpenAPI schema programs read."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    endpoints = [
        {
            "path": path,
            "summary": operation.get("description", ""),
            "parameters": [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "description": parameter.get("description", ""),
                    "type": parameter.get("schema", {}).get("type", ""),
                    "choices": parameter.get("schema", {}).get("enum", []),
                }
                for parameter in operation.get("parameters", [])
            ],
        }
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
        if method == "get"
    ]
    return render(
        request,
        "api/docs.html",
        {"endpoints": endpoints, "rate": settings.API_ANON_RATE},
    )
