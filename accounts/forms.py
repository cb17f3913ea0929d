from django import forms

from .models import User

# What a person tells the portal about themself; the first and last name are required.
PROFILE_FIELDS = ["first_name", "last_name", "job_title", "phone"]
REQUIRED_PROFILE_FIELDS = {"first_name", "last_name"}


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = PROFILE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in REQUIRED_PROFILE_FIELDS:
            self.fields[name].required = True


def _profile_field(name: str) -> forms.Field:
    # The model field's validators too: this form, unlike a ModelForm, runs no model validation.
    field = User._meta.get_field(name)
    return field.formfield(required=name in REQUIRED_PROFILE_FIELDS, validators=field.validators)


class SignupForm(forms.Form):
    """The fields allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS) adds to email and password.

    allauth's adapter saves the first and last name; the optional facts are saved here."""

    first_name = _profile_field("first_name")
    last_name = _profile_field("last_name")
    job_title = _profile_field("job_title")
    phone = _profile_field("phone")

    field_order = ["first_name", "last_name", "email", "password1", "password2", "job_title"]

    def signup(self, request, user):
        user.job_title = self.cleaned_data["job_title"]
        user.phone = self.cleaned_data["phone"]
        user.save(update_fields=["job_title", "phone"])
