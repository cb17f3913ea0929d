from django import forms

from companies.models import ThematicArea
from networks.models import Network

from .models import DigestSubscription


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
