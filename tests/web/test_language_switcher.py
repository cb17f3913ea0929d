"""The language switcher links to the page being read in the other language."""

import re

import pytest

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def switcher_links(response) -> dict[str, str]:
    nav = re.search(r'<nav class="language-switcher".*?</nav>', response.content.decode(), re.S)
    return {
        lang: href.replace("&amp;", "&")
        for href, lang in re.findall(r'<a href="([^"]+)" lang="(\w+)"', nav[0])
    }


def test_the_switcher_keeps_the_page_and_its_filters(client):
    assert switcher_links(client.get("/networks/?county=AB&page=1")) == {
        "en": "/en/networks/?county=AB&page=1"
    }
    event = EventFactory(slug="circular-packaging")
    english = client.get("/en/events/circular-packaging/")
    assert switcher_links(english) == {"sv": "/events/circular-packaging/"}
    swedish = client.get(switcher_links(english)["sv"])
    assert '<html lang="sv">' in swedish.content.decode()
    assert event.title in swedish.content.decode()


def test_the_switcher_is_a_link_that_sets_no_cookie(client):
    response = client.get("/en/")
    assert switcher_links(response) == {"sv": "/"}
    assert not response.cookies
