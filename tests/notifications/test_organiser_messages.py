"""Messages staff write to an event's participants or a network's members (issue #15 §3):
who gets them, in which language, who is skipped, and that nothing is queued twice."""

import datetime
import smtplib

import pytest
from django.contrib.admin.models import LogEntry
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.roles import COORDINATOR, SCIENCE_PARK_STAFF, ensure_role_groups
from companies.models import OrganisationMembership
from events.models import Registration
from notifications import services
from notifications.emails import organiser_messages_unsubscribe_token
from notifications.models import Notification, OrganiserMessage, OrganiserMessageOptOut
from tests.factories import (
    MINIMAL_PDF,
    EventFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganisationMembershipFactory,
    OrganiserMessageFactory,
    ProjectFactory,
    RegistrationFactory,
    ScienceParkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def staff_of(park):
    user = UserFactory(is_staff=True)
    user.groups.add(ensure_role_groups()[SCIENCE_PARK_STAFF])
    OrganisationMembershipFactory(
        user=user, organisation=park, role=OrganisationMembership.Role.STAFF
    )
    return user


@pytest.fixture
def park():
    return ScienceParkFactory(name="STUNS")


@pytest.fixture
def event(park):
    return EventFactory(title="Batteries day", hosts=[park], capacity=None)


def register(event, *, language="sv", **fields):
    return RegistrationFactory(event=event, user=UserFactory(preferred_language=language), **fields)


def compose_url(event):
    return reverse("admin:notifications_organisermessage_event", args=[event.pk])


MESSAGE = {
    "audience": "confirmed",
    "subject_sv": "Parkering",
    "body_sv": "Parkera på gästparkeringen.",
    "subject_en": "Parking",
    "body_en": "Please use the visitors' car park.",
}


# Recipients ------------------------------------------------------------------------------


def test_each_audience_is_its_own_part_of_the_registrations(event):
    confirmed = register(event)
    attended = register(event, attended=True)
    absent = register(event, attended=False)
    waiting = register(event, status=Registration.Status.WAITLISTED)
    register(event, status=Registration.Status.CANCELLED)
    register(EventFactory())  # another event's

    def audience(name):
        message = OrganiserMessageFactory(event=event, audience=name)
        return set(services.organiser_message_audience(message))

    assert audience("confirmed") == {confirmed.user, attended.user, absent.user}
    assert audience("waitlisted") == {waiting.user}
    assert audience("attended") == {attended.user}
    assert audience("not_attended") == {confirmed.user, absent.user}


def test_a_networks_members_are_the_people_of_its_active_member_organisations():
    network = NetworkFactory()
    member = NetworkMembershipFactory(network=network).organisation
    pending = NetworkMembershipFactory(network=network, status="pending").organisation
    person = OrganisationMembershipFactory(organisation=member).user
    OrganisationMembershipFactory(organisation=member, status="pending")
    OrganisationMembershipFactory(organisation=pending)
    message = OrganiserMessageFactory(event=None, network=network, audience="network_members")

    assert list(services.organiser_message_audience(message)) == [person]


def test_people_who_opted_out_are_skipped_and_counted(event, django_capture_on_commit_callbacks):
    staying = register(event).user
    OrganiserMessageOptOut.objects.create(user=register(event).user)
    message = OrganiserMessageFactory(event=event)

    assert services.organiser_message_counts(message) == (1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_organiser_message(message=message, sender=message.sender)

    assert (sent.recipient_count, sent.opted_out_count) == (1, 1)
    assert [m.to for m in mail.outbox] == [[staying.email]]


# Languages ---------------------------------------------------------------------------------


def test_each_recipient_gets_their_language(event, django_capture_on_commit_callbacks):
    swede = register(event, language="sv").user
    english = register(event, language="en").user
    message = OrganiserMessageFactory(event=event)

    with django_capture_on_commit_callbacks(execute=True):
        services.send_organiser_message(message=message, sender=message.sender)

    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[swede.email].subject == "Parkering vid STUNS"
    assert "Parkera på gästparkeringen." in by_address[swede.email].body
    assert "Ett meddelande från STUNS om Batteries day" in by_address[swede.email].body
    assert by_address[english.email].subject == "Parking at STUNS"
    assert "Please use the visitors&#x27; car park." in by_address[english.email].alternatives[0][0]
    assert "A message from STUNS about Batteries day" in by_address[english.email].body


def test_a_message_in_one_language_reaches_everyone_in_it(event):
    register(event, language="sv")
    message = OrganiserMessageFactory(event=event, subject_sv="", body_sv="")

    services.send_organiser_message(message=message, sender=message.sender)

    assert list(message.notifications.values_list("language", flat=True)) == ["en"]


# Queueing once -----------------------------------------------------------------------------


def test_sending_twice_queues_once(event):
    for _ in range(3):
        register(event)
    message = OrganiserMessageFactory(event=event)

    services.send_organiser_message(message=message, sender=message.sender)
    with pytest.raises(services.OrganiserMessageRefused, match="sent already"):
        services.send_organiser_message(message=message, sender=message.sender)

    assert message.notifications.count() == 3
    assert Notification.objects.count() == 3


def test_a_repeated_insert_of_the_same_recipients_is_a_no_op(event):
    register(event)
    message = OrganiserMessageFactory(event=event)
    services.send_organiser_message(message=message, sender=message.sender)
    row = message.notifications.get()
    OrganiserMessage.objects.filter(pk=message.pk).update(status="draft")

    services.send_organiser_message(message=message, sender=message.sender)

    assert list(message.notifications.all()) == [row]


def test_the_sender_is_refused_past_the_hourly_limit(event, settings):
    settings.ORGANISER_MESSAGES_PER_HOUR = 2
    register(event)
    sender = UserFactory(is_staff=True)
    for _ in range(2):
        services.send_organiser_message(
            message=OrganiserMessageFactory(event=event, sender=sender), sender=sender
        )
    third = OrganiserMessageFactory(event=event, sender=sender)

    with pytest.raises(services.OrganiserMessageRefused, match="2 messages in the last hour"):
        services.send_organiser_message(message=third, sender=sender)
    third.refresh_from_db()
    assert third.status == "draft"
    # An hour later the limit is free again.
    OrganiserMessage.objects.queued().update(
        queued_at=timezone.now() - datetime.timedelta(minutes=61)
    )
    services.send_organiser_message(message=third, sender=sender)


# The admin: write, preview, send -----------------------------------------------------------


def test_staff_write_preview_and_send_a_message_logged_in_the_events_history(
    client, park, event, django_capture_on_commit_callbacks
):
    staff = staff_of(park)
    swede = register(event, language="sv").user
    english = register(event, language="en").user
    OrganiserMessageOptOut.objects.create(user=register(event).user)
    client.force_login(staff)

    assert client.get(compose_url(event)).status_code == 200
    preview = client.post(compose_url(event), {**MESSAGE, "_preview": "1"})

    assert preview.status_code == 200
    page = preview.content.decode()
    assert "2 recipients" in page
    assert "1 person who opted out of messages from organisers is skipped" in page
    assert "Parkera på gästparkeringen." in page
    assert "Please use the visitors&#x27; car park." in page
    assert not mail.outbox
    assert not Notification.objects.exists()
    draft = OrganiserMessage.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(compose_url(event), {"draft": draft.pk, "_send": "1"})

    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:notifications_organisermessage_change", args=[draft.pk]
    )
    assert {m.to[0]: m.subject for m in mail.outbox} == {
        swede.email: "Parkering",
        english.email: "Parking",
    }
    [entry] = LogEntry.objects.filter(object_id=str(event.pk))
    assert "is on its way to 2 people" in entry.change_message
    assert "1 person who opted out" in entry.change_message
    # A second click on "Send" sends nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(compose_url(event), {"draft": draft.pk, "_send": "1"}, follow=True)
    assert "sent already" in again.content.decode()
    assert len(mail.outbox) == 2
    # The log, read-only.
    page = client.get(response["Location"]).content.decode()
    assert "Parkering" in page
    assert "Sent to the outbox" in page


def test_an_empty_message_is_refused_with_what_to_write(client, park, event):
    client.force_login(staff_of(park))

    response = client.post(
        compose_url(event), {"audience": "confirmed", "subject_sv": "Bara rubrik", "_preview": "1"}
    )

    assert response.status_code == 200
    assert "Write the text in Swedish too." in response.content.decode()
    assert 'value="Bara rubrik"' in response.content.decode()
    assert not OrganiserMessage.objects.exists()


def test_an_attachment_is_stored_once_and_sent_with_every_message(
    client, park, event, django_capture_on_commit_callbacks
):
    for _ in range(3):
        register(event)
    client.force_login(staff_of(park))
    upload = SimpleUploadedFile("programme.pdf", MINIMAL_PDF, content_type="application/pdf")
    client.post(compose_url(event), {**MESSAGE, "attachment": upload, "_preview": "1"})
    draft = OrganiserMessage.objects.get()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(compose_url(event), {"draft": draft.pk, "_send": "1"})

    assert len(mail.outbox) == 3
    for message in mail.outbox:
        [(name, content, mimetype)] = message.attachments
        assert (name, content, mimetype) == ("programme.pdf", MINIMAL_PDF, "application/pdf")
    assert draft.attachment.name.endswith("/programme.pdf")


@pytest.mark.parametrize(
    ("name", "content", "error"),
    [
        ("virus.exe", b"MZ...", "Attach a PDF, a picture"),
        ("fake.pdf", b"not a pdf", "is not the PDF its name says"),
        ("big.pdf", MINIMAL_PDF + b" " * 2048, "the largest attachment allowed is 1"),
    ],
)
def test_a_bad_attachment_is_a_clear_error_and_the_text_is_kept(
    client, park, event, settings, name, content, error
):
    settings.ORGANISER_MESSAGE_ATTACHMENT_MAX_BYTES = 1024
    client.force_login(staff_of(park))
    upload = SimpleUploadedFile(name, content)

    response = client.post(compose_url(event), {**MESSAGE, "attachment": upload, "_preview": "1"})

    assert response.status_code == 200
    assert error in response.content.decode()
    assert "Parkera på gästparkeringen." in response.content.decode()
    assert not OrganiserMessage.objects.exists()


def test_past_the_hourly_limit_the_preview_says_when_and_keeps_the_text(
    client, park, event, settings
):
    settings.ORGANISER_MESSAGES_PER_HOUR = 1
    staff = staff_of(park)
    register(event)
    OrganiserMessageFactory(event=event, sender=staff, status="queued", queued_at=timezone.now())
    client.force_login(staff)

    response = client.post(compose_url(event), {**MESSAGE, "_preview": "1"})

    page = response.content.decode()
    assert "You have sent 1 messages in the last hour" in page
    assert "Parkera på gästparkeringen." in page


def test_a_network_message_reaches_its_members_from_its_hosts(
    client, park, django_capture_on_commit_callbacks
):
    network = NetworkFactory(hosts=[park])
    member = NetworkMembershipFactory(network=network).organisation
    person = OrganisationMembershipFactory(organisation=member).user
    client.force_login(staff_of(park))
    url = reverse("admin:notifications_organisermessage_network", args=[network.pk])

    client.post(url, {**MESSAGE, "audience": "network_members", "_preview": "1"})
    draft = OrganiserMessage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"draft": draft.pk, "_send": "1"})

    assert [m.to for m in mail.outbox] == [[person.email]]
    assert LogEntry.objects.filter(object_id=str(network.pk)).exists()


