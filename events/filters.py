import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation, ThematicArea
from networks.models import Network
from projects.models import Project
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
    # Set by links from an organisation's, network's or project's page (and kept by the form
    # as hidden fields): one lookup of the slug, no list of every organisation in the form.
    organisation = django_filters.ModelChoiceFilter(
        queryset=Organisation.objects.listed(),
        to_field_name="slug",
        method="hosted_by",
        label=_("Organisation"),
        widget=forms.HiddenInput,
    )
    network = django_filters.ModelChoiceFilter(
        queryset=Network.objects.all(),
        to_field_name="slug",
        label=_("Network"),
        widget=forms.HiddenInput,
    )
    project = django_filters.ModelChoiceFilter(
        queryset=Project.objects.visible(),
        to_field_name="slug",
        method="counts_for",
        label=_("Project"),
        widget=forms.HiddenInput,
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
        fields = [
            "q",
            "county",
            "theme",
            "kind",
            "format",
            "organisation",
            "network",
            "project",
            "starts_after",
            "starts_before",
        ]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def with_theme(self, queryset, name, value):
        return queryset.filter(
            pk__in=Event.thematic_areas.through.objects.filter(thematicarea=value).values(
                "event_id"
            )
        )

    def hosted_by(self, queryset, name, value):
        return queryset.filter(
            pk__in=Event.hosts.through.objects.filter(organisation=value).values("event_id")
        )

    def counts_for(self, queryset, name, value):
        return queryset.filter(
            pk__in=Event.projects.through.objects.filter(project=value).values("event_id")
        )

    @property
    def chosen_context(self) -> list:
        """The organisation, network or project the list is narrowed to, for the heading."""
        data = getattr(self.form, "cleaned_data", {}) or {}
        return [data[name] for name in ("organisation", "network", "project") if data.get(name)]

    @property
    def has_date_range(self) -> bool:
        data = getattr(self.form, "cleaned_data", {}) or {}
        return bool(data.get("starts_after") or data.get("starts_before"))


def public_events(data) -> tuple[EventFilter, models.QuerySet]:
    """The public event list's filter and its results, for the page, its calendar feed and the
    API: the same query `data` gives the same events everywhere."""
    events = Event.objects.published().order_by("starts_at", "id")
    filterset = EventFilter(data or None, queryset=events)
    results = filterset.qs
    # Without a date range the list shows what is still to come.
    if not filterset.has_date_range:
        results = results.upcoming()
    return filterset, results
