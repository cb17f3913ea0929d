import datetime

from django import forms
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import (
    Organisation,
    OtherDeMinimisAid,
    RelatedEnterprise,
    SizeDeclaration,
    format_organisation_number,
    latest_closed_reference_year,
    normalise_organisation_number,
)
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


class SizeDeclarationForm(forms.ModelForm):
    """Step one of the guided declaration: the reference year, the company's own figures and
    whether it stands alone or has partner or linked enterprises."""

    class Structure(models.TextChoices):
        AUTONOMOUS = (
            "autonomous",
            _("Autonomous: no other enterprise holds 25 per cent or more of ours"),
        )
        RELATED = "related", _("We have partner or linked enterprises")

    structure = forms.ChoiceField(
        label=_("Ownership"), choices=Structure.choices, widget=forms.RadioSelect
    )

    class Meta:
        model = SizeDeclaration
        fields = [
            "reference_year",
            "currency",
            "own_headcount",
            "own_annual_turnover",
            "own_balance_sheet_total",
            "publicly_controlled",
        ]
        help_texts = {
            "own_headcount": _(
                "Annual work units: full-time staff over the reference year; part-time and "
                "seasonal staff count as fractions."
            ),
        }

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        latest = latest_closed_reference_year(today)
        years = range(latest + 1, latest - 4, -1)
        self.fields["reference_year"] = forms.TypedChoiceField(
            label=_("Reference year"),
            choices=[(year, str(year)) for year in years],
            coerce=int,
            initial=latest,
            help_text=_("The financial year of your latest closed annual accounts."),
        )
        self.fields["currency"].widget = forms.RadioSelect(choices=Currency.choices)
        for name in ("own_headcount", "own_annual_turnover", "own_balance_sheet_total"):
            self.fields[name].required = True
        self.fields["own_annual_turnover"].label = _("Annual turnover")
        self.fields["own_balance_sheet_total"].label = _("Balance-sheet total")
        self.fields["own_headcount"].label = _("Staff headcount (annual work units)")

    def declaration(self, organisation: Organisation) -> SizeDeclaration:
        """The unsaved declaration, with today's exchange rate where figures are in SEK."""
        declaration = self.save(commit=False)
        declaration.organisation = organisation
        declaration.sek_per_eur = sek_per_eur() if declaration.currency == Currency.SEK else None
        return declaration


class RelatedEnterpriseForm(forms.ModelForm):
    class Meta:
        model = RelatedEnterprise
        fields = [
            "relation",
            "name",
            "organisation_number",
            "share_percent",
            "headcount",
            "annual_turnover",
            "balance_sheet_total",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relation"].widget = forms.RadioSelect(
            choices=RelatedEnterprise.Relation.choices
        )
        for name in ("headcount", "annual_turnover", "balance_sheet_total"):
            self.fields[name].required = True

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("relation") == RelatedEnterprise.Relation.LINKED and not cleaned.get(
            "organisation_number"
        ):
            self.add_error(
                "organisation_number",
                _(
                    "Give a linked enterprise's organisation number: it is part of your "
                    "undertaking."
                ),
            )
        return cleaned


class BaseRelatedEnterpriseFormSet(forms.BaseModelFormSet):
    def __init__(self, *args, structure: str = "", **kwargs):
        super().__init__(*args, queryset=RelatedEnterprise.objects.none(), **kwargs)
        self.structure = structure

    def clean(self):
        super().clean()
        filled = [form for form in self.forms if form.has_changed()]
        if self.structure == SizeDeclarationForm.Structure.RELATED and not filled:
            raise forms.ValidationError(
                _("Add at least one partner or linked enterprise, or choose “Autonomous”.")
            )
        if self.structure == SizeDeclarationForm.Structure.AUTONOMOUS and filled:
            raise forms.ValidationError(
                _("An autonomous enterprise has no partner or linked enterprises: remove them.")
            )

    def enterprises(self) -> list[RelatedEnterprise]:
        return [form.save(commit=False) for form in self.forms if form.has_changed()]


RelatedEnterpriseFormSet = forms.modelformset_factory(
    RelatedEnterprise,
    form=RelatedEnterpriseForm,
    formset=BaseRelatedEnterpriseFormSet,
    extra=2,
    max_num=10,
    validate_max=True,
)


class SignatureForm(forms.Form):
    """Step two: who signs the declaration, in which role, and that the figures are correct."""

    signer_name = forms.CharField(label=_("Your name"), max_length=200)
    signer_role = forms.CharField(
        label=_("Your role in the company"),
        max_length=200,
        help_text=_("For example chief executive or chair of the board."),
    )
    confirm = forms.BooleanField(label=_("I confirm these figures are correct"))


class OtherAidForm(forms.ModelForm):
    class Meta:
        model = OtherDeMinimisAid
        fields = ["granting_body", "granted_on", "amount_eur"]
        widgets = {"granted_on": forms.DateInput(attrs={"type": "date"})}

    def clean_granted_on(self):
        granted_on = self.cleaned_data["granted_on"]
        if granted_on > timezone.localdate():
            raise forms.ValidationError(_("Aid you have received has a date in the past."))
        return granted_on


OtherAidFormSet = forms.modelformset_factory(
    OtherDeMinimisAid, form=OtherAidForm, extra=2, max_num=20, validate_max=True
)


class DeMinimisStatementForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "I confirm that the aid listed is all the de minimis aid our undertaking "
            "(our company and its linked enterprises) received in the last three years"
        )
    )
