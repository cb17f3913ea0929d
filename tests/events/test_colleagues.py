"""Company admins register colleagues; an event may limit the places per organisation."""

import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from companies.models import OrganisationMembership
from events.models import CheckInLog, Registration
from events.services import (
    RegistrationRefused,
    register_colleague,
    register_for_event,
    register_walk_in,
)
from notifications.models import Notification
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def member_of(organisation, role=OrganisationMembership.Role.MEMBER):
    return OrganisationMembershipFactory(organisation=organisation, role=role).user


@pytest.fixture
def company():
    return OrganisationFactory(name="Demo AB")


@pytest.fixture
def admin(company):
    return member_of(company, OrganisationMembership.Role.ADMIN)


# The per-organisation limit -----------------------------------------------------------------


def test_self_registration_beyond_the_organisations_limit_is_refused(company):
    event = EventFactory(max_per_organisation=2, capacity=10)
    first, second, third = (member_of(company) for _ in range(3))
    register_for_event(event=event, user=first, organisation=company)
    register_for_event(event=event, user=second, organisation=company)
    with pytest.raises(RegistrationRefused, match="Demo AB already has 2 people registered"):
        register_for_event(event=event, user=third, organisation=company)
    # Another company is not affected.
    other = OrganisationMembershipFactory()
    register_for_event(event=event, user=other.user, organisation=other.organisation)


def test_the_waiting_list_counts_towards_the_limit_and_a_cancellation_frees_a_place(company):
    event = EventFactory(max_per_organisation=2, capacity=1)
    first, second, third = (member_of(company) for _ in range(3))
    register_for_event(event=event, user=first, organisation=company)
    waiting = register_for_event(event=event, user=second, organisation=company)
    assert waiting.status == Registration.Status.WAITLISTED
    with pytest.raises(RegistrationRefused):
        register_for_event(event=event, user=third, organisation=company)
    waiting.status = Registration.Status.CANCELLED
    waiting.save()
    assert register_for_event(event=event, user=third, organisation=company)


def test_private_persons_have_no_organisation_limit():
    event = EventFactory(max_per_organisation=1, allows_private_persons=True)
    for _ in range(3):
        register_for_event(event=event, user=UserFactory(), organisation=None)
    assert event.registrations.count() == 3


def test_a_walk_in_respects_the_organisations_limit(company):
    event = EventFactory(
        max_per_organisation=1, starts_at=timezone.now() + datetime.timedelta(minutes=10)
    )
    RegistrationFactory(event=event, organisation=company)
    with pytest.raises(RegistrationRefused, match="already has 1 person registered"):
        register_walk_in(
            event=event,
            email="walk@in.example",
            first_name="Walk",
            last_name="In",
            organisation=company,
            by=UserFactory(),
        )


# Registering a colleague ----------------------------------------------------------------------


def test_an_admin_registers_a_colleague_with_an_account(company, admin):
    event = EventFactory()
    colleague = member_of(company)
    registration = register_colleague(
        event=event, organisation=company, email=colleague.email.upper(), registered_by=admin
    )
    assert registration.user == colleague
    assert registration.organisation == company
    assert registration.status == Registration.Status.CONFIRMED
    notification = Notification.objects.get(registration=registration)
    assert notification.kind == Notification.Kind.COLLEAGUE_REGISTERED
    assert notification.recipient == colleague


def test_an_unknown_address_gets_an_account_a_membership_and_a_seat(company, admin):
    event = EventFactory(capacity=1)
    registration = register_colleague(
        event=event,
        organisation=company,
        email="new.colleague@demo.example",
        first_name="Nya",
        last_name="Kollegan",
        registered_by=admin,
    )
    user = User.objects.get(email="new.colleague@demo.example")
    assert registration.user == user
    assert not user.has_usable_password()
    assert company.is_represented_by(user)
    assert registration.status == Registration.Status.CONFIRMED
    # The seat counts against capacity at once.
    later = register_for_event(event=event, user=member_of(company), organisation=company)
    assert later.status == Registration.Status.WAITLISTED


def test_a_colleague_joins_the_waiting_list_when_the_event_is_full(company, admin):
    event = EventFactory(capacity=1)
    RegistrationFactory(event=event)
    registration = register_colleague(
        event=event, organisation=company, email="late@demo.example", registered_by=admin
    )
    assert registration.status == Registration.Status.WAITLISTED


