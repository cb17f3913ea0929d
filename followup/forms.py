from django import forms
from django.contrib.admin.widgets import AdminSplitDateTime
from django.utils.translation import gettext_lazy as _

from .models import FollowUpSurvey


def yes_or_no(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


YES_NO_FIELDS = (
    "new_product_or_process",
    "new_marketing_or_organisation",
    "research_collaboration",
)


class SurveyAnswerForm(forms.ModelForm):
    """The four questions, every one required: an answer is complete or not given."""

    new_product_or_process = yes_or_no(
        _(
            "Since the support, has the company introduced a product or process that is new to "
            "the company?"
        )
    )
    new_marketing_or_organisation = yes_or_no(
        _("Has the company introduced a new marketing method or a new way of organising its work?")
    )
    jobs_created = forms.DecimalField(
        label=_("How many jobs has the company created since the support (full-time equivalents)?"),
        min_value=0,
        max_digits=7,
        decimal_places=1,
        help_text=_("0 if none; 0.5 for a half-time position."),
    )
    research_collaboration = yes_or_no(
        _("Has the company started a new collaboration with a university or research institute?")
    )

    class Meta:
        model = FollowUpSurvey
        fields = [
            "new_product_or_process",
            "new_marketing_or_organisation",
            "jobs_created",
            "research_collaboration",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Saved answers shown as the radio buttons' values.
        for name in YES_NO_FIELDS:
            value = self.initial.get(name)
            if value is not None:
                self.initial[name] = "yes" if value else "no"


class PhoneAnswerForm(SurveyAnswerForm):
    """Staff record an answer given on the phone: who answered and when, besides the answers."""

    respondent = forms.CharField(
        label=_("Respondent"),
        max_length=200,
        help_text=_("Who at the company answered."),
    )
    answered_at = forms.SplitDateTimeField(
        label=_("Answered at"),
        widget=AdminSplitDateTime,
        help_text=_("When the company gave the answers on the phone."),
    )

    class Meta(SurveyAnswerForm.Meta):
        fields = [*SurveyAnswerForm.Meta.fields, "respondent", "answered_at"]
