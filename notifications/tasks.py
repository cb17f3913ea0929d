"""Celery tasks: each takes ids, calls a service, and is safe to run twice."""

import logging
import smtplib

from celery import shared_task

from . import services

logger = logging.getLogger(__name__)


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=30,
    retry_backoff_max=60 * 60,
    retry_jitter=True,
    max_retries=services.MAX_ATTEMPTS - 1,
    soft_time_limit=60,
    time_limit=90,
)
def send_notification(notification_id: int) -> str:
    notification = services.deliver_notification(notification_id=notification_id)
    return notification.status if notification else "nothing to do"


@shared_task(soft_time_limit=240, time_limit=300)
def send_notification_batch(notification_ids: list[int]) -> int:
    return services.deliver_notification_batch(notification_ids=notification_ids)


@shared_task(soft_time_limit=240, time_limit=300)
def send_event_reminders() -> int:
    return len(services.record_event_reminders())


@shared_task(soft_time_limit=240, time_limit=300)
def send_declaration_reminders() -> int:
    return len(services.record_declaration_reminders())


@shared_task(soft_time_limit=240, time_limit=300)
def sweep_pending_notifications() -> int:
    count = services.sweep_pending_notifications()
    if count:
        logger.info("Enqueued %s pending notifications", count)
    return count


@shared_task(soft_time_limit=600, time_limit=660)
def send_weekly_digests() -> int:
    return len(services.record_weekly_digests())


@shared_task(soft_time_limit=600, time_limit=660)
def send_attendance_certificates() -> int:
    return len(services.record_attendance_certificates())


@shared_task(soft_time_limit=240, time_limit=300)
def enqueue_organiser_message(message_id: int) -> int:
    return services.enqueue_organiser_message(message_id=message_id)
