"""Articles and documents link only to the events, networks and projects the user's organisation
may: posting another park's ids in the admin form is refused, and nothing of the other park's
reaches a public page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from news.models import Article, Document
from tests.events.test_admin_permissions import event_form_data
from tests.factories import (
    MINIMAL_PDF,
    ArticleFactory,
    EventFactory,
    NetworkFactory,
    ProjectFactory,
    ScienceParkFactory,
)

from .test_admin_scope import admin_url, article_data, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def parks():
    return ScienceParkFactory(name="Park A"), ScienceParkFactory(name="Park B")


def test_an_article_cannot_link_another_parks_draft_event(client, parks):
    park_a, park_b = parks
    secret = EventFactory(hosts=[park_b], status="draft", title="Secret merger talks")
    own = EventFactory(hosts=[park_a], title="Open house")
    client.force_login(staff_of(park_a))
    response = client.post(
        admin_url("news_article_add"), article_data(park_a, events=[secret.pk, own.pk])
    )
    assert response.status_code == 200
    assert "events" in response.context["adminform"].form.errors
    assert not Article.objects.exists()
    # The same article linked to the park's own event is saved and shows it.
    response = client.post(admin_url("news_article_add"), article_data(park_a, events=[own.pk]))
    assert response.status_code == 302
    article = Article.objects.get()
    with translation.override("en"):
        page = client.get(article.get_absolute_url()).content.decode()
    assert "Open house" in page
    assert "Secret merger talks" not in page


@pytest.mark.parametrize("field", ["networks", "events", "projects"])
def test_a_document_cannot_be_put_on_another_parks_pages(client, parks, field):
    park_a, park_b = parks
    target = {
        "networks": lambda: NetworkFactory(hosts=[park_b]),
        "events": lambda: EventFactory(hosts=[park_b]),
        "projects": lambda: ProjectFactory(owner=park_b),
    }[field]()
    client.force_login(staff_of(park_a))
    response = client.post(
        admin_url("news_document_add"),
        {
            "title": "Our slides",
            "kind": "slides",
            "language": "sv",
            "organisation": park_a.pk,
            "file": SimpleUploadedFile("slides.pdf", MINIMAL_PDF, "application/pdf"),
            field: [target.pk],
        },
    )
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert not Document.objects.exists()
    if field != "projects":
        with translation.override("en"):
            page = client.get(target.get_absolute_url()).content.decode()
        assert "Our slides" not in page


def test_editing_a_co_hosted_event_keeps_the_co_hosts_network(client, parks):
    """A link someone else made stays valid: the form neither refuses nor drops it."""
    park_a, park_b = parks
    network_b = NetworkFactory(hosts=[park_b], name="Network of B")
    event = EventFactory(hosts=[park_a, park_b], status="draft")
    event.network = network_b
    event.save()
    client.force_login(staff_of(park_a))
    url = reverse("admin:events_event_change", args=[event.pk])
    assert "Network of B" in client.get(url).content.decode()
    data = event_form_data(None, hosts=[park_a, park_b], title="Renamed", slug=event.slug)
    response = client.post(url, {**data, "network": network_b.pk})
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.title, event.network) == ("Renamed", network_b)
    # Choosing B's network anew is refused, as in every other form.
    other_event = EventFactory(hosts=[park_a])
    data = event_form_data(None, hosts=[park_a], slug=other_event.slug)
    url = reverse("admin:events_event_change", args=[other_event.pk])
    response = client.post(url, {**data, "network": network_b.pk})
    assert "network" in response.context["adminform"].form.errors


def test_an_articles_page_does_not_name_a_draft_event(client, parks):
    park_a, _park_b = parks
    draft = EventFactory(hosts=[park_a], status="draft", title="Not announced yet")
    article = ArticleFactory(organisation=park_a, events=[draft])
    with translation.override("en"):
        page = client.get(article.get_absolute_url()).content.decode()
    assert "Not announced yet" not in page
    assert draft.slug not in page
