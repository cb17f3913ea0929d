"""The one way public list pages filter and paginate, shared by the four directory apps."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.utils.translation import gettext as _

from web.pagination import BoundedPaginator

PER_PAGE = 20


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
