import pytest

from events.models import Event
from tests.factories import EventFactory
from web.pagination import BoundedPaginator


def test_page_numbers_past_the_bound_get_the_last_offered_page():
    paginator = BoundedPaginator(list(range(1000)), 20, max_pages=5)
    page = paginator.get_page(40)
    assert page.number == 5
    assert list(page) == list(range(80, 100))
    assert paginator.count == 1000
    assert paginator.is_bounded


def test_short_lists_are_paginated_as_usual():
    paginator = BoundedPaginator(list(range(30)), 20, max_pages=5)
    assert paginator.num_pages == 2
    assert not paginator.is_bounded
    assert list(paginator.get_page("abc")) == list(range(20))


@pytest.mark.django_db
def test_deep_page_query_offset_is_bounded(django_assert_max_num_queries):
    for _ in range(5):
        EventFactory()
    paginator = BoundedPaginator(Event.objects.order_by("starts_at", "id"), 2, max_pages=2)
    with django_assert_max_num_queries(2) as captured:
        events = list(paginator.get_page(1000))
    assert len(events) == 2
    assert "OFFSET 2" in captured.captured_queries[-1]["sql"]
