from django.contrib import admin, messages
from django.utils.translation import gettext as _

from companies.models import Organisation
from companies.scoped_admin import ScopedModelAdmin

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedModelAdmin):
    list_display = ["name", "organisation", "key_prefix", "is_active", "created_at"]
    list_filter = ["is_active"]
    list_select_related = ["organisation"]
    fields = ["organisation", "name", "is_active", "key_prefix", "created_by", "created_at"]
    readonly_fields = ["key_prefix", "created_by", "created_at"]

    def choices_for(self, request, db_field):
        if db_field.name == "organisation":
            return Organisation.objects.manageable_by(request.user)
        return super().choices_for(request, db_field)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        issued_key = getattr(obj, "issued_key", None)
        if issued_key:
            messages.warning(
                request,
                _(
                    "The API key for “%(name)s” is %(key)s – copy it now: the portal keeps "
                    "only a fingerprint of it and cannot show it again."
                )
                % {"name": obj.name, "key": issued_key},
            )
