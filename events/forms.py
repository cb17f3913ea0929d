from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from companies.models import Organisation, OrganisationMembership, ThematicArea
from regions.models import County

from .models import Event, RegistrationQuestion


class CheckInSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or company"), max_length=100, required=False)


class AttendanceForm(forms.Form):
    """One tap on the check-in page or the QR page: check a person in, or undo it."""

    CHECK_IN, UNDO = "check_in", "undo"
    registration = forms.IntegerField(min_value=1, max_value=2**62)
    action = forms.ChoiceField(choices=[(CHECK_IN, _("Check in")), (UNDO, _("Undo"))])
    q = forms.CharField(max_length=100, required=False)


class WalkInForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"))
    organisation = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Its name or organisation number, as registered on the portal."),
    )

    def clean_organisation(self):
        text = self.cleaned_data["organisation"].strip()
        if not text:
            return None
        digits = "".join(c for c in text if c.isdigit())
        condition = Q(name__iexact=text)
        if len(digits) == 10:
            condition |= Q(organisation_number=digits)
        matches = list(Organisation.objects.filter(condition)[:2])
        if len(matches) != 1:
            raise forms.ValidationError(
                _("No single organisation on the portal is called that. Check the name.")
            )
        return matches[0]


class RegistrationAnswersForm(forms.Form):
    """The event's registration questions, in the visitor's language (the other language
    where a translation is missing); one field per question, named after its id."""

    prefix = "answers"
    # The label of a required question gets an asterisk (site.css).
    required_css_class = "required"

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        language = "en" if (get_language() or "").startswith("en") else "sv"
        for question in self.questions:
            self.fields[self.field_name(question)] = self.question_field(question, language)

    @staticmethod
    def field_name(question) -> str:
        return f"q{question.pk}"

    @staticmethod
    def question_field(question, language: str) -> forms.Field:
        options = {
            "label": question.text,
            "required": question.is_required,
            "error_messages": {"required": _("Answer this question.")},
        }
        Kind = RegistrationQuestion.Kind
        if question.kind == Kind.TEXT:
            return forms.CharField(
                max_length=1000, widget=forms.Textarea(attrs={"rows": 2}), **options
            )
        if question.kind == Kind.YES_NO:
            return forms.ChoiceField(
                choices=[("yes", _("Yes")), ("no", _("No"))], widget=forms.RadioSelect, **options
            )
        choices = [(str(i), label) for i, label in enumerate(question.choice_labels(language))]
        if question.kind == Kind.ONE_CHOICE:
            return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **options)
        options["error_messages"]["required"] = _("Choose at least one answer.")
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **options
        )

    def answers(self) -> dict:
        """The cleaned answers by question, for `services.record_answers`."""
        return {
            question: self.cleaned_data.get(self.field_name(question))
            for question in self.questions
        }


class EmbedBuilderForm(forms.Form):
    """What staff choose for an embedded event list; it becomes the embed's query."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.listed().filter(hosted_events__isnull=False).distinct(),
        to_field_name="slug",
        required=False,
        label=_("Organisation"),
        empty_label=_("All organisations"),
    )
    county = forms.ModelChoiceField(
        queryset=County.objects.all(),
        required=False,
        label=_("County"),
        empty_label=_("All counties"),
    )
    theme = forms.ModelChoiceField(
        queryset=ThematicArea.objects.all(),
        to_field_name="slug",
        required=False,
        label=_("Thematic area"),
        empty_label=_("All thematic areas"),
    )
    kind = forms.ChoiceField(
        choices=[("", _("Any")), *Event.Kind.choices], required=False, label=_("Kind of event")
    )
    lang = forms.ChoiceField(
        choices=[("sv", _("Swedish")), ("en", _("English"))], initial="sv", label=_("Language")
    )
    colour = forms.RegexField(
        regex=r"^#?[0-9a-fA-F]{6}$",
        initial="#0b5d3b",
        label=_("Colour"),
        widget=forms.TextInput(attrs={"type": "color"}),
        error_messages={"invalid": _("Choose a colour such as #0b5d3b.")},
    )

    def embed_query(self) -> str:
        data = self.cleaned_data
        query = {
            "organisation": data["organisation"].slug if data.get("organisation") else "",
            "county": data["county"].pk if data.get("county") else "",
            "theme": data["theme"].slug if data.get("theme") else "",
            "kind": data.get("kind", ""),
            "lang": data["lang"],
            "colour": data["colour"].lstrip("#").lower(),
        }
        return urlencode({key: value for key, value in query.items() if value})


class ColleagueForm(forms.Form):
    """A company admin registers a colleague: for one of the companies they administer."""

    organisation = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=Organisation.objects.none(), empty_label=None
    )
    email = forms.EmailField(label=_("Colleague's email address"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()


class TransferForm(forms.Form):
    """Pass a registration to a colleague, named by email address: the form lists nobody, so
    a member learns no colleague's name from it."""

    email = forms.EmailField(label=_("Colleague's email address"))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        colleague = (
            User.objects.filter(
                email__iexact=email,
                organisation_memberships__organisation=self.organisation,
                organisation_memberships__status=OrganisationMembership.Status.ACTIVE,
            )
            .distinct()
            .first()
        )
        if colleague is None:
            raise forms.ValidationError(
                _(
                    "Nobody at %(organisation)s has that email address on the portal. Ask "
                    "your colleague to join the company first."
                )
                % {"organisation": self.organisation}
            )
        self.colleague = colleague
        return email
