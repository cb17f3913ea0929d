"""Handing background jobs to Celery without ever failing the caller."""

import logging
import threading
import time

from celery import current_app
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

# After the broker refused a task, others are not offered to it for this long (a page that
# records 400 messages must not wait for 400 refusals), and the log says so once a minute.
BROKER_RETRY_SECONDS = 5
WARN_EVERY_SECONDS = 60


class Dispatcher:
    """Hands tasks to the broker without ever failing the caller.

    Every background job is a row in PostgreSQL first (a notification, a report export); the
    task only says "work on row N now". When the broker cannot be reached the row stays pending
    and its app's sweep (in the beat schedule, every few seconds) dispatches it once the broker
    is back, so the person gets the normal answer and nothing is lost.
    """

    def __init__(self):
        self.lock = threading.Lock()
        self.down_until = 0.0
        self.warned_at = 0.0

    def __call__(self, task_name: str, *args) -> bool:
        """Queue the task named `task_name` with `args`; False when the broker is (or was just)
        unreachable. By name, so that an app's services need not import its tasks module, which
        imports them."""
        app = current_app
        task = import_string(task_name)
        if app.conf.task_always_eager:
            # No broker: the task runs here and now, and its failure is the sweep's to retry.
            try:
                task.delay(*args)
            except Exception:
                logger.exception("%s%r failed; its row stays pending", task.name, args)
                return False
            return True
        if time.monotonic() < self.down_until:
            return False
        try:
            task.delay(*args)
        except Exception as exc:
            self.broker_down(exc)
            return False
        self.down_until = 0.0
        return True

    def broker_down(self, exc: Exception) -> None:
        now = time.monotonic()
        with self.lock:
            self.down_until = now + BROKER_RETRY_SECONDS
            warn = not self.warned_at or now - self.warned_at >= WARN_EVERY_SECONDS
            if warn:
                self.warned_at = now
        if warn:
            logger.warning(
                "Celery broker unreachable (%s: %s): jobs stay pending in the database and "
                "are dispatched by the sweeps once it is back",
                type(exc).__name__,
                exc,
            )


dispatch = Dispatcher()
