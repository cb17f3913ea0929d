"""Ids no column can hold and NUL bytes, in forms, list and admin filters, the admin's
autocomplete and addresses: a form error or a 404 on SQLite and on PostgreSQL, never a 500.

SQLite's driver cannot even pass a number beyond 64 bits (OverflowError) and PostgreSQL cannot
hold NUL in text: both used to reach the database and fail there.
"""

import pytest
from django.test import Client

from events.models import Registration
from tests.factories import (
    EventFactory,
    NetworkFactory,
    OrganisationMembershipFactory,
    ThematicAreaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999999"  # beyond 64 bits
JUST_BEYOND = str(2**63)
BELOW = str(-(2**63) - 1)


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.mark.parametrize("value", [HUGE, JUST_BEYOND, BELOW])
def test_email_preferences_refuse_an_impossible_network_with_a_form_error(value):
    network = NetworkFactory()
    client = signed_in(UserFactory())
    response = client.post(
        "/en/notifications/", {"is_active": "on", "networks": [str(network.pk), value]}
    )
    assert response.status_code == 200
    assert f"Select a valid choice. {value} is not one of the available choices." in (
        response.content.decode()
    )


def test_email_preferences_still_save_real_choices():
    network, theme = NetworkFactory(), ThematicAreaFactory()
    user = UserFactory()
    response = signed_in(user).post(
        "/en/notifications/",
        {"is_active": "on", "networks": [str(network.pk)], "thematic_areas": [str(theme.pk)]},
    )
    assert response.status_code == 302
    assert list(user.digest_subscription.networks.all()) == [network]


def test_organisation_form_refuses_an_impossible_theme_with_a_form_error():
    membership = OrganisationMembershipFactory()
    client = signed_in(membership.user)
    url = f"/en/organisations/{membership.organisation.slug}/edit/"
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"name": "Renamed AB", "thematic_areas": [HUGE]})
    assert response.status_code == 200
    assert "is not one of the available choices" in response.content.decode()
    membership.organisation.refresh_from_db()
    assert membership.organisation.name != "Renamed AB"


@pytest.mark.parametrize(
    "query",
    [
        {"network": HUGE},
        {"county": HUGE},
        {"theme": [HUGE, JUST_BEYOND]},
        {"organisation": BELOW},
    ],
)
def test_event_list_ignores_impossible_filter_values_with_a_note(client, query):
    EventFactory(title="Still listed")
    response = client.get("/en/events/", query)
    assert response.status_code == 200
    assert "Still listed" in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        f"/admin/events/event/{HUGE}/change/",
        f"/admin/events/event/?county__code__exact={HUGE}",
        f"/admin/events/event/?id__in={HUGE},{JUST_BEYOND}",
        f"/admin/events/registration/?event__id__exact={HUGE}",
        f"/admin/events/registration/?event={JUST_BEYOND}",
        "/admin/events/event/?status__exact=a%00",
        "/admin/events/event/?q=%00",
        "/admin/autocomplete/?app_label=events&model_name=event&field_name=thematic_areas&term=%00",
    ],
)
def test_admin_answers_impossible_ids_and_nul_bytes_without_a_server_error(superuser, url):
    EventFactory()
    response = signed_in(superuser).get(url)
    assert response.status_code in (200, 302, 400, 404), response.status_code


def test_an_admin_action_on_an_impossible_id_changes_nothing(superuser):
    event = EventFactory(status="draft")
    response = signed_in(superuser).post(
        "/admin/events/event/",
        {"action": "publish", "_selected_action": [HUGE], "index": "0"},
    )
    assert response.status_code in (200, 302)
    event.refresh_from_db()
    assert event.status == "draft"


@pytest.mark.parametrize(
    "url",
    [
        "/me/calendar/a%00b.ics",
        "/en/me/calendar/a%00b.ics",
        "/en/events/a%00b/",
        "/en/notifications/unsubscribe/a%00b/",
    ],
)
def test_nul_bytes_in_an_address_answer_the_not_found_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html or "Sidan finns inte" in html


@pytest.mark.parametrize("query", ["?county=a%00", "?q=%00&kind=a%00b", "?a%00=1&format=%00"])
def test_nul_bytes_in_a_list_filter_are_named_as_not_understood(client, query):
    EventFactory(title="Still listed")
    response = client.get("/en/events/" + query)
    assert response.status_code == 200
    html = response.content.decode()
    if "q=" in query:  # a search for an odd character finds nothing
        assert "Still listed" not in html
    else:
        assert "Still listed" in html
        assert "could not be understood" in html


def test_admin_search_with_a_nul_byte_finds_nothing(superuser):
    event = EventFactory(title="Workshop")
    changelist = signed_in(superuser).get("/admin/events/event/?q=Work")
    assert f"/admin/events/event/{event.pk}/change/" in changelist.content.decode()
    response = signed_in(superuser).get("/admin/events/event/?q=Work%00shop")
    assert response.status_code == 200
    assert f"/admin/events/event/{event.pk}/change/" not in response.content.decode()


def test_registering_for_an_impossible_organisation_is_a_404_and_writes_nothing():
    event = EventFactory()
    membership = OrganisationMembershipFactory()
    response = signed_in(membership.user).post(
        f"/en/events/{event.slug}/register/", {"organisation": HUGE}
    )
    assert response.status_code == 404
    assert not Registration.objects.exists()
