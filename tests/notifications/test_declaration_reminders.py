"""A company is asked once to confirm its SME declaration again when it is over a year old or
older than the latest closed accounts; running the schedule twice sends nothing twice."""

import datetime

import pytest
from django.core import mail

from companies.models import OrganisationMembership
from notifications.emails import build_message
from notifications.models import Notification
from notifications.services import record_declaration_reminders
from notifications.tasks import send_declaration_reminders
from tests.factories import OrganisationMembershipFactory, SizeDeclarationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale_company():
    membership = OrganisationMembershipFactory(user__preferred_language="sv")
    OrganisationMembershipFactory(
        organisation=membership.organisation, role=OrganisationMembership.Role.MEMBER
    )
    declaration = SizeDeclarationFactory(
        organisation=membership.organisation,
        declared_on=datetime.date(2024, 5, 1),
        reference_year=2023,
    )
    return declaration, membership.user


def test_the_admin_of_a_stale_declaration_is_reminded_once(stale_company):
    _declaration, admin = stale_company

    first = record_declaration_reminders(today=datetime.date(2025, 9, 1))
    second = record_declaration_reminders(today=datetime.date(2025, 9, 2))

    assert [n.recipient for n in first] == [admin]
    assert second == []
    assert Notification.objects.filter(kind=Notification.Kind.DECLARATION_REMINDER).count() == 1


def test_the_beat_task_twice_sends_one_mail(stale_company, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        send_declaration_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        send_declaration_reminders()

    assert len(mail.outbox) == 1
    assert "SME-försäkran" in mail.outbox[0].subject


def test_a_fresh_declaration_is_not_reminded_of(stale_company):
    declaration, _admin = stale_company
    SizeDeclarationFactory(
        organisation=declaration.organisation,
        declared_on=datetime.date(2025, 8, 15),
        reference_year=2024,
    )

    assert record_declaration_reminders(today=datetime.date(2025, 9, 1)) == []


def test_a_reminder_confirmed_before_it_is_sent_is_not_sent(stale_company):
    declaration, _admin = stale_company
    [notification] = record_declaration_reminders(today=datetime.date(2025, 9, 1))
    SizeDeclarationFactory(
        organisation=declaration.organisation, declared_on=datetime.date(2025, 9, 2)
    )

    assert build_message(notification) is None
