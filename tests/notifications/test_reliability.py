"""Sending after commit, once, with retries, and without losing mail when the broker is down."""

import datetime
import os
import smtplib
import subprocess
import sys

import pytest
from celery.exceptions import Retry
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from events.models import Registration
from events.services import cancel_registration, register_for_event
from notifications import services
from notifications.models import Notification
from notifications.tasks import (
    send_event_reminders,
    send_notification,
    sweep_pending_notifications,
)
from tests.factories import EventFactory, RegistrationFactory, UserFactory

from .conftest import representative

pytestmark = pytest.mark.django_db


class RefusingBackend(EmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


def test_the_send_task_is_enqueued_only_when_the_transaction_commits(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    user, organisation = representative()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration = register_for_event(event=event, user=user, organisation=organisation)

    notification = Notification.objects.get(registration=registration)
    assert notification.status == Notification.Status.PENDING
    assert mail.outbox == [], "nothing may be sent before the registration is committed"
    for callback in callbacks:  # the send task, and the page cache's second invalidation
        callback()
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT


def test_a_rolled_back_registration_records_and_sends_nothing(
    django_capture_on_commit_callbacks,
):
    event = EventFactory()
    user, organisation = representative()

    def register_then_fail():
        with transaction.atomic():
            register_for_event(event=event, user=user, organisation=organisation)
            raise RuntimeError("something later in the request failed")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        register_then_fail()

    assert callbacks == []
    assert not Registration.objects.exists()
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_with_the_broker_down_registration_succeeds_and_the_sweep_sends_later(
    django_capture_on_commit_callbacks, monkeypatch, caplog
):
    event = EventFactory(title="Broker outage workshop")
    user, organisation = representative(preferred_language="en")

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    with monkeypatch.context() as patched:
        patched.setattr(send_notification, "delay", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            registration = register_for_event(event=event, user=user, organisation=organisation)

    assert Registration.objects.get(pk=registration.pk).status == Registration.Status.CONFIRMED
    notification = Notification.objects.get(registration=registration)
    assert notification.status == Notification.Status.PENDING
    assert mail.outbox == []
    assert "stays pending" in caplog.text

    # Within the grace period the sweep leaves the row to the task enqueued on commit.
    assert sweep_pending_notifications.delay().get() == 0
    assert mail.outbox == []

    later = timezone.now() + services.SWEEP_GRACE + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert sweep_pending_notifications.delay().get() == 1
    [message] = mail.outbox
    assert message.subject == "Registration confirmed: Broker outage workshop"
    notification.refresh_from_db()
    assert notification.status == Notification.Status.SENT
    assert sweep_pending_notifications.delay().get() == 0
    assert len(mail.outbox) == 1


def test_enqueueing_against_an_unreachable_redis_fails_softly_and_quickly():
    # A real broker connection (nothing listens on port 1), in a process of its own because
    # this process's Celery app is already configured.
    script = (
        "import time, django; django.setup()\n"
        "from notifications.services import enqueue_notification\n"
        "started = time.monotonic()\n"
        "print(enqueue_notification(123), round(time.monotonic() - started, 1))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cluster_portal.settings",
            "REDIS_URL": "redis://127.0.0.1:1/0",
        },
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=120,
    )
    enqueued, seconds = result.stdout.split()
    assert enqueued == "False", result.stderr
    assert float(seconds) < 10
    assert "Could not enqueue notification 123; it stays pending" in result.stderr


def test_sending_a_notification_twice_sends_one_email(django_capture_on_commit_callbacks):
    event = EventFactory()
    user, organisation = representative()
    with django_capture_on_commit_callbacks(execute=True):
        registration = register_for_event(event=event, user=user, organisation=organisation)
    notification = Notification.objects.get(registration=registration)

    assert send_notification.delay(notification.pk).get() == "nothing to do"
    assert send_notification.delay(notification.pk).get() == "nothing to do"
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.attempts == 1


def test_a_mail_server_error_is_recorded_and_retried_then_given_up(settings):
    settings.EMAIL_BACKEND = "tests.notifications.test_reliability.RefusingBackend"
    registration = RegistrationFactory(user=UserFactory())
    notification = services.notify_registration_confirmed(registration=registration)

    with pytest.raises(smtplib.SMTPServerDisconnected):
        services.deliver_notification(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.PENDING
    assert notification.attempts == 1
    assert "SMTPServerDisconnected" in notification.last_error

    # The task asks Celery to retry (with backoff) instead of failing.
    with pytest.raises(Retry):
        send_notification.apply(args=[notification.pk])
    assert send_notification.autoretry_for == (smtplib.SMTPException, OSError)
    assert send_notification.retry_backoff
    assert send_notification.time_limit
    assert send_notification.soft_time_limit

    Notification.objects.filter(pk=notification.pk).update(attempts=services.MAX_ATTEMPTS - 1)
    services.deliver_notification(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.status == Notification.Status.FAILED
    assert mail.outbox == []
    assert (
        services.sweep_pending_notifications(now=timezone.now() + datetime.timedelta(days=1)) == 0
    )


def test_reminders_go_out_once_per_registration_even_if_the_schedule_fires_twice(
    django_capture_on_commit_callbacks,
):
    tomorrow = EventFactory(
        title="Tomorrow's workshop", starts_at=timezone.now() + datetime.timedelta(hours=20)
    )
    next_week = EventFactory(starts_at=timezone.now() + datetime.timedelta(days=7))
    english = UserFactory(preferred_language="en")
    RegistrationFactory(event=tomorrow, user=english)
    RegistrationFactory(event=tomorrow)
    RegistrationFactory(event=tomorrow, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=tomorrow, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=next_week)

    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders.delay().get() == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders.delay().get() == 0

    assert len(mail.outbox) == 2
    assert Notification.objects.filter(kind="event_reminder").count() == 2
    to_english = next(m for m in mail.outbox if m.to == [english.email])
    assert to_english.subject.startswith("Reminder: Tomorrow's workshop, ")
    assert "is coming up soon" in to_english.body
    assert to_english.attachments


def test_a_reminder_is_not_sent_for_a_registration_cancelled_before_it_went_out(
    django_capture_on_commit_callbacks,
):
    event = EventFactory(starts_at=timezone.now() + datetime.timedelta(hours=5))
    registration = RegistrationFactory(event=event)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [reminder] = services.record_event_reminders()
    cancel_registration(registration=registration)
    mail.outbox.clear()
    for callback in callbacks:
        callback()
    reminder.refresh_from_db()
    assert reminder.status == Notification.Status.SKIPPED
    assert mail.outbox == []


def test_a_moved_event_is_reminded_of_again(django_capture_on_commit_callbacks):
    event = EventFactory(starts_at=timezone.now() + datetime.timedelta(hours=5))
    RegistrationFactory(event=event)
    with django_capture_on_commit_callbacks(execute=True):
        services.record_event_reminders()
    event.starts_at += datetime.timedelta(hours=10)
    event.ends_at += datetime.timedelta(hours=10)
    event.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.record_event_reminders()
    assert len(mail.outbox) == 2


def test_the_admin_sends_failed_notifications_again(
    client, superuser, django_capture_on_commit_callbacks
):
    failed = services.notify_registration_confirmed(registration=RegistrationFactory())
    Notification.objects.filter(pk=failed.pk).update(
        status=Notification.Status.FAILED, attempts=services.MAX_ATTEMPTS
    )
    client.force_login(superuser)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/notifications/notification/",
            {"action": "send_again", "_selected_action": [failed.pk]},
        )

    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
