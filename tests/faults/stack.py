"""A production-shaped portal in subprocesses, for breaking its parts on purpose.

A redis-server of its own on a free port (so stopping it touches nobody else's), gunicorn,
a Celery worker (prefork, so its pool processes can be killed) and Celery beat, all on the test
database. `Browser` is a plain HTTP client with a cookie jar.
"""

from __future__ import annotations

import email
import http.cookiejar
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from email import policy
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test import Client

from tests.notifications.test_worker import worker_database_url

CSRF_TOKEN = "faultsfaultsfaultsfaultsfaults12"  # any 32 letters: the cookie and the form agree


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(condition, *, timeout: float, interval: float = 0.2, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s: {message}")


class RedisServer:
    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *(shutil.which("redis-server"), "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--dir", str(self.directory)),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10, message="redis-server did not start")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """Gone, with everything in it (no persistence): the queue is lost too."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


class Portal:
    """gunicorn, a Celery worker and beat, sharing the test database and a Redis."""

    def __init__(self, directory: Path, redis: RedisServer, **environment: str):
        self.directory = directory
        self.redis = redis
        self.mail_dir = directory / "mail"
        self.port = free_port()
        self.processes: dict[str, subprocess.Popen] = {}
        self.environment = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "STATIC_MANIFEST": "0",
            "DATABASE_URL": worker_database_url(),
            "DB_CONN_MAX_AGE": "0",
            "REDIS_URL": redis.url,
            "CACHE_KEY_PREFIX": "faults",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            "MEDIA_ROOT": str(directory / "media"),
            "SITE_URL": "https://portal.example.org",
            "LOG_LEVEL": "WARNING",
            # Sweeps, heartbeats and the verdict on a silent worker in seconds, not minutes.
            "JOB_SWEEP_SECONDS": "2",
            "REPORTS_HEARTBEAT_SECONDS": "0.25",
            "REPORTS_STALLED_SECONDS": "3",
            **environment,
        }

    def spawn(self, name: str, *arguments: str) -> subprocess.Popen:
        log = (self.directory / f"{name}.log").open("ab")
        process = subprocess.Popen(
            [sys.executable, "-m", *arguments],
            cwd=settings.BASE_DIR,
            env=self.environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed whole, with its children
        )
        self.processes[name] = process
        return process

    def start_web(self) -> None:
        self.spawn(
            "web",
            *("gunicorn", "cluster_portal.wsgi", "--bind", f"127.0.0.1:{self.port}"),
            *("--workers", "2", "--timeout", "60"),
        )

        def answers():
            try:
                return self.browser().get("/healthz")[0] == 200
            except urllib.error.URLError:  # not listening yet
                return False

        wait_for(answers, timeout=30, message=self.log("web"))

    def start_worker(self) -> None:
        self.spawn(
            "worker",
            *("celery", "--app", "cluster_portal", "worker", "--pool", "prefork"),
            *("--concurrency", "2", "--loglevel", "INFO"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        )
        wait_for(lambda: "ready." in self.log("worker"), timeout=30, message="worker not ready")

    def start_beat(self) -> None:
        self.spawn(
            "beat",
            *("celery", "--app", "cluster_portal", "beat", "--loglevel", "INFO"),
            *("--schedule", str(self.directory / "beat-schedule"), "--max-interval", "1"),
        )

    def kill_pool_processes(self) -> list[int]:
        """SIGKILL the worker's pool processes (the main process starts new ones)."""
        parent = self.processes["worker"].pid
        children = [
            int(entry.name)
            for entry in Path("/proc").iterdir()
            if entry.name.isdigit() and _parent_of(entry) == parent
        ]
        for pid in children:
            os.kill(pid, signal.SIGKILL)
        return children

    def kill(self, name: str) -> None:
        """SIGKILL a whole process and its children."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        for name in list(self.processes):
            self.kill(name)

    def log(self, name: str) -> str:
        path = self.directory / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def browser(self, user=None) -> Browser:
        return Browser(f"http://127.0.0.1:{self.port}", user=user)

    def sent_mail(self) -> list[tuple[str, str, str]]:
        """(recipient, subject, Message-ID) of every message written by the mail backend."""
        if not self.mail_dir.exists():
            return []
        sent = []
        for path in self.mail_dir.iterdir():
            # The file backend separates the messages of one connection by a line of dashes.
            for text in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if text.strip():
                    message = email.message_from_bytes(text, policy=policy.default)
                    sent.append((message["To"], message["Subject"], message["Message-ID"]))
        return sent


def _parent_of(proc_entry: Path) -> int | None:
    try:
        stat = (proc_entry / "stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


class Browser:
    """A person's browser: cookies kept, redirects not followed (their status is the answer)."""

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str, *, user=None):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self.NoRedirects
        )
        self.set_cookie(settings.CSRF_COOKIE_NAME, CSRF_TOKEN)
        if user is not None:
            # Logged in as Django's test client does it: a session row in the database.
            client = Client()
            client.force_login(user)
            self.set_cookie(settings.SESSION_COOKIE_NAME, client.cookies["sessionid"].value)
            connection.close()

    def set_cookie(self, name: str, value: str) -> None:
        self.jar.set_cookie(
            http.cookiejar.Cookie(
                0, name, value, None, False, "127.0.0.1", False, False, "/", True, False,
                None, False, None, None, {},
            )
        )  # fmt: skip

    def request(self, method: str, path: str, data: dict | None = None):
        body = None
        headers = {"X-CSRFToken": CSRF_TOKEN, "Referer": self.base + "/"}
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(
            self.base + path, data=body, method=method, headers=headers
        )
        try:
            with self.opener.open(request, timeout=60) as response:
                return (
                    response.status,
                    dict(response.headers),
                    response.read().decode(errors="replace"),
                )
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode(errors="replace")

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, data: dict):
        return self.request("POST", path, data)

    def json(self, path: str) -> dict:
        return json.loads(self.get(path)[2])