def test_a_member_who_is_not_admin_cannot_register_colleagues(company):
    with pytest.raises(RegistrationRefused, match="Only an administrator"):
        register_colleague(
            event=EventFactory(),
            organisation=company,
            email="x@demo.example",
            registered_by=member_of(company),
        )


def test_registering_a_colleague_keeps_to_the_limit_and_refuses_doubles(company, admin):
    event = EventFactory(max_per_organisation=2)
    colleague = member_of(company)
    register_colleague(
        event=event, organisation=company, email=colleague.email, registered_by=admin
    )
    with pytest.raises(RegistrationRefused, match="already registered"):
        register_colleague(
            event=event, organisation=company, email=colleague.email, registered_by=admin
        )
    register_colleague(
        event=event, organisation=company, email="b@demo.example", registered_by=admin
    )
    with pytest.raises(RegistrationRefused, match="already has 2 people"):
        register_colleague(
            event=event, organisation=company, email="c@demo.example", registered_by=admin
        )
    assert not User.objects.filter(email="c@demo.example").exists()


def test_registering_a_colleague_follows_the_registration_window(company, admin):
    event = EventFactory(registration_closes_at=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(RegistrationRefused, match="Registration closed"):
        register_colleague(
            event=event, organisation=company, email="x@demo.example", registered_by=admin
        )


# The page -------------------------------------------------------------------------------------


def test_the_colleagues_page_registers_and_emails_an_invitation(committing_client, company, admin):
    event = EventFactory(title="Cirkulär design")
    committing_client.force_login(admin)
    url = reverse("events:colleagues", args=[event.slug])
    response = committing_client.post(
        url,
        {
            "organisation": company.pk,
            "email": "ny@demo.example",
            "first_name": "Ny",
            "last_name": "Kollega",
        },
    )
    assert response.status_code == 302
    assert event.registrations.get().user.email == "ny@demo.example"
    [message] = mail.outbox
    assert message.to == ["ny@demo.example"]
    # In the language of the admin who invited them (the account is new): Swedish here.
    assert "har anmält dig till Cirkulär design för Demo AB" in message.body
    assert "Välj ett lösenord" in message.body
    assert "/accounts/password/reset/key/" in message.body
    page = committing_client.get(url)
    assert "Ny Kollega" in page.content.decode()
    # The link lets the new colleague choose a password.
    link = re.search(r"https://localhost(/accounts/password/reset/key/\S+/)", message.body)[1]
    committing_client.logout()
    choose = committing_client.get(link, follow=True)
    assert 'name="password1"' in choose.content.decode()


def test_the_colleagues_page_says_why_a_registration_is_refused(client, company, admin):
    event = EventFactory(max_per_organisation=1)
    RegistrationFactory(event=event, organisation=company)
    client.force_login(admin)
    url = reverse("events:colleagues", args=[event.slug])
    response = client.post(url, {"organisation": company.pk, "email": "a@b.example"})
    assert response.status_code == 200
    assert "already has 1 person registered" in response.content.decode()


def test_the_colleagues_page_offers_only_the_users_own_companies(client, company, admin):
    event = EventFactory()
    other = OrganisationFactory()
    client.force_login(admin)
    url = reverse("events:colleagues", args=[event.slug])
    response = client.post(url, {"organisation": other.pk, "email": "a@b.example"})
    assert response.status_code == 200
    assert not event.registrations.exists()


def test_the_colleagues_page_lists_only_the_admins_companies(client, company, admin):
    event = EventFactory()
    RegistrationFactory(event=event, organisation=company, user=UserFactory(last_name="Egen"))
    RegistrationFactory(event=event, user=UserFactory(last_name="Främling"))
    client.force_login(admin)
    content = client.get(reverse("events:colleagues", args=[event.slug])).content.decode()
    assert "Egen" in content
    assert "Främling" not in content


def test_a_person_without_a_company_to_administer_gets_a_404(client, company):
    client.force_login(member_of(company))
    response = client.get(reverse("events:colleagues", args=[EventFactory().slug]))
    assert response.status_code == 404


def test_checkinlog_history_is_untouched_by_registering(company, admin):
    register_colleague(
        event=EventFactory(), organisation=company, email="x@demo.example", registered_by=admin
    )
    assert not CheckInLog.objects.exists()
