from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Organisation, format_organisation_number, normalise_organisation_number

SME_FIELDS = ("headcount", "annual_turnover_eur", "balance_sheet_total_eur")


class CompanyForm(forms.ModelForm):
    """A company's profile and the SME facts that give its EU size class."""

    class Meta:
        model = Organisation
        fields = [
            "name",
            "organisation_number",
            "county",
            "municipality",
            "sector",
            "thematic_areas",
            "website",
            "description",
            "logo",
            "is_listed",
            "headcount",
            "annual_turnover_eur",
            "balance_sheet_total_eur",
        ]
        widgets = {
            "thematic_areas": forms.CheckboxSelectMultiple,
            "logo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "headcount": _(
                "Annual work units: full-time staff over the last year. Together with the "
                "turnover or balance sheet this gives the EU size class (micro, small, medium)."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_number"].required = True
        self.fields["county"].required = True
        if self.instance.pk and self.instance.organisation_number:
            self.initial["organisation_number"] = format_organisation_number(
                self.instance.organisation_number
            )

    def clean_organisation_number(self):
        return normalise_organisation_number(self.cleaned_data["organisation_number"])

    @property
    def sme_facts(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in SME_FIELDS}

    @property
    def sme_facts_changed(self) -> bool:
        return any(name in self.changed_data for name in SME_FIELDS)


class JoinCompanyForm(forms.Form):
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=13,
        help_text=_("10 digits, for example 556036-0793."),
    )

    def clean_organisation_number(self):
        number = normalise_organisation_number(self.cleaned_data["organisation_number"])
        try:
            self.organisation = Organisation.objects.companies().get(organisation_number=number)
        except Organisation.DoesNotExist:
            raise forms.ValidationError(
                _("No company with this number is registered yet. You can register it."),
                code="unknown",
            ) from None
        return number


class ActingForForm(forms.Form):
    """Which organisation the person acts for (registering, joining a network): one of those
    they represent, and nothing else (another organisation's id is a 404 in the view)."""

    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), required=False)
    message = forms.CharField(max_length=2000, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.represented_by(user)
