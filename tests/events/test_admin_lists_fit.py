"""What staff must see in the admin without scrolling sideways at 1280 px: the columns of the
registration and membership-request lists, and the event form led by what they fill in."""

import pytest
from django.urls import reverse

from tests.admin_roles import build_world
from tests.events.test_admin_permissions import event_form_data
from tests.factories import (
    EventFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def staff_client(client, world):
    client.force_login(world.users["staff_a"])
    return client


def test_the_registration_list_shows_name_organisation_status_and_attendance_first(
    staff_client, world
):
    registration = RegistrationFactory(
        event=EventFactory(hosts=[world.park_a]), organisation=world.company, attended=True
    )
    response = staff_client.get(reverse("admin:events_registration_changelist"))
    assert list(response.context["cl"].list_display)[1:5] == [
        "participant",
        "organisation",
        "status",
        "attendance",
    ]
    page = response.content.decode()
    # The address is under the name, not a column of its own.
    assert f'<span class="secondary-line">{registration.user.email}</span>' in page


def test_the_membership_request_list_shows_the_applicants_message(staff_client, world):
    network = NetworkFactory(hosts=[world.park_a])
    NetworkMembershipFactory(network=network, message="We make compostable packaging.")
    response = staff_client.get(reverse("admin:networks_networkmembership_changelist"))
    assert "We make compostable packaging." in response.content.decode()


def test_the_auto_filled_slug_is_in_a_collapsed_section_at_the_end(staff_client, world):
    response = staff_client.get(reverse("admin:events_event_add"))
    fieldsets = response.context["adminform"].fieldsets
    assert "slug" not in fieldsets[0][1]["fields"]
    assert fieldsets[-1][1] == {"fields": ["slug"], "classes": ["collapse"]}


def test_a_taken_slug_is_still_reported_and_the_event_kept_out(staff_client, world):
    EventFactory(slug="taken")
    response = staff_client.post(
        reverse("admin:events_event_add"),
        event_form_data(world, hosts=[world.park_a], slug="taken"),
    )
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
