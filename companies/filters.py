import django_filters
from django.utils.translation import gettext_lazy as _

from regions.models import County

from .models import Organisation, ThematicArea


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=200)
    kind = django_filters.ChoiceFilter(
        choices=Organisation.Kind.choices, label=_("Kind of organisation"), empty_label=_("Any")
    )
    county = django_filters.ModelChoiceFilter(
        queryset=County.objects.all(), label=_("County"), empty_label=_("All counties")
    )
    theme = django_filters.ModelChoiceFilter(
        queryset=ThematicArea.objects.all(),
        to_field_name="slug",
        method="with_theme",
        label=_("Thematic area"),
        empty_label=_("All thematic areas"),
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "county", "theme"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def with_theme(self, queryset, name, value):
        return queryset.filter(
            pk__in=Organisation.thematic_areas.through.objects.filter(thematicarea=value).values(
                "organisation_id"
            )
        )
