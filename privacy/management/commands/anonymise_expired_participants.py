from django.conf import settings
from django.core.management.base import BaseCommand

from privacy.services import anonymise_expired_participant_data


class Command(BaseCommand):
    help = (
        "Anonymise the participants of events whose projects all ended more than "
        "PERSONAL_DATA_RETENTION_DAYS ago (Celery beat also runs this daily)."
    )

    def handle(self, *args, **options):
        count = anonymise_expired_participant_data()
        self.stdout.write(
            f"Anonymised {count} registration(s) older than "
            f"{settings.PERSONAL_DATA_RETENTION_DAYS} days after their projects ended."
        )
