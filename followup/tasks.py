"""Celery tasks of the result follow-up; safe to run twice."""

from celery import shared_task

from . import services


@shared_task(soft_time_limit=600, time_limit=660)
def send_follow_up_surveys() -> int:
    return len(services.record_follow_up_surveys())
