"""The admin lists cost the same number of queries with 5 rows as with 50."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Registration
from networks.models import NetworkMembership
from tests.admin_roles import build_world
from tests.factories import (
    EventFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

# Session, user, permissions, the scope, the count, the rows, the filters' choices: a fixed
# number however many rows the page shows.
BOUND = 12


def make_events(world, n):
    for _ in range(n):
        event = EventFactory(hosts=[world.park_a, world.park_b], capacity=1)
        RegistrationFactory(event=event)
        RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)


def make_registrations(world, n):
    event = EventFactory(hosts=[world.park_a])
    for _ in range(n):
        RegistrationFactory(event=event)


def make_networks(world, n):
    for _ in range(n):
        network = NetworkFactory(hosts=[world.park_a])
        NetworkMembershipFactory(network=network)
        NetworkMembershipFactory(network=network, status=NetworkMembership.Status.PENDING)


def make_memberships(world, n):
    network = NetworkFactory(hosts=[world.park_a])
    for _ in range(n):
        NetworkMembershipFactory(network=network, status=NetworkMembership.Status.PENDING)


PAGES = {
    "admin:events_event_changelist": make_events,
    "admin:events_registration_changelist": make_registrations,
    "admin:networks_network_changelist": make_networks,
    "admin:networks_networkmembership_changelist": make_memberships,
    "admin:index": make_events,
}


def queries_for(client, url, bound) -> int:
    with bound(BOUND), CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["staff_a", "superuser"])
@pytest.mark.parametrize("page", PAGES)
def test_changelist_queries_do_not_grow_with_rows(
    client, django_assert_max_num_queries, role, page
):
    world = build_world()
    client.force_login(world.users[role])
    url = reverse(page)
    PAGES[page](world, 5)
    with_five = queries_for(client, url, django_assert_max_num_queries)
    PAGES[page](world, 45)
    with_fifty = queries_for(client, url, django_assert_max_num_queries)
    assert with_five == with_fifty
