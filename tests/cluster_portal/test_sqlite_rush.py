"""The embedded default (SQLite, `make run`) answers a registration rush: 25 people pressing
Register at the same moment all get their answer, none a 500 "database is locked"."""

import http.client
import os
import re
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client

from tests.conftest import requires_sqlite
from tests.factories import EventFactory, OrganisationMembershipFactory

pytestmark = [*requires_sqlite, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = 25


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(port: int, server: subprocess.Popen, log: Path) -> None:
    for _ in range(300):
        if server.poll() is not None:
            pytest.fail(f"the server stopped:\n{log.read_text()[-3000:]}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"the server did not start:\n{log.read_text()[-3000:]}")


def request(port, method, path, cookies, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    content = response.read().decode()
    for header in response.headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name] = rest.split(";", 1)[0]
    conn.close()
    return response.status, content


@pytest.fixture
def embedded_server(tmp_path):
    """`make run`'s server (runserver, DEBUG) on a copy of the test database in a file."""

    def start(database: Path) -> int:
        port = free_port()
        log = tmp_path / "server.log"
        env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
        env.update(DEBUG="1", DATABASE_URL=f"sqlite:///{database}", PUBLIC_PAGE_CACHE_SECONDS="0")
        with log.open("w") as output:
            server = subprocess.Popen(
                [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        servers.append(server)
        wait_until_serving(port, server, log)
        return port

    servers = []
    yield start
    for server in servers:
        server.terminate()
        server.wait(timeout=10)


def test_25_simultaneous_registrations_on_the_embedded_default_all_get_an_answer(
    counties, tmp_path, embedded_server
):
    event = EventFactory(capacity=10)
    people = [OrganisationMembershipFactory() for _ in range(PEOPLE)]
    sessions = []
    for membership in people:
        client = Client()
        client.force_login(membership.user)
        sessions.append({"sessionid": client.cookies["sessionid"].value})
    database = tmp_path / "portal.sqlite3"
    with sqlite3.connect(database) as copy:
        connection.ensure_connection()
        connection.connection.backup(copy)
    port = embedded_server(database)

    # Each person has the event page open (one after the other: runserver's listen queue is
    # short), then all press Register at the same moment.
    forms = []
    for membership, cookies in zip(people, sessions, strict=True):
        status, page = request(port, "GET", f"/en/events/{event.slug}/", cookies)
        assert status == 200
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        forms.append(f"csrfmiddlewaretoken={token}&organisation={membership.organisation.pk}")
    start = threading.Barrier(PEOPLE)
    answers = {}

    def register(index, cookies, form):
        start.wait(timeout=60)
        path = f"/en/events/{event.slug}/register/"
        for attempt in range(3):
            try:
                answers[index] = request(port, "POST", path, cookies, form)[0]
                return
            except ConnectionResetError as exc:
                # runserver's listen queue holds 10 connections; on a busy machine the kernel
                # drops the others before Django sees them, and the browser sends again.
                answers[index] = f"{exc!r} ({attempt + 1} attempts)"

    threads = [
        threading.Thread(target=register, args=(index, cookies, form))
        for index, (cookies, form) in enumerate(zip(sessions, forms, strict=True))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    log = (tmp_path / "server.log").read_text()
    assert list(answers.values()) == [302] * PEOPLE, (answers, log[-3000:])
    with sqlite3.connect(database) as copy:
        statuses = copy.execute(
            "SELECT status, count(*) FROM events_registration WHERE event_id = ? GROUP BY status",
            [event.pk],
        ).fetchall()
    assert dict(statuses) == {"confirmed": 10, "waitlisted": PEOPLE - 10}
