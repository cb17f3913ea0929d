import django_filters
from django.utils.translation import gettext_lazy as _

from companies.models import ThematicArea
from regions.models import County

from .models import Project


class ProjectFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=200)
    county = django_filters.ModelChoiceFilter(
        queryset=County.objects.all(),
        method="in_county",
        label=_("County"),
        empty_label=_("All counties"),
    )
    theme = django_filters.ModelChoiceFilter(
        queryset=ThematicArea.objects.all(),
        to_field_name="slug",
        method="with_theme",
        label=_("Thematic area"),
        empty_label=_("All thematic areas"),
    )
    funding_programme = django_filters.ChoiceFilter(
        choices=Project.FundingProgramme.choices, label=_("Funding programme"), empty_label=_("Any")
    )
    status = django_filters.ChoiceFilter(
        choices=[c for c in Project.Status.choices if c[0] != Project.Status.DRAFT],
        label=_("Status"),
        empty_label=_("Any"),
    )

    class Meta:
        model = Project
        fields = ["q", "county", "theme", "funding_programme", "status"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def in_county(self, queryset, name, value):
        return queryset.filter(
            pk__in=Project.counties.through.objects.filter(county=value).values("project_id")
        )

    def with_theme(self, queryset, name, value):
        return queryset.filter(
            pk__in=Project.thematic_areas.through.objects.filter(thematicarea=value).values(
                "project_id"
            )
        )
