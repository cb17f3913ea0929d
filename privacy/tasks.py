from celery import shared_task

from .services import anonymise_expired_participant_data as anonymise


@shared_task(time_limit=600, soft_time_limit=540)
def anonymise_expired_participant_data() -> int:
    """Daily retention run (CELERY_BEAT_SCHEDULE); idempotent."""
    return anonymise()
