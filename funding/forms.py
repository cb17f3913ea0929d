from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import Project


class LedgerExportForm(forms.Form):
    """Which project's ledger, over which days; projects are those the user may report on."""

    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none())
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.reportable_by(user).order_by("name")
        self.fields["project"].to_field_name = "slug"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The period cannot end before it starts."))
        return cleaned

    def entries(self):
        entries = self.cleaned_data["project"].de_minimis_entries.all()
        if self.cleaned_data.get("date_from"):
            entries = entries.filter(granted_on__gte=self.cleaned_data["date_from"])
        if self.cleaned_data.get("date_to"):
            entries = entries.filter(granted_on__lte=self.cleaned_data["date_to"])
        return entries.order_by("granted_on", "id")
