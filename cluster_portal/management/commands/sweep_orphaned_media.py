from django.core.management.base import BaseCommand

from cluster_portal import media


class Command(BaseCommand):
    help = "Delete media files that no record points at (older than a day)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="List the files without deleting them."
        )

    def handle(self, *args, dry_run=False, **options):
        orphans = media.sweep_orphaned_media(dry_run=dry_run)
        for name in orphans:
            self.stdout.write(name)
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(orphans)} orphaned media files."))
