"""Milliseconds per request of each page `make bench` loads, measured in-process.

Runs the pages through Django's test client (the full middleware stack, no HTTP server) with the
bench environment of one dataset and the public-page cache off, so the figures are the Python
and database cost of an uncached page without gunicorn, wrk or other load in between. Beside
the pages: the trivial view (`/bench/ok`, the ceiling) and `/bench/base`, base.html with no
content (the floor every page pays). Each page is requested 3 times to warm up, then in 5
batches; the fastest batch is kept (CPU time of this process, and wall time including the
database). Needs the dataset `make bench` generates.

    BENCH_DB_PREFIX=cp_bench .venv/bin/python -m bench.inprocess [small|large] [requests]
"""

import os
import sys
import time

import django

from bench.run import environment

SCALE = sys.argv[1] if len(sys.argv) > 1 else "small"
REQUESTS = int(sys.argv[2]) if len(sys.argv) > 2 else 30
BATCHES = 5

os.environ.update(environment(SCALE, cache_seconds=0))
django.setup()

from django.db import connection  # noqa: E402

from accounts.models import User  # noqa: E402
from bench import probe  # noqa: E402
from bench.management.commands.generate_bench_data import BENCH_ME_EMAIL  # noqa: E402


def key_pages() -> list[tuple[str, str, str | None]]:
    """(name, path, session cookie): the ceiling, the floor and the pages bench/probe.py loads."""
    me_cookie = probe.session_cookie(User.objects.get(email=BENCH_ME_EMAIL))
    return [
        ("trivial view (ceiling)", "/bench/ok", None),
        ("base.html, no content (floor)", "/bench/base", None),
        *((page["name"], page["path"], page["cookie"]) for page in probe.key_pages(me_cookie)),
    ]


def measure(client, path) -> dict:
    database = [0.0, 0]

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            database[0] += time.perf_counter() - started
            database[1] += 1

    for _ in range(3):
        response = client.get(path)
    per_batch = max(1, REQUESTS // BATCHES)
    batches = []
    with connection.execute_wrapper(timed):
        for _ in range(BATCHES):
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(per_batch):
                client.get(path)
            batches.append(
                ((time.process_time() - cpu) / per_batch, (time.perf_counter() - wall) / per_batch)
            )
    requests = per_batch * BATCHES
    return {
        "status": response.status_code,
        "cpu_ms": min(batch[0] for batch in batches) * 1000,
        "wall_ms": min(batch[1] for batch in batches) * 1000,
        "queries": database[1] / requests,
        "database_ms": database[0] / requests * 1000,
    }


def main():
    print(f"{SCALE} dataset, {REQUESTS} requests per page, public-page cache off\n")
    print("| page | status | queries | CPU ms | wall ms | of which database ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    me_cpu = {}
    for name, path, cookie in key_pages():
        if not probe.path_exists(path):
            print(f"| {name} | not on this branch | | | | |")
            continue
        result = measure(probe.client_for(cookie), path)
        if name.startswith("/me/"):
            me_cpu[name] = result["cpu_ms"]
        print(
            f"| {name} | {result['status']} | {result['queries']:.0f} "
            f"| {result['cpu_ms']:.2f} | {result['wall_ms']:.2f} | {result['database_ms']:.2f} |",
            flush=True,
        )
    if len(me_cpu) == 2:
        (long_name, long_ms), (short_name, short_ms) = sorted(
            me_cpu.items(), key=lambda item: -item[1]
        )
        print(f"\n{short_name} costs {short_ms / long_ms:.2f} of {long_name}'s CPU time.")


if __name__ == "__main__":
    main()
