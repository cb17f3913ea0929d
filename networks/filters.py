import django_filters
from django.utils.translation import gettext_lazy as _

from companies.models import ThematicArea
from regions.models import County

from .models import Network


class NetworkFilter(django_filters.FilterSet):
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
    join_policy = django_filters.ChoiceFilter(
        choices=Network.JoinPolicy.choices, label=_("Join policy"), empty_label=_("Any")
    )

    class Meta:
        model = Network
        fields = ["q", "county", "theme", "join_policy"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    # Sub-selects rather than joins, so many-to-many filters never duplicate rows.
    def in_county(self, queryset, name, value):
        return queryset.filter(
            pk__in=Network.counties.through.objects.filter(county=value).values("network_id")
        )

    def with_theme(self, queryset, name, value):
        return queryset.filter(
            pk__in=Network.thematic_areas.through.objects.filter(thematicarea=value).values(
                "network_id"
            )
        )
