"""Rich text is sanitised by news (nh3, the portal's only rich text); every other text field is
escaped. Script and event-handler payloads stay inert on every public page that shows them."""

import pytest
from django.urls import reverse

from news.models import sanitise_html
from tests.factories import (
    ArticleFactory,
    EventFactory,
    EventReportFactory,
    NetworkFactory,
    OrganisationFactory,
    ProjectFactory,
)

from .inert import PAYLOADS, active_content


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitiser_leaves_no_script_handler_or_javascript_link(payload):
    cleaned = sanitise_html(f"<p>Before</p>{payload}<p>After</p>")
    assert active_content(cleaned) == []
    assert "<script" not in cleaned.lower()
    assert "javascript:" not in cleaned.lower()
    assert "<p>Before</p>" in cleaned


def test_sanitiser_keeps_formatting_and_makes_links_safe():
    cleaned = sanitise_html(
        '<h2>Agenda</h2><p><strong>Bold</strong> <em>and</em> <a href="https://stuns.se" '
        'target="_blank" rel="opener">a link</a></p><ul><li>one</li></ul>'
    )
    assert "<h2>Agenda</h2>" in cleaned
    assert "<strong>Bold</strong>" in cleaned
    assert '<a href="https://stuns.se" rel="noopener noreferrer nofollow">a link</a>' in cleaned
    assert "<ul><li>one</li></ul>" in cleaned
    assert "target" not in cleaned


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_text_fields_are_inert_on_public_pages(client, payload):
    # Every public page that shows people's text; the fuzzing tests extend this to every form.
    event = EventFactory(title=f"Event {payload}", description=payload, venue_name=payload)
    organisation = OrganisationFactory(name=f"Org {payload}", description=payload)
    network = NetworkFactory(name=f"Network {payload}", description=payload)
    project = ProjectFactory(name=f"Project {payload}", description=payload)
    event.programme_items.create(title=payload)
    article = ArticleFactory(title=f"News {payload}", summary=payload, body=payload)
    EventReportFactory(event=event, body=payload)  # shown on the event's page
    pages = [
        article.get_absolute_url(),
        reverse("news:list"),
        reverse("news:feed_rss"),
        reverse("search:search") + "?q=News",
        event.get_absolute_url(),
        organisation.get_absolute_url(),
        network.get_absolute_url(),
        project.get_absolute_url(),
        reverse("events:list"),
        reverse("companies:list"),
        reverse("networks:list"),
        reverse("projects:list"),
        reverse("home"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert active_content(response.content.decode()) == [], url
