from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from companies.models import Organisation


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