def test_an_event_audience_is_refused_for_a_network(client, park):
    network = NetworkFactory(hosts=[park])
    client.force_login(staff_of(park))
    url = reverse("admin:notifications_organisermessage_network", args=[network.pk])

    response = client.post(url, {**MESSAGE, "audience": "confirmed", "_preview": "1"})

    assert "Select a valid choice" in response.content.decode()
    assert not OrganiserMessage.objects.exists()


# Who may ------------------------------------------------------------------------------------


def test_staff_of_another_organisation_get_a_404_and_send_nothing(
    client, event, django_capture_on_commit_callbacks
):
    register(event)
    own_draft = OrganiserMessageFactory(event=event)
    other = staff_of(ScienceParkFactory())
    client.force_login(other)

    assert client.get(compose_url(event)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(compose_url(event), {"draft": own_draft.pk, "_send": "1"})

    assert response.status_code == 404
    assert not mail.outbox
    url = reverse("admin:notifications_organisermessage_change", args=[own_draft.pk])
    assert client.get(url).status_code == 404


def test_a_host_cannot_send_another_senders_draft(client, park, event):
    register(event)
    someone_elses = OrganiserMessageFactory(event=event, sender=staff_of(park))
    client.force_login(staff_of(park))

    response = client.post(compose_url(event), {"draft": someone_elses.pk, "_send": "1"})

    assert response.status_code == 404
    assert not Notification.objects.exists()


def test_a_coordinator_who_reads_the_event_may_not_message_its_participants(client, event):
    project = ProjectFactory()
    event.projects.add(project)
    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(ensure_role_groups()[COORDINATOR])
    project.coordinators.add(coordinator)
    client.force_login(coordinator)

    assert client.get(compose_url(event)).status_code == 403


def test_the_event_page_links_to_the_message_form_for_its_hosts(client, park, event):
    client.force_login(staff_of(park))

    page = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()

    assert compose_url(event) in page


# Opting out --------------------------------------------------------------------------------


def test_the_unsubscribe_link_in_each_message_works_logged_out(
    client, event, django_capture_on_commit_callbacks
):
    person = register(event, language="en").user
    message = OrganiserMessageFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_organiser_message(message=message, sender=message.sender)
    [sent] = mail.outbox
    url = reverse(
        "notifications:organiser_messages_unsubscribe",
        args=[organiser_messages_unsubscribe_token(person)],
    )
    assert url in sent.body
    assert sent.extra_headers["List-Unsubscribe"].endswith(f"{url}>")

    assert client.get(url).status_code == 200
    assert not OrganiserMessageOptOut.objects.exists()  # a link checker's GET changes nothing
    response = client.post(url, follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert OrganiserMessageOptOut.objects.filter(user=person).exists()
    # The page now says so, and a reload sends nothing again.
    assert "notifications/organiser_messages_unsubscribed.html" in [
        template.name for template in response.templates
    ]
    assert client.get(url.replace(url.split("/")[-2], "forged")).status_code == 400


def test_a_message_queued_before_someone_opted_out_is_not_sent_to_them(
    event, django_capture_on_commit_callbacks
):
    person = register(event).user
    message = OrganiserMessageFactory(event=event)
    services.send_organiser_message(message=message, sender=message.sender)
    OrganiserMessageOptOut.objects.create(user=person)

    services.deliver_notification(notification_id=message.notifications.get().pk)

    assert not mail.outbox
    assert message.notifications.get().status == Notification.Status.SKIPPED


def test_the_preferences_page_turns_organiser_messages_off_and_on(client):
    person = UserFactory()
    client.force_login(person)
    url = reverse("notifications:preferences")
    assert 'id="id_organiser_messages" checked' in client.get(url).content.decode()

    client.post(url, {})
    assert OrganiserMessageOptOut.objects.filter(user=person).exists()
    client.post(url, {"organiser_messages": "on"})
    assert not OrganiserMessageOptOut.objects.exists()


def test_rows_go_to_the_broker_in_batches_and_a_refused_send_gets_its_own_retrying_task(
    event, monkeypatch
):
    for _ in range(3):
        register(event)
    message = OrganiserMessageFactory(event=event)
    services.send_organiser_message(message=message, sender=message.sender)
    monkeypatch.setattr(services, "SEND_BATCH", 2)
    dispatched = []

    def dispatch(name, *args):
        dispatched.append((name, args))
        return True

    monkeypatch.setattr(services, "dispatch", dispatch)

    assert services.enqueue_organiser_message(message_id=message.pk) == 3
    ids = list(message.notifications.order_by("id").values_list("pk", flat=True))
    assert dispatched == [
        ("notifications.tasks.send_notification_batch", (ids[:2],)),
        ("notifications.tasks.send_notification_batch", (ids[2:],)),
    ]

    dispatched.clear()
    refusing = iter([None, smtplib.SMTPServerDisconnected("busy"), None])

    def send(self, *args, **kwargs):
        error = next(refusing)
        if error:
            raise error
        return 1

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", send)
    assert services.deliver_notification_batch(notification_ids=ids) == 2
    assert dispatched == [("notifications.tasks.send_notification", (ids[1],))]
    statuses = dict(message.notifications.values_list("pk", "status"))
    assert statuses == {ids[0]: "sent", ids[1]: "pending", ids[2]: "sent"}
