from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.seeding import DEMO_ACCOUNTS, DemoSeeder


class Command(BaseCommand):
    help = "Load the demo organisations, projects, networks, events and accounts (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though DEBUG is off (demo accounts share a public password).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo creates accounts with a public password; it runs only with DEBUG on. "
                "Use --force to seed anyway."
            )
        with transaction.atomic():
            report = DemoSeeder().run()
        if report.created:
            summary = ", ".join(f"{n} {what}" for what, n in sorted(report.created.items()))
            self.stdout.write(self.style.SUCCESS(f"Demo data created: {summary}."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {settings.DEMO_PASSWORD}):")
        for role, email in DEMO_ACCOUNTS.items():
            self.stdout.write(f"  {role:<14} {email}")
