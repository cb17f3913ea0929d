"""Admin forms for texts kept in Swedish and English: both fields of a text side by side."""

from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from modeltranslation.utils import get_translation_fields

from .admin_fieldsets import auto_filled_last

__all__ = ["SideBySideTranslationAdmin", "TranslationTabularInline"]


class SideBySideTranslationAdmin(TranslationAdmin):
    """django-modeltranslation's admin (Swedish required where the text is, English
    optional), with each text's language fields on one row instead of one under the other."""

    class Media:
        css = {"all": ["css/admin-translations.css"]}

    def get_search_fields(self, request):
        # Every language of a text, not only the one the admin is read in.
        return [
            column
            for name in super().get_search_fields(request)
            for column in (
                get_translation_fields(name) if name in self.trans_opts.all_fields else [name]
            )
        ]

    def get_fieldsets(self, request, obj=None):
        # modeltranslation's get_fieldsets calls no other class's, so the auto-filled fields
        # go last here rather than in AutoFilledFieldsLastMixin.
        return auto_filled_last(
            [
                (name, {**options, "fields": self.languages_side_by_side(options["fields"])})
                for name, options in super().get_fieldsets(request, obj)
            ],
            self.get_prepopulated_fields(request, obj),
        )

    def languages_side_by_side(self, fields):
        text_of = {
            translation: original
            for original in self.trans_opts.all_fields
            for translation in get_translation_fields(original)
        }
        rows = []
        for name in fields:
            text = text_of.get(name) if isinstance(name, str) else None
            if text and rows and isinstance(rows[-1], tuple) and text_of.get(rows[-1][0]) == text:
                rows[-1] = (*rows[-1], name)
            else:
                rows.append((name,) if text else name)
        return [row[0] if isinstance(row, tuple) and len(row) == 1 else row for row in rows]
