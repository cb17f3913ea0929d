from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from companies.models import ThematicArea
from networks.models import Network

from .attachments import validate_attachment
from .models import DigestSubscription, OrganiserMessage


class DigestPreferencesForm(forms.ModelForm):
    class Meta:
        model = DigestSubscription
        fields = ["is_active", "networks", "thematic_areas"]
        widgets = {
            "networks": forms.CheckboxSelectMultiple,
            "thematic_areas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["networks"].queryset = Network.objects.active().order_by("name")
        self.fields["thematic_areas"].queryset = ThematicArea.objects.order_by("name")


class OrganiserMessageForm(forms.ModelForm):
    """A message to an event's participants or a network's members, in Swedish, English or
    both; the event or network is the page's, never a choice."""

    class Meta:
        model = OrganiserMessage
        fields = ["audience", "subject_sv", "body_sv", "subject_en", "body_en", "attachment"]
        widgets = {
            "body_sv": forms.Textarea(attrs={"rows": 10, "cols": 80}),
            "body_en": forms.Textarea(attrs={"rows": 10, "cols": 80}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        audience = OrganiserMessage.Audience
        if self.instance.network_id:
            choices = [audience.NETWORK_MEMBERS]
        else:
            choices = [
                audience.CONFIRMED,
                audience.WAITLISTED,
                audience.ATTENDED,
                audience.NOT_ATTENDED,
            ]
        self.fields["audience"].choices = [(choice.value, choice.label) for choice in choices]
        self.fields["audience"].initial = choices[0].value
        self.fields["attachment"].help_text = _(
            "Optional: one PDF, picture or office document of at most %(limit)s, sent with "
            "every message."
        ) % {"limit": filesizeformat(settings.ORGANISER_MESSAGE_ATTACHMENT_MAX_BYTES)}
        self.fields["subject_en"].help_text = _(
            "Write in one language or both: each recipient gets their own language when it is "
            "written, the other one otherwise."
        )

    def clean_attachment(self):
        attachment = self.cleaned_data.get("attachment")
        if isinstance(attachment, UploadedFile):  # not the file a draft already has
            validate_attachment(attachment)
        return attachment

    def clean(self):
        cleaned_data = super().clean()
        written = []
        for code, name in (("sv", _("Swedish")), ("en", _("English"))):
            subject = cleaned_data.get(f"subject_{code}", "").strip()
            body = cleaned_data.get(f"body_{code}", "").strip()
            if subject and not body:
                self.add_error(
                    f"body_{code}", _("Write the text in %(language)s too.") % {"language": name}
                )
            elif body and not subject:
                self.add_error(
                    f"subject_{code}",
                    _("Write the subject in %(language)s too.") % {"language": name},
                )
            elif subject and body:
                written.append(code)
        if not written and not self.errors:
            raise forms.ValidationError(
                _("Write the subject and the text in Swedish, in English or in both.")
            )
        return cleaned_data


class OrganiserMessagesPreferenceForm(forms.Form):
    organiser_messages = forms.BooleanField(
        label=_("Messages from the organisers of events and networks I take part in"),
        required=False,
    )
