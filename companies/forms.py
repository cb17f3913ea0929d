from django import forms
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Organisation, format_organisation_number, normalise_organisation_number
from .money import Currency, sek_per_eur, to_eur

SME_FIELDS = ("headcount", "annual_turnover_eur", "balance_sheet_total_eur")
AMOUNT_FIELDS = ("annual_turnover_eur", "balance_sheet_total_eur")


class CompanyForm(forms.ModelForm):
    """A company's profile and the SME facts that give its EU size class.

    The amounts may be stated in kronor or euro; they are stored in euro (companies/money.py).
    """

    required_css_class = "required"
    currency = forms.ChoiceField(
        label=_("Amounts in"),
        choices=Currency.choices,
        initial=Currency.EUR,
        widget=forms.RadioSelect,
        required=False,  # euro when left out, as before kronor were offered
    )
    field_order = [
        "name",
        "organisation_number",
        "county",
        "municipality",
        "sector",
        "thematic_areas",
        "website",
        "description",
        "is_listed",
        "headcount",
        "currency",
        *AMOUNT_FIELDS,
    ]

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
            "is_listed",
            "headcount",
            "annual_turnover_eur",
            "balance_sheet_total_eur",
        ]
        widgets = {
            "thematic_areas": forms.CheckboxSelectMultiple,
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
        self.fields["annual_turnover_eur"].label = _("Annual turnover")
        self.fields["balance_sheet_total_eur"].label = _("Balance-sheet total")
        rate = sek_per_eur()
        for name in AMOUNT_FIELDS:
            self.fields[name].help_text = gettext(
                "In the currency chosen above; kronor are stored as euro at %(rate)s kronor "
                "for one euro."
            ) % {"rate": number_format(rate)}
        if self.instance.pk and self.instance.organisation_number:
            self.initial["organisation_number"] = format_organisation_number(
                self.instance.organisation_number
            )

    def clean_organisation_number(self):
        number = normalise_organisation_number(self.cleaned_data["organisation_number"])
        registered = (
            Organisation.objects.filter(organisation_number=number)
            .exclude(pk=self.instance.pk)
            .first()
        )
        if registered is None:
            return number
        if registered.kind != Organisation.Kind.COMPANY:
            raise forms.ValidationError(
                _("An organisation with this number is already registered."), code="unique"
            )
        join_url = (
            reverse("companies:join")
            + "?"
            + urlencode({"organisation_number": format_organisation_number(number)})
        )
        # The way forward where the problem is: the company exists, so one asks to join it.
        raise forms.ValidationError(
            format_html(
                '{} <a href="{}">{}</a>',
                gettext("%(name)s is already registered with this number.")
                % {"name": registered.name},
                join_url,
                gettext("Ask to join this company"),
            ),
            code="unique",
        )

    def clean(self):
        cleaned_data = super().clean()
        currency = cleaned_data.get("currency") or Currency.EUR
        for name in AMOUNT_FIELDS:
            if cleaned_data.get(name) is not None:
                cleaned_data[name] = to_eur(cleaned_data[name], currency)
        return cleaned_data

    @property
    def sme_facts(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in SME_FIELDS}

    @property
    def sme_facts_changed(self) -> bool:
        # Against the stored euro, not the typed text: the same turnover restated in kronor is
        # no new declaration.
        return any(self.cleaned_data.get(name) != self.initial.get(name) for name in SME_FIELDS)


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
