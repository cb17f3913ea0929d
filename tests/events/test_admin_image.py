"""An event's image through the admin: checked by content, stored without the photo's
location and camera, and refused with a clear message when it is not an image."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from events.models import Event
from tests.events.test_admin_permissions import event_form_data
from tests.factories import ScienceParkFactory, UserFactory
from tests.news.test_uploads import photo_with_exif

pytestmark = pytest.mark.django_db


def form_data(host, **extra):
    return {
        **event_form_data(None, hosts=[host]),
        "contact_name": "Anna Berg",
        "contact_email": "anna@park.example.com",
        **extra,
    }


def test_event_image_is_stored_without_location_metadata(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    host = ScienceParkFactory()
    response = client.post(
        "/en/admin/events/event/add/",
        form_data(host, image=photo_with_exif(), image_alt="The hall"),
    )
    assert response.status_code == 302
    event = Event.objects.get(slug="a-new-event")
    assert (event.contact_name, event.image_alt) == ("Anna Berg", "The hall")
    with Image.open(event.image) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()


def test_event_image_that_is_not_an_image_is_refused_with_a_message(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    host = ScienceParkFactory()
    response = client.post(
        "/en/admin/events/event/add/",
        form_data(host, image=SimpleUploadedFile("poster.jpg", b"%PDF-1.4", "image/jpeg")),
    )
    assert response.status_code == 200
    assert not Event.objects.filter(slug="a-new-event").exists()
    html = response.content.decode()
    assert "Upload a valid image" in html or "not an image we can read" in html
