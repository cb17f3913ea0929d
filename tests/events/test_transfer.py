"""A registration passes to a colleague of the same organisation before the event."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from companies.models import OrganisationMembership
from events.models import CheckInLog, Registration
from events.services import RegistrationRefused, record_answers, transfer_registration
from notifications.models import Notification
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    RegistrationFactory,
    RegistrationQuestionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def member_of(organisation, role=OrganisationMembership.Role.MEMBER):
    return OrganisationMembershipFactory(organisation=organisation, role=role).user


@pytest.fixture
def company():
    return OrganisationFactory(name="Demo AB")


@pytest.fixture
def registration(company):
    return RegistrationFactory(
        event=EventFactory(capacity=1), user=member_of(company), organisation=company
    )


def test_the_seat_moves_to_the_colleague_and_the_history_says_so(registration, company):
    before = registration.user
    colleague = member_of(company)
    transfer_registration(registration=registration, to_user=colleague, by=before)
    registration.refresh_from_db()
    assert registration.user == colleague
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.event.registrations.live().count() == 1
    log = CheckInLog.objects.get(registration=registration)
    assert log.action == CheckInLog.Action.TRANSFERRED
    assert (log.transferred_from, log.transferred_to, log.recorded_by) == (
        before,
        colleague,
        before,
    )
    kinds = dict(
        Notification.objects.filter(registration=registration).values_list("recipient", "kind")
    )
    assert kinds == {
        colleague.pk: Notification.Kind.REGISTRATION_TRANSFERRED,
        before.pk: Notification.Kind.REGISTRATION_TRANSFERRED_AWAY,
    }


def test_the_previous_holders_answers_do_not_pass_to_the_colleague(registration, company):
    question = RegistrationQuestionFactory(event=registration.event, text_en="Dietary needs")
    record_answers(registration=registration, answers={question: "No nuts"})
    before = registration.user
    transfer_registration(registration=registration, to_user=member_of(company), by=before)
    assert not registration.answers.exists()
    assert not before.registration_answers.exists()


def test_a_place_on_the_waiting_list_can_be_passed_on_too(company):
    event = EventFactory(capacity=0)
    waiting = RegistrationFactory(
        event=event, user=member_of(company), organisation=company, status="waitlisted"
    )
    colleague = member_of(company)
    transfer_registration(registration=waiting, to_user=colleague, by=waiting.user)
    waiting.refresh_from_db()
    assert (waiting.user, waiting.status) == (colleague, Registration.Status.WAITLISTED)


def test_only_to_a_colleague_of_the_same_organisation(registration):
    stranger = OrganisationMembershipFactory().user
    with pytest.raises(RegistrationRefused, match="only be passed to a colleague at Demo AB"):
        transfer_registration(registration=registration, to_user=stranger, by=registration.user)


def test_not_to_someone_already_registered(registration, company):
    colleague = member_of(company)
    RegistrationFactory(event=registration.event, user=colleague, organisation=company)
    with pytest.raises(RegistrationRefused, match="already registered"):
        transfer_registration(registration=registration, to_user=colleague, by=registration.user)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"status": "cancelled"}, "A cancelled registration cannot be transferred."),
        ({"attended": True}, "has been checked in"),
    ],
)
def test_cancelled_and_attended_registrations_stay(registration, company, change, message):
    Registration.objects.filter(pk=registration.pk).update(**change)
    registration.refresh_from_db()
    with pytest.raises(RegistrationRefused, match=message):
        transfer_registration(
            registration=registration, to_user=member_of(company), by=registration.user
        )


def test_not_once_the_event_has_started(registration, company):
    event = registration.event
    event.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    event.save()
    with pytest.raises(RegistrationRefused, match="The event has started"):
        transfer_registration(
            registration=registration, to_user=member_of(company), by=registration.user
        )


def test_the_registrant_transfers_on_the_page_by_email(committing_client, registration, company):
    colleague, before = member_of(company), registration.user
    committing_client.force_login(before)
    url = reverse("events:transfer", args=[registration.event.slug, registration.pk])
    assert committing_client.get(url).status_code == 200
    response = committing_client.post(url, {"email": colleague.email.upper()})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.user == colleague
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [colleague.email, before.email]
    )


def test_the_page_names_nobody_and_refuses_a_stranger(client, registration):
    stranger = UserFactory()
    client.force_login(registration.user)
    url = reverse("events:transfer", args=[registration.event.slug, registration.pk])
    response = client.post(url, {"email": stranger.email})
    assert response.status_code == 200
    assert "Nobody at Demo AB has that email address" in response.content.decode()
    registration.refresh_from_db()
    assert registration.user != stranger


def test_the_company_admin_may_transfer_a_colleagues_registration(client, registration, company):
    admin = member_of(company, OrganisationMembership.Role.ADMIN)
    colleague = member_of(company)
    client.force_login(admin)
    url = reverse("events:transfer", args=[registration.event.slug, registration.pk])
    response = client.post(url, {"email": colleague.email})
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.user == colleague
    assert CheckInLog.objects.get().recorded_by == admin


@pytest.mark.parametrize("who", ["member", "other_admin", "stranger"])
def test_nobody_else_may_open_the_transfer_page(client, registration, company, who):
    user = {
        "member": lambda: member_of(company),
        "other_admin": lambda: OrganisationMembershipFactory().user,
        "stranger": UserFactory,
    }[who]()
    client.force_login(user)
    url = reverse("events:transfer", args=[registration.event.slug, registration.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": user.email}).status_code == 404
