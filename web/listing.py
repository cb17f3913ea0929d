"""The one way public list pages filter and paginate, shared by the four directory apps."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import django_filters
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.forms import ModelChoiceField
from django.utils.translation import gettext as _
from django_filters.fields import ModelChoiceField as FilterModelChoiceField
from django_filters.fields import ModelChoiceIterator

from web.pagination import BoundedPaginator

PER_PAGE = 20


class ReferenceChoiceIterator(ModelChoiceIterator):
    """The options from the rows the field has read, not from a query of their own."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.field.rows:
            yield self.choice(obj)

    def __len__(self):
        extra = (self.field.empty_label is not None) + (self.field.null_label is not None)
        return len(self.field.rows) + extra

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.rows)


class ReferenceChoiceField(FilterModelChoiceField):
    """A choice of one row of a small reference table (counties, thematic areas).

    The table is read once per form, in one query, for both the options and the check of the
    submitted value, where Django's field reads it through a server-side cursor for the options
    and once more to look the value up. A value is accepted exactly when that lookup would
    find it.
    """

    iterator = ReferenceChoiceIterator

    def _set_queryset(self, queryset):
        self._rows = None
        super()._set_queryset(queryset)

    queryset = property(ModelChoiceField._get_queryset, _set_queryset)

    @property
    def rows(self) -> list:
        if self._rows is None:
            self._rows = list(self.queryset)
        return self._rows

    def to_python(self, value):
        if self.null_label is not None and value == self.null_value:
            return value
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        key = self.to_field_name or "pk"
        model = self.queryset.model
        key_field = model._meta.pk if key == "pk" else model._meta.get_field(key)
        try:
            if isinstance(value, model):
                value = getattr(value, key)
            wanted = key_field.get_prep_value(value)
        except (ValueError, TypeError):
            wanted = None
        if wanted is not None:
            for row in self.rows:
                if getattr(row, key_field.attname) == wanted:
                    return row
        raise ValidationError(
            self.error_messages["invalid_choice"],
            code="invalid_choice",
            params={"value": value},
        )


class ReferenceChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ReferenceChoiceField


@dataclass
class FilteredPage:
    page_obj: Page
    filterset: object
    problems: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return self.page_obj.paginator.count

    @property
    def filter_count(self) -> int:
        """How many filters besides the free-text search are in use."""
        return sum(
            1
            for name, value in self.cleaned_data.items()
            if name != "q" and value not in (None, "", [])
        )

    @property
    def cleaned_data(self) -> dict:
        return getattr(self.filterset.form, "cleaned_data", {}) or {}


def filtered_page(
    request, filterset, *, queryset=None, per_page: int | None = None
) -> FilteredPage:
    """Apply the valid filters, ignore the invalid ones with a message, and paginate.

    Malformed input (an unknown county, a date like "yesterday", page=abc) never raises: the
    visitor sees the results of what was understood and a note on what was not.
    """
    problems = []
    if filterset.is_bound and not filterset.form.is_valid():
        for name, errors in filterset.form.errors.items():
            label = filterset.form.fields[name].label if name in filterset.form.fields else name
            problems.append(
                _("%(field)s: %(error)s (ignored)") % {"field": label, "error": " ".join(errors)}
            )
    results = filterset.qs if queryset is None else queryset
    raw_page = request.GET.get("page", "1")
    number = 1
    if re.fullmatch(r"[0-9]{1,6}", raw_page) and int(raw_page) >= 1:
        number = int(raw_page)
    else:
        problems.append(_("“%(page)s” is not a page number; showing page 1.") % {"page": raw_page})
    paginator = BoundedPaginator(results, per_page or PER_PAGE)
    if number > paginator.num_pages:
        if number != 1:
            problems.append(
                _("There is no page %(page)s; showing the last page.") % {"page": number}
            )
        number = paginator.num_pages
    return FilteredPage(page_obj=paginator.page(number), filterset=filterset, problems=problems)
