from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from notifications.services import hold_restored_notifications
from web.page_cache import bump_content_version


class Command(BaseCommand):
    help = (
        "Run after pg_restore, before starting the web app, worker and beat: makes every cached "
        "page stale and holds the messages that were pending in the backup (they may have been "
        "sent after it was taken) for staff to check in the admin."
    )

    def handle(self, *args, **options):
        bump_content_version()
        if getattr(cache, "degraded", False):
            raise CommandError(
                "Redis could not be reached, so cached pages could not be invalidated: start "
                "Redis and run this command again."
            )
        held = hold_restored_notifications()
        self.stdout.write("Cached pages invalidated.")
        self.stdout.write(
            f"{held} message(s) pending in the backup are held: check them in the admin "
            "(Notifications, status “Held after a restore”) and send those still due with the "
            "action “Send the selected held notifications”."
        )
