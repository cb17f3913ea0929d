import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import ThematicArea
from regions.models import County

from .models import Event


class EventFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"), max_length=200)
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
    kind = django_filters.ChoiceFilter(
        choices=Event.Kind.choices, label=_("Kind of event"), empty_label=_("Any")
    )
    format = django_filters.ChoiceFilter(
        choices=Event.Format.choices, label=_("Format"), empty_label=_("Any")
    )
    starts_after = django_filters.DateFilter(
        field_name="starts_at",
        lookup_expr="date__gte",
        label=_("From date"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    starts_before = django_filters.DateFilter(
        field_name="starts_at",
        lookup_expr="date__lte",
        label=_("To date"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Event
        fields = ["q", "county", "theme", "kind", "format", "starts_after", "starts_before"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value) | Q(description__icontains=value) | Q(city__icontains=value)
        )

    def with_theme(self, queryset, name, value):
        return queryset.filter(
            pk__in=Event.thematic_areas.through.objects.filter(thematicarea=value).values(
                "event_id"
            )
        )

    @property
    def has_date_range(self) -> bool:
        data = getattr(self.form, "cleaned_data", {}) or {}
        return bool(data.get("starts_after") or data.get("starts_before"))
