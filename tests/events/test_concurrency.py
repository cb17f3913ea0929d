"""Capacity holds when many people press Register at the same moment (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from events.models import Registration
from events.services import RegistrationRefused, register_for_event
from tests.conftest import requires_postgres
from tests.factories import EventFactory, OrganisationMembershipFactory, RegistrationFactory

pytestmark = [requires_postgres, pytest.mark.postgres]


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_for_the_last_seat_never_overbook(counties):
    event = EventFactory(capacity=5)
    RegistrationFactory.create_batch(4, event=event)
    people = [OrganisationMembershipFactory() for _ in range(8)]
    start = threading.Barrier(len(people))
    statuses, errors = [], []

    def register(membership):
        try:
            start.wait(timeout=10)
            registration = register_for_event(
                event=event, user=membership.user, organisation=membership.organisation
            )
            statuses.append(registration.status)
        except Exception as exc:  # any error, a refusal included, fails the test below
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(statuses) == ["confirmed"] + ["waitlisted"] * 7
    assert event.registrations.confirmed().count() == 5
    waiting = list(event.registrations.waitlist_order())
    assert [r.waitlist_position for r in waiting] == list(range(1, 8))
    assert Registration.objects.filter(event=event).count() == 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_from_one_company_never_pass_its_limit(counties):
    event = EventFactory(capacity=50, max_per_organisation=2)
    company = OrganisationMembershipFactory().organisation
    people = [OrganisationMembershipFactory(organisation=company).user for _ in range(6)]
    start = threading.Barrier(len(people))
    registered, refused, errors = [], [], []

    def register(user):
        try:
            start.wait(timeout=10)
            register_for_event(event=event, user=user, organisation=company)
            registered.append(user)
        except RegistrationRefused as refusal:
            refused.append(refusal)
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert (len(registered), len(refused)) == (2, 4)
    assert event.registrations.live().filter(organisation=company).count() == 2
