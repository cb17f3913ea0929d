"""The event page as a visitor reads it: what, where, who to ask, how to add it to a calendar
and share it, and what a registered person's seat is."""

import datetime

import pytest
from django.core.files.base import ContentFile

from events.models import Event, Registration
from tests.factories import (
    EventFactory,
    OrganisationMembershipFactory,
    RegistrationFactory,
    ScienceParkFactory,
    jpeg_bytes,
)

pytestmark = pytest.mark.django_db


def page(client, event) -> str:
    response = client.get(f"/en/events/{event.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_description_comes_before_the_registration_box(client):
    event = EventFactory(description="Bring your own sustainability plan.")
    html = page(client, event)
    assert html.index("Bring your own sustainability plan.") < html.index('id="register-heading"')


def test_language_venue_map_link_and_contact_are_shown(client):
    event = EventFactory(
        language=Event.Language.ENGLISH,
        venue_name="ASSAR Industrial Innovation Arena",
        address="Kanikegränd 3",
        city="Skövde",
        contact_name="Anna Berg",
        contact_email="anna@park.example.com",
    )
    html = page(client, event)
    assert "<dt>Language</dt><dd>English</dd>" in html
    assert "Kanikegränd 3, Skövde" in html
    assert "https://www.openstreetmap.org/search?query=Kanikegr%C3%A4nd+3%2C+Sk%C3%B6vde" in html
    assert "Anna Berg" in html
    assert 'href="mailto:anna@park.example.com"' in html


def test_online_event_has_no_map_link(client):
    event = EventFactory(format=Event.Format.ONLINE, venue_name="", address="", city="")
    assert "openstreetmap" not in page(client, event)


def test_google_and_outlook_links_beside_the_ics_file(client):
    event = EventFactory(title="Circular day")
    html = page(client, event)
    assert f'href="/en/events/{event.slug}/calendar.ics"' in html
    assert (
        "https://calendar.google.com/calendar/render?action=TEMPLATE&amp;text=Circular+day" in html
    )
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in html
    starts, ends = (moment.astimezone(datetime.UTC) for moment in (event.starts_at, event.ends_at))
    assert f"dates={starts:%Y%m%dT%H%M%SZ}%2F{ends:%Y%m%dT%H%M%SZ}" in html


def test_share_links_and_open_graph_image(client):
    event = EventFactory(title="Circular day", image_alt="People at a whiteboard")
    event.image.save("day.jpg", ContentFile(jpeg_bytes()))
    html = page(client, event)
    assert '<meta property="og:title" content="Circular day">' in html
    assert '<meta property="og:image" content="http' in html
    assert '<meta property="og:image:alt" content="People at a whiteboard">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert "https://www.linkedin.com/sharing/share-offsite/?url=" in html
    assert f'src="{event.image.url}" alt="People at a whiteboard"' in html


def test_hosts_logo_is_shown_on_the_event_page(client):
    host = ScienceParkFactory(name="Science Park Skövde")
    host.logo.save("skovde.png", ContentFile(jpeg_bytes()))
    event = EventFactory(hosts=[host])
    html = page(client, event)
    assert f'<img class="logo-small" src="{host.logo.url}" alt=""' in html


def test_waiting_list_number_replaces_join_the_waiting_list_once_on_it(client):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    membership = OrganisationMembershipFactory()
    RegistrationFactory(
        event=event,
        user=membership.user,
        organisation=membership.organisation,
        status=Registration.Status.WAITLISTED,
    )
    assert "Full – join the waiting list" in page(client, event)
    client.force_login(membership.user)
    html = page(client, event)
    assert "You are on the waiting list (number 1)" in html
    assert "Full – join the waiting list" not in html


def test_swedish_waiting_list_text(client):
    event = EventFactory(capacity=0)
    membership = OrganisationMembershipFactory()
    RegistrationFactory(
        event=event,
        user=membership.user,
        organisation=membership.organisation,
        status=Registration.Status.WAITLISTED,
    )
    client.force_login(membership.user)
    html = client.get(f"/events/{event.slug}/").content.decode()
    assert "Du står på väntelistan (nummer 1)" in html


def test_cancel_asks_for_confirmation_first(client):
    membership = OrganisationMembershipFactory()
    registration = RegistrationFactory(user=membership.user, organisation=membership.organisation)
    event = registration.event
    client.force_login(membership.user)
    assert f'href="/en/events/{event.slug}/cancel/"' in page(client, event)

    confirm = client.get(f"/en/events/{event.slug}/cancel/")
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Do you want to cancel your registration" in html
    assert f'action="/en/events/{event.slug}/cancel/"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED

    response = client.post(f"/en/events/{event.slug}/cancel/")
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_cancel_confirmation_of_someone_without_a_registration_is_404(client):
    event = EventFactory()
    client.force_login(OrganisationMembershipFactory().user)
    assert client.get(f"/en/events/{event.slug}/cancel/").status_code == 404


def test_cancel_confirmation_from_my_page_goes_back_there(client):
    registration = RegistrationFactory()
    client.force_login(registration.user)
    html = client.get(f"/en/events/{registration.event.slug}/cancel/?back=me").content.decode()
    assert 'href="/en/me/"' in html
