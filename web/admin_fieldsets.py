"""Admin forms that lead with what staff fill in, not with the fields the admin fills itself."""

from django.utils.translation import gettext_lazy as _


class AutoFilledFieldsLastMixin:
    """Moves the fields the admin fills from others while one types (`prepopulated_fields`:
    the slug of a web address) into a collapsed section at the end of the form. Staff seldom
    need them; Django opens the section when one of its fields has an error."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        auto_filled = set(self.get_prepopulated_fields(request, obj))
        if not auto_filled:
            return fieldsets
        kept = []
        for name, options in fieldsets:
            fields = [field for field in options["fields"] if field not in auto_filled]
            if fields:
                kept.append((name, {**options, "fields": fields}))
        return [
            *kept,
            (_("Web address"), {"fields": sorted(auto_filled), "classes": ["collapse"]}),
        ]
