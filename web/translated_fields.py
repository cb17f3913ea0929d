"""Texts kept in Swedish and English by django-modeltranslation (`title_sv`, `title_en`).

`title` reads the visitor's language and falls back to the other one; `shown_language` says which
language a page actually shows, so the template can mark a fallback with `lang`.
"""

from __future__ import annotations

import re

from django.utils import translation
from modeltranslation.settings import FALLBACK_LANGUAGES
from modeltranslation.utils import build_localized_fieldname, resolution_order

SWEDISH_WORDS = {"och", "att", "för", "med", "av", "på", "som", "det", "är", "en", "ett", "till",
                 "om", "från", "inom", "hur", "vi", "du", "har", "ska", "kan"}  # fmt: skip
ENGLISH_WORDS = {"the", "and", "of", "for", "with", "on", "to", "in", "is", "are", "from", "how",
                 "we", "you", "an", "at", "by", "its", "this", "that"}  # fmt: skip


def shown_language(obj, field: str) -> str:
    """The language of the text `obj.<field>` shows in the active language: the active one,
    or the fallback whose text is shown because the active one's is empty."""
    current = translation.get_language() or "sv"
    for language in resolution_order(current, FALLBACK_LANGUAGES):
        if getattr(obj, build_localized_fieldname(field, language), None):
            return language
    return current


def written_language(text: str) -> str:
    """Swedish or English, by which language's common words the text has more of; Swedish
    (the portal's default language) when it cannot tell, as for a name."""
    words = re.findall(r"\w+", text.lower())
    swedish = sum(word in SWEDISH_WORDS for word in words)
    english = sum(word in ENGLISH_WORDS for word in words)
    return "en" if english > swedish else "sv"


def move_texts_to_their_language(app_label: str, model_name: str, fields, language_field=None):
    """A data migration step: each row's text goes to the column of the language it is written
    in, the row's own language field where it names one, else `written_language`."""

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        columns = [f"{name}_{language}" for name in fields for language in ("sv", "en")]
        changed = []
        for row in model.objects.all().iterator(chunk_size=2000):
            own = getattr(row, language_field, None) if language_field else None
            for name in fields:
                text = getattr(row, name)
                if not text:
                    continue
                language = own if own in ("sv", "en") else written_language(text)
                setattr(row, f"{name}_{language}", text)
            changed.append(row)
            if len(changed) >= 2000:
                model.objects.bulk_update(changed, columns)
                changed = []
        if changed:
            model.objects.bulk_update(changed, columns)

    return forwards
