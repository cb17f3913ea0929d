from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from companies.models import SizeClass
from events.models import Event
from regions.models import County

from .figures import Report, Scope, reportable_subjects


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


class ReportForm(forms.Form):
    """The scope, period and filters of a report, limited to what the user may report on."""

    scope = forms.CharField(label=_("Report on"))
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    county = forms.ModelChoiceField(
        label=_("County of the organisation"),
        queryset=County.objects.order_by("code"),
        required=False,
        empty_label=_("All counties"),
    )
    size_class = forms.ChoiceField(
        label=_("Size class at the time"),
        choices=[("", _("All size classes")), *SizeClass.choices],
        required=False,
    )
    event_kind = forms.ChoiceField(
        label=_("Kind of event"),
        choices=[("", _("All kinds")), *Event.Kind.choices],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.subjects = reportable_subjects(user)
        self.fields["scope"].widget = forms.Select(choices=self.scope_choices())

    def scope_choices(self):
        subjects = self.subjects
        projects = subjects[Scope.PROJECT].order_by("name").values_list("pk", "name", "acronym")
        networks = subjects[Scope.NETWORK].order_by("name").values_list("pk", "name")
        organisations = subjects[Scope.ORGANISATION].order_by("name").values_list("pk", "name")
        events = (
            subjects[Scope.EVENT].order_by("-starts_at").values_list("pk", "title", "starts_at")
        )
        return [
            ("", _("Choose what to report on")),
            (
                _("Projects"),
                [
                    (f"{Scope.PROJECT}-{pk}", f"{name} ({acronym})" if acronym else name)
                    for pk, name, acronym in projects
                ],
            ),
            (_("Networks"), [(f"{Scope.NETWORK}-{pk}", name) for pk, name in networks]),
            (
                _("Everything an organisation hosted"),
                [(f"{Scope.ORGANISATION}-{pk}", name) for pk, name in organisations],
            ),
            (
                _("Single events"),
                [
                    (
                        f"{Scope.EVENT}-{pk}",
                        f"{title} ({formats.date_format(starts_at, 'SHORT_DATE_FORMAT')})",
                    )
                    for pk, title, starts_at in events
                ],
            ),
        ]

    def clean_scope(self):
        kind, _dash, pk = self.cleaned_data["scope"].partition("-")
        if kind not in self.subjects or not pk.isdigit():
            raise ValidationError(_("Choose what to report on."), code="invalid")
        subject = self.subjects[kind].filter(pk=pk).first()
        if subject is None:
            raise ValidationError(_("There is no such report."), code="not_found")
        return (kind, subject)

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The period cannot end before it starts."))
        return cleaned

    @property
    def asks_for_a_report_it_cannot_show(self) -> bool:
        """A well-formed scope the user may not see: answered as not found."""
        return self.is_bound and self.has_error("scope", "not_found")

    def report(self) -> Report:
        kind, subject = self.cleaned_data["scope"]
        return Report(
            user=self.user,
            scope=kind,
            subject=subject,
            date_from=self.cleaned_data.get("date_from"),
            date_to=self.cleaned_data.get("date_to"),
            county=self.cleaned_data.get("county"),
            size_class=self.cleaned_data.get("size_class") or "",
            event_kind=self.cleaned_data.get("event_kind") or "",
        )
