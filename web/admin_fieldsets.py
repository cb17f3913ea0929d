"""Admin forms that lead with what staff fill in, not with the fields the admin fills itself."""

from django.utils.translation import gettext_lazy as _


def auto_filled_last(fieldsets, auto_filled) -> list:
    """The fieldsets with the fields the admin fills from others while one types
    (`prepopulated_fields`: the slug of a web address) moved into a collapsed section at the
    end. Staff seldom need them; Django opens the section when one of its fields has an error."""
    auto_filled = set(auto_filled)
    if not auto_filled:
        return list(fieldsets)
    kept = []
    for name, options in fieldsets:
        fields = [field for field in options["fields"] if field not in auto_filled]
        if fields:
            kept.append((name, {**options, "fields": fields}))
    return [
        *kept,
        (_("Web address"), {"fields": sorted(auto_filled), "classes": ["collapse"]}),
    ]


class AutoFilledFieldsLastMixin:
    """A model admin whose auto-filled fields come last, collapsed (`auto_filled_last`)."""

    def get_fieldsets(self, request, obj=None):
        return auto_filled_last(
            super().get_fieldsets(request, obj), self.get_prepopulated_fields(request, obj)
        )
