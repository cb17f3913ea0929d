"""Detail links point where Django's reverse() points, in every language and under a script prefix
(web/slug_urls.py reverses each detail URL once and puts the slug in)."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from tests.factories import (
    ArticleFactory,
    EventFactory,
    NetworkFactory,
    OrganisationFactory,
    ProjectFactory,
)
from web.slug_urls import slug_url

pytestmark = pytest.mark.django_db

DETAIL_PAGES = [
    (OrganisationFactory, "companies:detail"),
    (EventFactory, "events:detail"),
    (NetworkFactory, "networks:detail"),
    (ArticleFactory, "news:detail"),
    (ProjectFactory, "projects:detail"),
]


@pytest.mark.parametrize(("factory", "viewname"), DETAIL_PAGES)
def test_detail_links_are_djangos_urls_in_each_language(client, factory, viewname):
    obj = factory(slug="a-slug_2")
    for language, expected_prefix in (("sv", "/"), ("en", "/en/")):
        with translation.override(language):
            url = obj.get_absolute_url()
            assert url == reverse(viewname, kwargs={"slug": "a-slug_2"})
        assert url.startswith(expected_prefix)
        assert url.endswith("/a-slug_2/")
    with translation.override("en"):
        assert client.get(obj.get_absolute_url()).status_code == 200


def test_detail_links_follow_the_script_prefix():
    event = EventFactory(slug="under-a-proxy")
    with translation.override("sv"):
        try:
            set_script_prefix("/portal/")
            assert event.get_absolute_url() == "/portal/events/under-a-proxy/"
        finally:
            set_script_prefix("/")
        assert event.get_absolute_url() == "/events/under-a-proxy/"


@pytest.mark.parametrize("slug", ["", "åäö", "a/b", "a b"])
def test_a_slug_the_pattern_refuses_is_refused_as_by_django(slug):
    with pytest.raises(NoReverseMatch):
        reverse("events:detail", kwargs={"slug": slug})
    with pytest.raises(NoReverseMatch):
        slug_url("events:detail", slug)
