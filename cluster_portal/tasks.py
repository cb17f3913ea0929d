import logging

from celery import shared_task

from . import media

logger = logging.getLogger(__name__)


@shared_task(soft_time_limit=600, time_limit=660)
def sweep_orphaned_media() -> int:
    deleted = media.sweep_orphaned_media()
    if deleted:
        logger.info("Deleted %s orphaned media files", len(deleted))
    return len(deleted)
