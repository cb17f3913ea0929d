"""Pagination for public lists whose OFFSET stays bounded however large the table grows."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

# 50 pages of 20: nobody reads further; filters narrow the list instead.
MAX_PAGES = 50


class BoundedPaginator(Paginator):
    """A Paginator that offers at most MAX_PAGES pages.

    A page number past the bound gets the last offered page (with `get_page`), so no request
    makes PostgreSQL skip more than (MAX_PAGES - 1) * per_page rows. `count` stays exact.
    """

    def __init__(self, *args, max_pages: int = MAX_PAGES, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_pages = max_pages

    @cached_property
    def num_pages(self):
        return min(super().num_pages, self.max_pages)

    @property
    def is_bounded(self) -> bool:
        """True when the list has more rows than the offered pages show."""
        return self.count > self.max_pages * self.per_page
