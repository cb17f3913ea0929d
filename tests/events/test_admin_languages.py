"""The admin edits an event's texts in Swedish and English, side by side."""

import pytest
from django.urls import reverse

from events.models import Event
from tests.events.test_admin_permissions import event_form_data
from tests.factories import EventFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_event_form_shows_swedish_and_english_side_by_side(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:events_event_add")).content.decode()
    assert 'class="form-row field-title_sv field-title_en"' in page
    assert 'class="form-row field-description_sv field-description_en"' in page
    assert 'name="title_sv"' in page
    assert 'name="title_en"' in page
    assert 'name="title"' not in page


def test_the_admin_saves_both_languages_and_requires_the_swedish_title(client, superuser):
    client.force_login(superuser)
    park = OrganisationFactory()
    data = event_form_data(None, hosts=[park]) | {
        "title_sv": "Frukost om cirkulär ekonomi",
        "title_en": "Breakfast on the circular economy",
    }
    assert client.post(reverse("admin:events_event_add"), data).status_code == 302
    event = Event.objects.get()
    assert (event.title_sv, event.title_en) == (
        "Frukost om cirkulär ekonomi",
        "Breakfast on the circular economy",
    )

    missing = client.post(
        reverse("admin:events_event_add"), data | {"title_sv": "", "slug": "another"}
    )
    assert missing.status_code == 200
    assert "title_sv" in missing.context["adminform"].form.errors


def test_the_admin_search_finds_a_text_in_either_language(client, superuser):
    client.force_login(superuser)
    event = EventFactory(title_sv="", title_en="Circular design clinic")
    for language_prefix in ("", "/en"):
        page = client.get(f"{language_prefix}/admin/events/event/", {"q": "design clinic"})
        assert f"/admin/events/event/{event.pk}/change/" in page.content.decode()
