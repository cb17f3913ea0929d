"""The opt-in weekly digest and its one-click unsubscribe."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events.models import Event
from notifications import services
from notifications.models import DigestSubscription, Notification
from notifications.tasks import send_weekly_digests
from tests.factories import EventFactory, NetworkFactory, ThematicAreaFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def followed():
    network = NetworkFactory(name="Food network")
    theme = ThematicAreaFactory(name="Circular economy", slug="circular-economy")
    user = UserFactory(preferred_language="en")
    subscription = DigestSubscription.objects.create(user=user, is_active=True)
    subscription.networks.add(network)
    subscription.thematic_areas.add(theme)
    return user, network, theme


def test_the_digest_lists_upcoming_events_in_followed_networks_and_themes(
    client, followed, django_capture_on_commit_callbacks
):
    user, network, theme = followed
    EventFactory(title="Network breakfast", network=network)
    themed = EventFactory(title="Reuse lab")
    themed.thematic_areas.add(theme)
    EventFactory(title="Unrelated seminar")
    EventFactory(title="Draft meeting", network=network, status=Event.Status.DRAFT)
    EventFactory(
        title="Past meeting",
        network=network,
        starts_at=timezone.now() - datetime.timedelta(days=2),
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert send_weekly_digests.delay().get() == 1

    [message] = mail.outbox
    assert message.to == [user.email]
    assert message.subject == "New events in the networks and themes you follow"
    assert "Network breakfast" in message.body
    assert "Food network" in message.body
    assert "Reuse lab" in message.body
    for absent in ("Unrelated seminar", "Draft meeting", "Past meeting"):
        assert absent not in message.body
    unsubscribe_url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url.startswith("https://portal.example.org/en/notifications/unsubscribe/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_url in message.body
    assert unsubscribe_url in message.alternatives[0][0]

    # What a mail program does for a one-click unsubscribe (RFC 8058): POST, no CSRF token.
    path = unsubscribe_url.removeprefix("https://portal.example.org")
    response = client.post(path, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not DigestSubscription.objects.get(user=user).is_active


def test_the_digest_is_opt_in(django_capture_on_commit_callbacks):
    network = NetworkFactory()
    EventFactory(network=network)
    opted_out = DigestSubscription.objects.create(user=UserFactory(), is_active=False)
    opted_out.networks.add(network)
    UserFactory()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.record_weekly_digests() == []
    assert mail.outbox == []


def test_a_week_gets_one_digest_and_the_next_only_what_is_new(
    followed, django_capture_on_commit_callbacks
):
    user, network, _theme = followed
    EventFactory(title="First meeting", network=network)
    now = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        services.record_weekly_digests(now=now)
        services.record_weekly_digests(now=now)
    assert len(mail.outbox) == 1

    next_week = now + datetime.timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.record_weekly_digests(now=next_week) == []
    EventFactory(title="Second meeting", network=network)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_weekly_digests(now=next_week)

    assert len(mail.outbox) == 2
    assert "Second meeting" in mail.outbox[1].body
    assert "First meeting" not in mail.outbox[1].body
    assert Notification.objects.filter(recipient=user, kind="digest").count() == 2


def test_a_digest_is_skipped_if_the_person_unsubscribed_before_it_went_out(
    followed, django_capture_on_commit_callbacks
):
    user, network, _theme = followed
    EventFactory(network=network)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [digest] = services.record_weekly_digests()
    DigestSubscription.objects.filter(user=user).update(is_active=False)
    for callback in callbacks:
        callback()
    digest.refresh_from_db()
    assert digest.status == Notification.Status.SKIPPED
    assert mail.outbox == []
