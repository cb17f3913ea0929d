"""Each database constraint rejects what it should: the last line of defence."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from events.models import Registration
from networks.models import NetworkMembership
from tests.factories import (
    EventFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def rejected(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_slugs_are_unique():
    event = EventFactory()
    rejected(lambda: EventFactory(slug=event.slug))
    network = NetworkFactory()
    rejected(lambda: NetworkFactory(slug=network.slug))
    organisation = OrganisationFactory()
    rejected(lambda: OrganisationFactory(slug=organisation.slug))
    project = ProjectFactory()
    rejected(lambda: ProjectFactory(slug=project.slug))


def test_event_cannot_end_before_it_starts():
    start = timezone.now() + datetime.timedelta(days=3)
    rejected(lambda: EventFactory(starts_at=start, ends_at=start - datetime.timedelta(minutes=1)))


def test_event_capacity_cannot_be_negative():
    rejected(lambda: EventFactory(capacity=-1))


def test_registration_window_cannot_close_before_it_opens():
    now = timezone.now()
    rejected(
        lambda: EventFactory(
            registration_opens_at=now, registration_closes_at=now - datetime.timedelta(hours=1)
        )
    )


def test_project_cannot_end_before_it_starts():
    rejected(
        lambda: ProjectFactory(
            starts_on=datetime.date(2026, 1, 1), ends_on=datetime.date(2025, 12, 31)
        )
    )


def test_one_live_registration_per_user_and_event():
    registration = RegistrationFactory()
    rejected(lambda: RegistrationFactory(event=registration.event, user=registration.user))
    # A cancelled registration does not block registering again.
    registration.status = Registration.Status.CANCELLED
    registration.save()
    RegistrationFactory(event=registration.event, user=registration.user)


def test_attendance_only_for_confirmed_registrations():
    rejected(lambda: RegistrationFactory(status=Registration.Status.WAITLISTED, attended=True))


def test_one_membership_per_organisation_and_network():
    membership = NetworkMembershipFactory()
    rejected(
        lambda: NetworkMembershipFactory(
            network=membership.network,
            organisation=membership.organisation,
            status=NetworkMembership.Status.LEFT,
        )
    )


def test_organisation_number_is_unique_when_present():
    OrganisationFactory(organisation_number="5560360793")
    rejected(lambda: OrganisationFactory(organisation_number="5560360793"))
    OrganisationFactory(organisation_number="")
    OrganisationFactory(organisation_number="")


def test_email_is_unique_login():
    user = UserFactory()
    rejected(lambda: UserFactory(email=user.email))
