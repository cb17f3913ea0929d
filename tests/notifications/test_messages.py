"""Each message: what triggers it, who gets it, in which language, and what it says."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from companies.models import OrganisationMembership
from events.services import (
    announce_event_change,
    cancel_event,
    cancel_registration,
    promote_registration,
    register_for_event,
)
from networks.models import Network, NetworkMembership
from networks.services import decide_membership, join_network
from notifications.models import Notification
from tests.factories import (
    EventFactory,
    NetworkFactory,
    OrganisationMembershipFactory,
    ScienceParkFactory,
    UserFactory,
)

from .conftest import representative, thursday_event

pytestmark = pytest.mark.django_db


def html_of(message) -> str:
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html


def calendar_of(message) -> Calendar:
    [(filename, content, mimetype)] = [a for a in message.attachments if a[2] == "text/calendar"]
    assert filename.endswith(".ics")
    assert mimetype == "text/calendar"
    return Calendar.from_ical(content)


def test_registering_sends_a_confirmation_with_the_event_as_a_calendar_file(
    django_capture_on_commit_callbacks,
):
    event = thursday_event(title="Circular packaging workshop", venue_name="STUNS")
    user, organisation = representative(preferred_language="en", first_name="Ada")

    with django_capture_on_commit_callbacks(execute=True):
        registration = register_for_event(event=event, user=user, organisation=organisation)

    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "Registration confirmed: Circular packaging workshop"
    assert "Hello Ada" in message.body
    assert "Your seat at Circular packaging workshop is confirmed." in message.body
    assert f"on behalf of {organisation.name}" in message.body
    assert "Thursday 10 January 2030, 09:00–12:00" in message.body
    assert f"https://portal.example.org/en/events/{event.slug}/" in message.body
    assert "Circular packaging workshop" in html_of(message)
    [entry] = calendar_of(message).walk("VEVENT")
    assert str(entry["summary"]) == "Circular packaging workshop"
    assert entry.decoded("dtstart") == event.starts_at
    assert entry.decoded("dtend") == event.ends_at
    assert str(entry["uid"]) == f"event-{event.pk}@portal.example.org"
    assert "STUNS" in str(entry["location"])
    notification = Notification.objects.get(registration=registration)
    assert notification.kind == Notification.Kind.REGISTRATION_CONFIRMED
    assert notification.status == Notification.Status.SENT
    assert notification.attempts == 1
    assert notification.sent_at is not None


def test_registering_for_a_full_event_tells_the_place_on_the_waiting_list(
    django_capture_on_commit_callbacks,
):
    event = thursday_event(capacity=1, title="Full seminar")
    people = [representative(preferred_language="en") for _ in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        for user, organisation in people:
            register_for_event(event=event, user=user, organisation=organisation)

    first, second, third = mail.outbox
    assert first.subject == "Registration confirmed: Full seminar"
    assert second.subject == "On the waiting list: Full seminar"
    assert "Your place in the queue: 1." in second.body
    assert third.to == [people[2][0].email]
    assert "Your place in the queue: 2." in third.body
    assert not second.attachments, "no calendar file without a seat"


def test_a_cancelled_seat_goes_to_the_first_waiting_who_is_told_so(
    django_capture_on_commit_callbacks,
):
    event = thursday_event(capacity=1, title="Matchmaking day")
    (holder, holder_org), (waiting, waiting_org) = (
        representative(preferred_language="en") for _ in range(2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        seat = register_for_event(event=event, user=holder, organisation=holder_org)
        register_for_event(event=event, user=waiting, organisation=waiting_org)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_registration(registration=seat)

    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {holder.email, waiting.email}
    assert by_recipient[holder.email].subject == "Registration cancelled: Matchmaking day"
    promoted = by_recipient[waiting.email]
    assert promoted.subject == "You have a seat: Matchmaking day"
    assert "it is yours" in promoted.body
    assert calendar_of(promoted).walk("VEVENT")


def test_staff_promoting_someone_ahead_of_the_queue_emails_them(
    django_capture_on_commit_callbacks,
):
    event = thursday_event(capacity=1)
    (u1, o1), (u2, o2), (u3, o3) = (representative(preferred_language="en") for _ in range(3))
    register_for_event(event=event, user=u1, organisation=o1)
    register_for_event(event=event, user=u2, organisation=o2)
    third = register_for_event(event=event, user=u3, organisation=o3)
    event.capacity = 2
    event.save()

    with django_capture_on_commit_callbacks(execute=True):
        promote_registration(registration=third)

    [message] = mail.outbox
    assert message.to == [u3.email]
    assert message.subject.startswith("You have a seat")
    assert Notification.objects.get(kind="promoted").recipient == u3


def test_cancelling_an_event_tells_everyone_registered_or_waiting(
    django_capture_on_commit_callbacks,
):
    event = thursday_event(capacity=1, title="Hydrogen forum")
    confirmed, waiting, cancelled = (representative(preferred_language="en") for _ in range(3))
    register_for_event(event=event, user=confirmed[0], organisation=confirmed[1])
    register_for_event(event=event, user=waiting[0], organisation=waiting[1])
    gone = register_for_event(event=event, user=cancelled[0], organisation=cancelled[1])
    cancel_registration(registration=gone)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        cancel_event(event=event)
        cancel_event(event=event)

    assert sorted(m.to[0] for m in mail.outbox) == sorted([confirmed[0].email, waiting[0].email])
    assert {m.subject for m in mail.outbox} == {"Cancelled: Hydrogen forum"}
    assert "is cancelled" in mail.outbox[0].body


def test_a_changed_time_is_announced_once_per_change_to_registered_and_waiting(
    django_capture_on_commit_callbacks,
):
    event = thursday_event(capacity=1, title="Energy lab")
    (u1, o1), (u2, o2) = (representative(preferred_language="en") for _ in range(2))
    register_for_event(event=event, user=u1, organisation=o1)
    register_for_event(event=event, user=u2, organisation=o2)
    mail.outbox.clear()
    event.starts_at += datetime.timedelta(days=1)
    event.ends_at += datetime.timedelta(days=1)
    event.save()

    with django_capture_on_commit_callbacks(execute=True):
        announce_event_change(event=event, changed_fields=["starts_at", "ends_at"])
        announce_event_change(event=event, changed_fields=["starts_at", "ends_at"])

    assert sorted(m.to[0] for m in mail.outbox) == sorted([u1.email, u2.email])
    message = next(m for m in mail.outbox if m.to == [u1.email])
    assert message.subject == "New time or place: Energy lab"
    assert "What changed: starts at, ends at" in message.body
    assert "Friday 11 January 2030, 09:00–12:00" in message.body
    assert calendar_of(message).walk("VEVENT")
    waiting_message = next(m for m in mail.outbox if m.to == [u2.email])
    assert not waiting_message.attachments

    mail.outbox.clear()
    event.venue_name = "Uppsala Science Park"
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        announce_event_change(event=event, changed_fields=["venue_name"])
    assert len(mail.outbox) == 2
    assert "Uppsala Science Park" in mail.outbox[0].body


def test_no_change_means_no_announcement(django_capture_on_commit_callbacks):
    event = thursday_event()
    user, organisation = representative()
    register_for_event(event=event, user=user, organisation=organisation)
    with django_capture_on_commit_callbacks(execute=True):
        assert announce_event_change(event=event, changed_fields=[]) == []
    assert not Notification.objects.filter(kind="event_changed").exists()


def test_a_membership_request_goes_to_the_staff_of_the_hosts_only(
    django_capture_on_commit_callbacks,
):
    host, other_park = ScienceParkFactory(name="STUNS"), ScienceParkFactory()
    network = NetworkFactory(
        name="Life science network", join_policy=Network.JoinPolicy.APPROVAL, hosts=[host]
    )
    staff = OrganisationMembershipFactory(
        organisation=host,
        role=OrganisationMembership.Role.STAFF,
        user=UserFactory(preferred_language="en"),
    ).user
    OrganisationMembershipFactory(organisation=host, role=OrganisationMembership.Role.MEMBER)
    OrganisationMembershipFactory(
        organisation=host,
        role=OrganisationMembership.Role.STAFF,
        status=OrganisationMembership.Status.PENDING,
    )
    OrganisationMembershipFactory(organisation=other_park, role=OrganisationMembership.Role.STAFF)
    requester, company = representative()

    with django_capture_on_commit_callbacks(execute=True):
        join_network(
            network=network, organisation=company, user=requester, message="We make sensors."
        )

    [message] = mail.outbox
    assert message.to == [staff.email]
    assert message.subject == f"{company.name} asks to join Life science network"
    assert "We make sensors." in message.body
    assert requester.email in message.body
    assert "/admin/networks/networkmembership/?status__exact=pending" in message.body


def test_joining_an_open_network_asks_nobody(django_capture_on_commit_callbacks):
    host = ScienceParkFactory()
    OrganisationMembershipFactory(organisation=host, role=OrganisationMembership.Role.STAFF)
    network = NetworkFactory(join_policy=Network.JoinPolicy.OPEN, hosts=[host])
    requester, company = representative()
    with django_capture_on_commit_callbacks(execute=True):
        join_network(network=network, organisation=company, user=requester)
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("approve", "subject", "phrase"),
    [
        (True, "Welcome to Climate network", "is now a member of Climate network"),
        (False, "Your request to join Climate network", "have declined the request"),
    ],
)
def test_the_decision_on_a_membership_request_goes_to_the_requester(
    django_capture_on_commit_callbacks, approve, subject, phrase
):
    network = NetworkFactory(name="Climate network", join_policy=Network.JoinPolicy.APPROVAL)
    requester, company = representative(preferred_language="en")
    membership = join_network(network=network, organisation=company, user=requester)
    decider = UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        decide_membership(membership=membership, approve=approve, decided_by=decider)

    [message] = mail.outbox
    assert message.to == [requester.email]
    assert message.subject == subject
    assert phrase in message.body
    assert company.name in message.body
    membership.refresh_from_db()
    assert membership.status == (
        NetworkMembership.Status.ACTIVE if approve else NetworkMembership.Status.REJECTED
    )


def test_each_recipient_gets_the_message_in_their_own_language(
    django_capture_on_commit_callbacks,
):
    event = thursday_event(title="Workshop")
    swedish, swedish_org = representative(preferred_language="sv")
    english, english_org = representative(preferred_language="en")

    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=event, user=swedish, organisation=swedish_org)
        register_for_event(event=event, user=english, organisation=english_org)

    to_swedish, to_english = mail.outbox
    assert to_swedish.to == [swedish.email]
    assert to_swedish.subject == "Anmälan bekräftad: Workshop"
    assert "Din plats på Workshop är bekräftad." in to_swedish.body
    assert "Evenemanget är bifogat som kalenderfil." in html_of(to_swedish)
    assert to_swedish.extra_headers["Content-Language"] == "sv"
    assert "torsdag 10 januari 2030, 09:00–12:00" in to_swedish.body
    assert f"https://portal.example.org/events/{event.slug}/" in to_swedish.body
    assert 'lang="sv"' in html_of(to_swedish)
    assert to_english.subject == "Registration confirmed: Workshop"
    assert to_english.extra_headers["Content-Language"] == "en"
    assert "Thursday 10 January 2030" in to_english.body
    assert f"https://portal.example.org/en/events/{event.slug}/" in to_english.body
    assert 'lang="en"' in html_of(to_english)


def test_html_part_escapes_what_organisers_typed(django_capture_on_commit_callbacks):
    event = EventFactory(
        title="<b>R&D</b> breakfast", starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    user, organisation = representative(preferred_language="en")
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=event, user=user, organisation=organisation)
    [message] = mail.outbox
    assert message.subject == "Registration confirmed: <b>R&D</b> breakfast"
    assert "<b>R&D</b> breakfast is confirmed" in message.body
    assert "&lt;b&gt;R&amp;D&lt;/b&gt; breakfast" in html_of(message)
    assert "<b>R&D</b>" not in html_of(message)


def test_asking_again_after_a_rejection_tells_the_hosts_again(
    django_capture_on_commit_callbacks,
):
    host = ScienceParkFactory()
    OrganisationMembershipFactory(organisation=host, role=OrganisationMembership.Role.STAFF)
    network = NetworkFactory(join_policy=Network.JoinPolicy.APPROVAL, hosts=[host])
    requester, company = representative()
    with django_capture_on_commit_callbacks(execute=True):
        membership = join_network(network=network, organisation=company, user=requester)
        decide_membership(membership=membership, approve=False, decided_by=UserFactory())
        join_network(network=network, organisation=company, user=requester)

    requests = Notification.objects.filter(kind="membership_requested")
    assert requests.count() == 2
    assert [m.to for m in mail.outbox] == [
        [requests[0].recipient.email],
        [requester.email],
        [requests[0].recipient.email],
    ]
