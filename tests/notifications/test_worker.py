"""End to end: a real Celery worker process, fed through Redis, sends the confirmation.

The worker is a separate process (`celery --app cluster_portal worker`), so it must see the
test database: that needs PostgreSQL (an in-memory SQLite database lives in one process only)
and a test that commits (`transaction=True`).
"""

import email
import os
import subprocess
import sys
import time
from email import policy
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from cluster_portal.celery import app as celery_app
from events.services import register_for_event
from notifications.models import Notification
from tests.conftest import on_postgres

from .conftest import representative, thursday_event

REDIS_URL = os.environ.get("REDIS_URL", "")
IN_CI = os.environ.get("CI", "").lower() == "true"

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.skipif(
        not IN_CI and not (REDIS_URL and on_postgres()),
        reason=(
            "needs Redis and PostgreSQL so that a worker process sees the test database: set "
            "REDIS_URL=redis://127.0.0.1:6379/15 and "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/cluster_portal"
        ),
    ),
]


@pytest.fixture
def celery_eager():
    # Overrides the eager default of tests/conftest.py: here tasks travel through Redis.
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    yield
    celery_app.conf.task_always_eager = before


def worker_database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(mail_dir: Path, log_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": worker_database_url(),
        "REDIS_URL": REDIS_URL,
        "DB_CONN_MAX_AGE": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "SITE_URL": "https://portal.example.org",
    }
    with log_path.open("wb") as log:
        return subprocess.Popen(
            [
                *(sys.executable, "-m", "celery", "--app", "cluster_portal", "worker"),
                *("--pool", "solo", "--loglevel", "INFO"),
                *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def stop(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_the_confirmation_through_redis(tmp_path, counties):
    assert REDIS_URL, "CI runs this test: set REDIS_URL"
    assert on_postgres(), "CI runs this test: set DATABASE_URL=postgres://..."
    celery_app.control.purge()  # messages left by earlier runs are not ours
    mail_dir, log_path = tmp_path / "mail", tmp_path / "worker.log"
    event = thursday_event(title="Worker test workshop")
    user, organisation = representative(preferred_language="en")

    worker = start_worker(mail_dir, log_path)
    try:
        registration = register_for_event(event=event, user=user, organisation=organisation)
        notification = Notification.objects.get(registration=registration)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and worker.poll() is None:
            notification.refresh_from_db()
            if notification.status != Notification.Status.PENDING:
                break
            time.sleep(0.5)
    finally:
        stop(worker)

    log = log_path.read_text(errors="replace")
    assert notification.status == Notification.Status.SENT, f"worker log:\n{log}"
    assert "notifications.tasks.send_notification" in log
    [mail_file] = mail_dir.iterdir()
    message = email.message_from_bytes(mail_file.read_bytes(), policy=policy.default)
    assert message["To"] == user.email
    assert message["Subject"] == "Registration confirmed: Worker test workshop"
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "Your seat at Worker test workshop is confirmed." in body
    # The calendar file, beside the check-in QR code image.
    [attachment] = [
        a for a in message.iter_attachments() if a.get_content_type() == "text/calendar"
    ]
    assert attachment.get_filename() == f"{event.slug}.ics"
    assert "SUMMARY:Worker test workshop" in attachment.get_content()
