"""Sending a message locks only its own row (issue 19 §3)."""

import psycopg
import pytest
from django.core import mail
from django.db import connection

from notifications.models import Notification
from notifications.services import deliver_notification
from tests.conftest import requires_postgres
from tests.factories import NotificationFactory

pytestmark = [pytest.mark.postgres, requires_postgres]


@pytest.mark.django_db(transaction=True)
def test_a_message_is_sent_while_the_recipients_user_row_is_locked(counties):
    """A second send to the same person at the same moment (or anything else holding their user
    row) must not make this send find "nothing to do" and wait for the sweep."""
    notification = NotificationFactory()
    db = connection.settings_dict
    with (
        psycopg.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            dbname=db["NAME"],
        ) as other,
        other.transaction(),
    ):
        other.execute(
            "SELECT id FROM accounts_user WHERE id = %s FOR UPDATE", [notification.recipient_id]
        )
        sent = deliver_notification(notification_id=notification.pk)
    assert sent is not None
    assert sent.status == Notification.Status.SENT
    assert len(mail.outbox) == 1
