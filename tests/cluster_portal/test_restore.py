"""README's restore steps, followed literally: pg_dump, life goes on, pg_restore, after_restore.

A restored database must not be contradicted by pages cached after the backup was taken, and
messages that were pending in the backup but sent since must not go out a second time.
"""

import datetime
import os
import subprocess

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from notifications.models import Notification
from notifications.services import SWEEP_GRACE, sweep_pending_notifications
from tests.conftest import requires_postgres
from tests.factories import EventFactory, OrganisationMembershipFactory, UserFactory

pytestmark = [pytest.mark.postgres, requires_postgres]


def postgres(command: str, *args: str) -> None:
    """Run pg_dump or pg_restore against the test database, as README's steps do."""
    db = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": db["PASSWORD"] or ""}
    where = ["-h", db["HOST"] or "127.0.0.1", "-p", str(db["PORT"] or 5432), "-U", db["USER"]]
    subprocess.run([command, *where, *args], check=True, env=env, capture_output=True)


def after_the_grace():
    return timezone.now() + SWEEP_GRACE + datetime.timedelta(seconds=1)


def register(client, event):
    membership = OrganisationMembershipFactory(user=UserFactory(preferred_language="en"))
    client.force_login(membership.user)
    response = client.post(
        f"/en/events/{event.slug}/register/", {"organisation": membership.organisation.pk}
    )
    assert response.status_code == 302
    client.logout()


@pytest.mark.django_db(transaction=True)
def test_a_restore_shows_the_restored_seats_and_sends_nothing_twice(
    client, settings, tmp_path, counties, monkeypatch
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    event = EventFactory(title="Restore drill", capacity=20)
    page = f"/en/events/{event.slug}/"

    # Before the backup: one registration whose confirmation is still pending (broker down).
    with monkeypatch.context() as broker_down:
        broker_down.setattr("notifications.services.dispatch", lambda *args: False)
        register(client, event)
    [pending] = Notification.objects.all()
    assert pending.status == Notification.Status.PENDING
    assert "19 seats left" in client.get(page).content.decode()

    dump = tmp_path / "cluster_portal.dump"
    postgres("pg_dump", "-Fc", "-f", str(dump), connection.settings_dict["NAME"])

    # After the backup: the pending confirmation goes out, someone else registers, and the
    # page is cached with the new seat count.
    assert sweep_pending_notifications(now=after_the_grace()) == 1
    pending.refresh_from_db()
    assert pending.status == Notification.Status.SENT
    register(client, event)
    assert "18 seats left" in client.get(page).content.decode()
    assert client.get(page)["X-Page-Cache"] == "hit"
    sent_before_restore = len(mail.outbox)
    assert sent_before_restore == 2

    # README's restore, then README's after_restore step.
    connection.close()
    postgres(
        "pg_restore",
        *("-d", connection.settings_dict["NAME"], "--clean", "--if-exists", "--no-owner"),
        str(dump),
    )
    call_command("after_restore")

    response = client.get(page)
    assert response["X-Page-Cache"] == "miss"
    assert "19 seats left" in response.content.decode()
    # The confirmation pending in the backup was sent meanwhile: it is held, not sent again.
    pending.refresh_from_db()
    assert pending.status == Notification.Status.HELD
    assert sweep_pending_notifications(now=after_the_grace()) == 0
    assert len(mail.outbox) == sent_before_restore
