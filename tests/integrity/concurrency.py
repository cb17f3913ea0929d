"""Run many calls at once, each on its own database connection (for integrity tests).

Reusable by any test that needs real concurrency against PostgreSQL: every call runs in a
worker thread, waits for a common start signal so that the first wave really collides, and
closes its connection at the end so that the next call opens a fresh one. The pool is small
because the shared PostgreSQL allows 100 connections in all.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

from django.db import connections

# Connections open at the same moment; the calls themselves are many more.
WORKERS = int(os.environ.get("INTEGRITY_WORKERS", "16"))


def run_concurrently(
    call: Callable, argument_tuples: Iterable[tuple], *, workers: int = WORKERS
) -> list:
    """Call `call(*args)` for every tuple in parallel; return results (or raised exceptions)."""
    start = threading.Event()

    def run_one(args):
        start.wait()
        try:
            return call(*args)
        except Exception as exc:  # the caller asserts on what was raised
            return exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(run_one, args) for args in argument_tuples]
        start.set()
        return [future.result() for future in futures]


def run_pair_at_once(first: Callable, second: Callable) -> list:
    """Run two calls released by one barrier, so that both reach the database together."""
    barrier = threading.Barrier(2)
    results: list = [None, None]

    def run(index, call):
        barrier.wait()
        try:
            results[index] = call()
        except Exception as exc:
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
