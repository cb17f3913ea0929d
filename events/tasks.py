"""Celery tasks of the events app: each calls a service and is safe to run twice."""

from celery import shared_task

from . import services


@shared_task(soft_time_limit=240, time_limit=300)
def expire_seat_offers() -> int:
    return services.expire_seat_offers()
