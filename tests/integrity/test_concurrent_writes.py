"""Integrity under load: concurrent writes on separate PostgreSQL connections.

SQLite serialises every writer, so these tests only mean something on PostgreSQL.
"""

import itertools
import random

import pytest
from django.db.models import Max, Min

from accounts.models import User
from companies.models import Organisation, OrganisationMembership
from events.models import Registration
from events.services import (
    RegistrationRefused,
    cancel_registration,
    promote_waitlist,
    register_for_event,
)
from networks.models import Network, NetworkMembership
from networks.services import MembershipRefused, join_network
from tests.conftest import requires_postgres
from tests.factories import EventFactory, NetworkFactory

from .concurrency import run_concurrently, run_pair_at_once

# Transactional, so that other connections see the rows; `counties` puts back what the flush
# after an earlier committing test removed.
pytestmark = [
    requires_postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("counties"),
]

_batch = itertools.count()


def representatives(count: int) -> list[tuple[User, Organisation]]:
    """`count` users, each the active admin of an organisation of their own (bulk-inserted)."""
    batch = next(_batch)
    users = User.objects.bulk_create(
        User(email=f"load{batch}-{n}@example.org", password="!") for n in range(count)
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Load {batch}-{n} AB", slug=f"load-{batch}-{n}") for n in range(count)
    )
    OrganisationMembership.objects.bulk_create(
        OrganisationMembership(user=user, organisation=org, role=OrganisationMembership.Role.ADMIN)
        for user, org in zip(users, organisations, strict=True)
    )
    return list(zip(users, organisations, strict=True))


def register(event, user, organisation):
    return register_for_event(event=event, user=user, organisation=organisation)


def assert_seats_are_consistent(event, *, capacity: int, live: int):
    registrations = event.registrations.all()
    confirmed = registrations.confirmed()
    waitlisted = registrations.waitlisted()
    assert confirmed.count() == min(capacity, live)
    assert waitlisted.count() == live - min(capacity, live)
    positions = [r.waitlist_position for r in waitlisted.order_by("created_at", "id")]
    assert positions == list(range(1, waitlisted.count() + 1))
    # First come, first served: nobody still waiting joined before anybody who got a seat.
    if waitlisted.exists():
        last_seated = confirmed.aggregate(at=Max("created_at"))["at"]
        first_waiting = waitlisted.aggregate(at=Min("created_at"))["at"]
        assert last_seated < first_waiting
    live_registrations = registrations.live()
    assert live_registrations.values("user").distinct().count() == live_registrations.count()


def test_200_concurrent_registrations_fill_20_seats_and_queue_the_rest():
    event = EventFactory(capacity=20)
    people = representatives(200)

    results = run_concurrently(register, [(event, user, org) for user, org in people])

    assert [r for r in results if isinstance(r, Exception)] == []
    assert [r.status for r in results].count(Registration.Status.CONFIRMED) == 20
    assert_seats_are_consistent(event, capacity=20, live=200)
    assert event.registrations.waitlisted().count() == 180


def test_concurrent_registrations_cancellations_and_promotions_never_overbook():
    event = EventFactory(capacity=20)
    early = [register(event, user, org) for user, org in representatives(40)]
    newcomers = representatives(160)
    cancelled = random.Random(7).sample(early, 30)
    calls = (
        [(register, event, user, org) for user, org in newcomers]
        + [(cancel_registration, r) for r in cancelled]
        + [(promote_waitlist, event) for _ in range(10)]
    )
    random.Random(11).shuffle(calls)

    def dispatch(call, *args):
        if call is register:
            return register(*args)
        if call is cancel_registration:
            return cancel_registration(registration=args[0])
        return promote_waitlist(event=args[0])

    results = run_concurrently(dispatch, calls)

    assert [r for r in results if isinstance(r, Exception)] == []
    assert event.registrations.filter(status=Registration.Status.CANCELLED).count() == 30
    assert_seats_are_consistent(event, capacity=20, live=40 - 30 + 160)


def test_the_same_person_registering_twice_at_once_gets_one_registration():
    event = EventFactory(capacity=20)
    pairs = representatives(10)

    for user, org in pairs:
        results = run_pair_at_once(
            lambda u=user, o=org: register(event, u, o), lambda u=user, o=org: register(event, u, o)
        )
        refused = [r for r in results if isinstance(r, RegistrationRefused)]
        assert len(refused) == 1, results
    assert event.registrations.live().count() == 10


@pytest.mark.parametrize("policy", [Network.JoinPolicy.OPEN, Network.JoinPolicy.APPROVAL])
def test_two_concurrent_join_requests_end_in_one_membership(policy):
    # Repeated so that the two requests really meet inside the database more than once.
    for user, org in representatives(10):
        network = NetworkFactory(join_policy=policy)
        colleague = User.objects.create_user(f"colleague-{org.slug}@example.org")
        OrganisationMembership.objects.create(user=colleague, organisation=org)

        results = run_pair_at_once(
            lambda n=network, o=org, u=user: join_network(network=n, organisation=o, user=u),
            lambda n=network, o=org, u=colleague: join_network(network=n, organisation=o, user=u),
        )

        assert NetworkMembership.objects.filter(network=network, organisation=org).count() == 1
        refused = [r for r in results if isinstance(r, MembershipRefused)]
        joined = [r for r in results if isinstance(r, NetworkMembership)]
        assert (len(joined), len(refused)) == (1, 1), results
