"""`make bench`: load the key pages of a production-configured portal with wrk.

For each dataset (BENCH_SCALES, default "small,large") it makes sure the PostgreSQL database
holds the generated data and counts the queries per page in-process (bench/probe.py). Then it
serves each dataset with its own gunicorn (DEBUG off, persistent connections, cached template
loader, Redis cache) and loads every page with wrk at 2 and 16 connections, on each dataset in
turn: first with the public-page cache off, then on. A trivial view in the same server is the
ceiling. The CSV export is timed with a single streaming download, as a logged-in superuser, of
the participant list of the generated national programme project, which covers every
registration (1,000,000 on the large dataset), while the workers' memory and CPU time are
sampled; PostgreSQL's own COPY of a similar list through psycopg is its ceiling.

Results: bench/results/<timestamp>.json and .md, and bench/results/latest.md.
Environment: BENCH_SCALES, BENCH_DURATION (seconds per wrk run, default 3), BENCH_REPEATS
(runs at 16 connections, the best is kept; default 3), BENCH_WORKERS
(gunicorn workers per dataset, default 3), BENCH_PORT (first port, default 8765),
BENCH_DB_PREFIX (default cp_bench), BENCH_POSTGRES (default postgres://postgres@127.0.0.1:5432),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/8), BENCH_REGENERATE=1 (rebuild the datasets),
BENCH_CSV_URL (another CSV URL to download instead of the national programme's report),
BENCH_ONLY=csv (only the CSV export and its ceiling: no page loads, about a minute).
"""

import datetime
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
RESULTS = ROOT / "bench" / "results"

SCALES = [s.strip() for s in os.environ.get("BENCH_SCALES", "small,large").split(",") if s.strip()]
DURATION = int(os.environ.get("BENCH_DURATION", "3"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
PORT = int(os.environ.get("BENCH_PORT", "8765"))
DB_PREFIX = os.environ.get("BENCH_DB_PREFIX", "cp_bench")
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
CONNECTIONS = [2, 16]
ONLY = os.environ.get("BENCH_ONLY", "")
if ONLY not in ("", "csv"):
    sys.exit(f"BENCH_ONLY={ONLY!r}: only 'csv' is known")
EXPECTED_REGISTRATIONS = {"small": 100_000, "large": 1_000_000}
# generate_bench_data.BENCH_NATIONAL_PROJECT_SLUG (this process does not set Django up).
BENCH_NATIONAL_PROJECT_SLUG = "national-sme-programme"

# Targets from issue #8, as ratios within one run.
TARGET_UNCACHED = 0.15
TARGET_CACHED = 0.50
TARGET_FLAT = 0.70
TARGET_MAX_QUERIES = 10
TARGET_CSV_ROWS_PER_S = 100_000
TARGET_CSV_MB = 150
# bench/probe.py's name for the public API's event list (issue #17 asks for its throughput).
API_EVENT_LIST = "API event list (100 a page)"


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


def environment(scale, cache_seconds=600):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-secret-key-not-for-production-" + "x" * 20,
        "DATABASE_URL": f"{POSTGRES}/{DB_PREFIX}_{scale}",
        "DB_CONN_MAX_AGE": "600",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"bench-{scale}",
        "PUBLIC_PAGE_CACHE_SECONDS": str(cache_seconds),
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "LOG_LEVEL": "WARNING",
    }


def manage(scale, *args, debug=False):
    env = environment(scale)
    if debug:
        # generate_bench_data empties the database, so it refuses to run without DEBUG.
        env["DEBUG"] = "1"
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True)


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("installing wrk (Debian package)")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run([*sudo, "apt-get", "install", "-y", "-qq", "wrk"], check=True)


def ensure_dataset(scale):
    import psycopg

    database = f"{DB_PREFIX}_{scale}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    manage(scale, "migrate", "--no-input", "-v", "0")
    with psycopg.connect(f"{POSTGRES}/{database}") as conn:
        registrations = conn.execute("SELECT count(*) FROM events_registration").fetchone()[0]
        # Datasets generated before the national programme existed have no report covering
        # every registration.
        has_national_project = conn.execute(
            "SELECT 1 FROM projects_project WHERE slug = %s", [BENCH_NATIONAL_PROJECT_SLUG]
        ).fetchone()
    complete = registrations == EXPECTED_REGISTRATIONS[scale] and has_national_project
    if complete and not os.environ.get("BENCH_REGENERATE"):
        log(f"{scale}: dataset present ({registrations:,} registrations)")
        return None
    log(f"{scale}: generating the dataset")
    started = time.monotonic()
    manage(scale, "generate_bench_data", "--scale", scale, "--flush", debug=True)
    return round(time.monotonic() - started, 1)


def probe(scale):
    output = subprocess.run(
        [PYTHON, "-m", "bench.probe"],
        cwd=ROOT,
        env=environment(scale),
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(output.stdout)


class Server:
    """gunicorn with production settings, its workers' memory sampled on demand."""

    def __init__(self, scale, cache_seconds, port):
        self.base = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "cluster_portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--timeout",
                "300",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=environment(scale, cache_seconds),
        )
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("gunicorn did not answer /healthz")

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def worker_rss_mb(self):
        sizes = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except FileNotFoundError:
                continue
            sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
        return max(sizes, default=0.0)

    def worker_cpu_seconds(self):
        """CPU time (user and system) of all workers so far."""
        ticks = 0
        for pid in self.worker_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except FileNotFoundError:
                continue
            ticks += int(fields[11]) + int(fields[12])  # utime and stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def wait_idle(self, timeout=60):
        """Wait until the workers have used no CPU for half a second: requests wrk left queued
        when it stopped are still being served and would compete with what is measured next."""
        deadline = time.monotonic() + timeout
        used = self.worker_cpu_seconds()
        while time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.worker_cpu_seconds()
            if now - used < 0.02:
                return
            used = now

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def to_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def wrk(base, path, connections, cookie=None):
    url = base + path
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{DURATION}s"]
    command += ["--latency", "--timeout", "30s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], check=True, capture_output=True, text=True).stdout
    latencies = dict(re.findall(r"^ *(50|99)% +(\S+) *$", output, flags=re.M))
    if "50" not in latencies or "99" not in latencies:
        raise RuntimeError(f"could not read wrk's output for {url}:\n{output}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": to_ms(latencies["50"]),
        "p99_ms": to_ms(latencies["99"]),
        "errors": int(errors.group(1)) if errors else 0,
    }


def warm(base, path, cookie=None):
    """A few requests first, so every worker has its connection, templates and cache entry."""
    request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
    for _ in range(WORKERS + 1):
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()


def best(runs):
    return max(runs, key=lambda run: run["rps"])


def load(server, path, cookie=None, reference=True):
    """wrk at each connection count. At the highest count the page is loaded REPEATS times,
    each time right after the trivial view (with `reference`), and the best run of each is
    kept: the machine is shared, and the best of a few short runs is the one least disturbed."""
    warm(server.base, path, cookie)
    *lower, top = CONNECTIONS
    runs = {str(c): wrk(server.base, path, c, cookie) for c in lower}
    pages, references = [], []
    for _ in range(REPEATS):
        if reference:
            references.append(wrk(server.base, "/bench/ok", top))
        pages.append(wrk(server.base, path, top, cookie))
    runs[str(top)] = best(pages)
    if reference:
        runs["reference"] = best(references)
    return runs


def time_csv(server, url, cookie):
    """One streaming download: rows/s and the largest worker's peak RSS while it runs."""
    server.wait_idle()
    peak = server.worker_rss_mb()
    baseline = peak
    done = threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, server.worker_rss_mb())
            time.sleep(0.05)

    sampler = threading.Thread(target=sample)
    sampler.start()
    cpu_before = server.worker_cpu_seconds()
    load_before = os.getloadavg()[0]
    started = time.monotonic()
    rows = size = 0
    request = urllib.request.Request(server.base + url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=600) as response:
            while chunk := response.read(1 << 16):
                size += len(chunk)
                rows += chunk.count(b"\n")
    finally:
        done.set()
        sampler.join()
    seconds = time.monotonic() - started
    return {
        "rows": rows - 1,
        "bytes": size,
        "seconds": round(seconds, 2),
        "rows_per_s": round((rows - 1) / seconds),
        "worker_rss_before_mb": round(baseline, 1),
        "worker_peak_rss_mb": round(peak, 1),
        "worker_cpu_s": round(server.worker_cpu_seconds() - cpu_before, 2),
        "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)],
    }


def prepare(scale):
    generated_in = ensure_dataset(scale)
    log(f"{scale}: counting queries")
    return {"generated_in_s": generated_in, **probe(scale), "uncached": {}, "cached": {}}


def measure_csv(results, servers):
    for scale, server in servers.items():
        csv = results[scale]["csv"]
        if csv["url"]:
            log(f"{scale}: CSV export {csv['url']}")
            csv["measured"] = time_csv(server, csv["url"], csv["cookie"])
        results[scale]["worker_rss_mb"] = round(server.worker_rss_mb(), 1)


def measure(results):
    """Load every page, the datasets' servers side by side: each page is loaded on every
    dataset before the next page, so large/small compares runs made seconds apart."""
    if ONLY == "csv":
        servers = {scale: Server(scale, 0, PORT + index) for index, scale in enumerate(results)}
        try:
            measure_csv(results, servers)
        finally:
            for server in servers.values():
                server.stop()
        return
    for mode, cache_seconds in (("uncached", 0), ("cached", 600)):
        log(f"public-page cache {'on' if cache_seconds else 'off'}")
        servers = {
            scale: Server(scale, cache_seconds, PORT + index) for index, scale in enumerate(results)
        }
        try:
            for scale, server in servers.items():
                results[scale][mode]["trivial"] = load(server, "/bench/ok", reference=False)
            first = next(iter(results.values()))
            for name in [page["name"] for page in first["pages"]]:
                for scale, server in servers.items():
                    pages = {page["name"]: page for page in results[scale]["pages"]}
                    page = pages.get(name)
                    if not page or page.get("missing") or (mode == "cached" and not page["public"]):
                        continue
                    log(f"{scale}: {mode} {name}")
                    results[scale][mode][name] = load(server, page["path"], page["cookie"])
            if mode == "uncached":
                measure_csv(results, servers)
        finally:
            for server in servers.values():
                server.stop()


def ratio(value, reference):
    return round(value / reference, 2) if reference else None


def vs_trivial(runs):
    """Throughput at the highest connection count relative to the trivial view run beside it."""
    top = str(CONNECTIONS[-1])
    reference = runs.get("reference", runs[top])
    return runs[top]["rps"] / reference["rps"]


def verdict(ok):
    return "met" if ok else "**not met**"


def markdown(results, started_at):
    lines = [
        f"# Benchmark {started_at:%Y-%m-%d %H:%M} UTC",
        "",
        f"{os.cpu_count()} cores; gunicorn {WORKERS} sync workers; wrk {DURATION} s per run "
        f"at {' and '.join(map(str, CONNECTIONS))} connections (best of {REPEATS} at "
        f"{CONNECTIONS[-1]}); requests/s and ratios are at {CONNECTIONS[-1]} connections. "
        "Queries: per request on a cache miss (and on a hit). "
        "'vs trivial' divides by the trivial view loaded just before the page (the machine is "
        "shared, so its speed drifts during a run); 'large/small' is raw requests/s and, in "
        "brackets, the same after dividing each by its trivial-view reference.",
        "",
    ]
    top = str(CONNECTIONS[-1])
    for scale, result in results.items():
        counts = result["counts"]
        lines += [
            f"## {scale}: {counts['registrations']:,} registrations, {counts['events']:,} events, "
            f"{counts['networks']:,} networks, {counts['users']:,} users",
            "",
        ]
        if result.get("generated_in_s"):
            lines += [f"Dataset generated in {result['generated_in_s']} s.", ""]
        header = "| page | mode | queries |"
        rule = "| --- | --- | ---: |"
        for c in CONNECTIONS:
            header += f" req/s @{c} | p50 ms @{c} | p99 ms @{c} |"
            rule += " ---: | ---: | ---: |"
        header += " vs trivial | large/small |"
        rule += " ---: | ---: |"
        if result["uncached"] or result["cached"]:
            lines += [header, rule]
        pages = {page["name"]: page for page in result["pages"]}
        for mode in ("uncached", "cached"):
            for name, runs in result[mode].items():
                page = pages.get(name, {})
                queries = (
                    "0"
                    if name == "trivial"
                    else f"{page.get('queries')} ({page.get('queries_cached')})"
                    if page.get("public")
                    else str(page.get("queries"))
                )
                row = f"| {name} | {mode} | {queries} |"
                for c in CONNECTIONS:
                    run = runs[str(c)]
                    errors = f" ({run['errors']} errors)" if run["errors"] else ""
                    row += f" {run['rps']:.0f}{errors} | {run['p50_ms']:.1f} |"
                    row += f" {run['p99_ms']:.1f} |"
                flat = ""
                if scale == "large" and "small" in results:
                    small = results["small"][mode].get(name)
                    if small:
                        flat = (
                            f"{ratio(runs[top]['rps'], small[top]['rps']):.2f} "
                            f"({ratio(vs_trivial(runs), vs_trivial(small)):.2f})"
                        )
                row += f" {vs_trivial(runs):.2f} | {flat} |"
                lines.append(row)
        missing = [page["name"] for page in result["pages"] if page.get("missing")]
        notes = [f"{page['name']}: {page['note']}" for page in result["pages"] if page["note"]]
        lines += [""]
        if missing:
            lines += [f"Missing on this branch: {', '.join(missing)}.", ""]
        if notes:
            lines += ["Notes: " + "; ".join(notes) + ".", ""]
        ceiling = result["copy_ceiling"]
        lines += [
            f"CSV ceiling (PostgreSQL COPY of the participant list through psycopg): "
            f"{ceiling['rows']:,} rows in {ceiling['seconds']} s = "
            f"{ceiling['rows_per_s']:,} rows/s.",
            "",
        ]
        csv = result["csv"]
        if csv.get("measured"):
            m = csv["measured"]
            lines += [
                f"CSV export {csv['url']} ({csv['note']}):",
                "",
                "| CSV | rows | seconds | rows/s | vs ceiling | worker peak RSS MB "
                "| worker CPU s | load average |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
                f"| PostgreSQL COPY (ceiling) | {ceiling['rows']:,} | {ceiling['seconds']} "
                f"| {ceiling['rows_per_s']:,} | 1.00 | | | |",
                f"| portal (gunicorn) | {m['rows']:,} | {m['seconds']} | {m['rows_per_s']:,} "
                f"| {ratio(m['rows_per_s'], ceiling['rows_per_s']):.2f} "
                f"| {m['worker_peak_rss_mb']} (before: {m['worker_rss_before_mb']}) "
                f"| {m.get('worker_cpu_s', '')} "
                f"| {' → '.join(map(str, m.get('load_average', [])))} |",
                "",
            ]
        else:
            lines += [f"CSV export: not measured ({csv['note']}).", ""]
    lines += targets(results)
    return "\n".join(lines) + "\n"


def targets(results):
    lines = ["## Targets", ""]
    for scale, result in results.items():
        queries = [p["queries"] for p in result["pages"] if not p.get("missing")]
        if queries:
            lines.append(
                f"- {scale}: most queries on a page {max(queries)} "
                f"(target ≤ {TARGET_MAX_QUERIES}): {verdict(max(queries) <= TARGET_MAX_QUERIES)}"
            )
        for mode, target in (("uncached", TARGET_UNCACHED), ("cached", TARGET_CACHED)):
            worst = min(
                (
                    (vs_trivial(runs), name)
                    for name, runs in result[mode].items()
                    if name != "trivial"
                ),
                default=None,
            )
            if worst:
                lines.append(
                    f"- {scale}, {mode}: lowest ratio to the trivial view {worst[0]:.2f} "
                    f"({worst[1]}; target ≥ {target}): {verdict(worst[0] >= target)}"
                )
        me_pages = sorted(
            (page["me_registrations"], page["name"])
            for page in result["pages"]
            if page.get("me_registrations") and not page.get("missing")
        )
        if len(me_pages) == 2 and result["uncached"]:
            (few, few_name), (many, many_name) = me_pages
            value = vs_trivial(result["uncached"][many_name]) / vs_trivial(
                result["uncached"][few_name]
            )
            lines.append(
                f"- {scale}: /me/ with {many} registrations against {few}: {value:.2f} of the "
                f"throughput (target ≥ {TARGET_FLAT}): {verdict(value >= TARGET_FLAT)}"
            )
        measured = result["csv"].get("measured")
        if measured:
            ok = (
                measured["rows_per_s"] >= TARGET_CSV_ROWS_PER_S
                and measured["worker_peak_rss_mb"] < TARGET_CSV_MB
            )
            lines.append(
                f"- {scale}: CSV {measured['rows_per_s']:,} rows/s, peak "
                f"{measured['worker_peak_rss_mb']} MB (targets ≥ {TARGET_CSV_ROWS_PER_S:,} rows/s, "
                f"< {TARGET_CSV_MB} MB): {verdict(ok)}"
            )
    if "small" in results and "large" in results:
        worst = None
        for mode in ("uncached", "cached"):
            for name, runs in results["large"][mode].items():
                small = results["small"][mode].get(name)
                if small and name != "trivial":
                    value = vs_trivial(runs) / vs_trivial(small)
                    if worst is None or value < worst[0]:
                        worst = (value, f"{name}, {mode}")
        api = results["large"]["uncached"].get(API_EVENT_LIST)
        api_small = results["small"]["uncached"].get(API_EVENT_LIST)
        if api and api_small:
            value = vs_trivial(api) / vs_trivial(api_small)
            lines.append(
                f"- {API_EVENT_LIST}: large/small throughput {value:.2f}, "
                f"{api[str(CONNECTIONS[-1])]['rps']:.0f} against "
                f"{api_small[str(CONNECTIONS[-1])]['rps']:.0f} req/s at {CONNECTIONS[-1]} "
                f"connections (issue #17 target ≥ {TARGET_FLAT}): {verdict(value >= TARGET_FLAT)}"
            )
        if worst:
            lines.append(
                f"- flat cost: lowest large/small throughput (each relative to the trivial view "
                f"run beside it) {worst[0]:.2f} ({worst[1]}; "
                f"target ≥ {TARGET_FLAT}): {verdict(worst[0] >= TARGET_FLAT)}"
            )
    return [*lines, ""]


def measure_in_own_database(name: str, module: str, what: str, *, fails_with_a_report=False):
    """Run a bench module (bench/<module>.py) against a database of its own, so that the
    generated datasets keep their exact size, and return what it prints. A module that judges
    its own target exits 1 with its report when the target is missed (`fails_with_a_report`)."""
    import psycopg

    database = f"{DB_PREFIX}_{name}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{database}"')
    env = {
        **environment(SCALES[0], cache_seconds=0),
        "DJANGO_SETTINGS_MODULE": "cluster_portal.settings",
        "DATABASE_URL": f"{POSTGRES}/{database}",
    }
    log(what)
    done = subprocess.run(
        [PYTHON, "-m", f"bench.{module}"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0 and not (fails_with_a_report and done.returncode == 1):
        sys.stderr.write(done.stderr)
        done.check_returncode()
    return done.stdout


# Measured each in a database of its own, the module named as its database:
# (heading in the report, module, log line, whether the module exits 1 with a report).
OWN_DATABASE_BENCHES = [
    ("Door check-in (issue #15: under 100 ms)", "check_in", "door check-in page", False),
    (
        "A message to 5,000 participants queued (issue #15: under 10 s)",
        "organiser_messages",
        "message to 5,000 participants",
        True,
    ),
    ("Search in Swedish and English, 100,000 events (issue #14)", "search", "search", False),
]


def registration_rush() -> str:
    """The page cache's hit rate during a registration rush (bench/registration_rush.py)."""
    log("registration rush")
    output = subprocess.run(
        [sys.executable, "-m", "bench.registration_rush"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rush = json.loads(output.strip().splitlines()[-1])
    return (
        "\n## Page cache during a registration rush\n\n"
        f"{rush['registrations']} registrations for one event, {rush['views_per_registration']} "
        f"anonymous page loads between two: {rush['hit_rate_percent']} % served from the cache "
        f"({rush['hit_rate_percent_if_every_registration_invalidated_everything']} % if every "
        "registration invalidated every page).\n"
    )


def main():
    ensure_wrk()
    started_at = datetime.datetime.now(datetime.UTC)
    began = time.monotonic()
    manage(SCALES[0], "collectstatic", "--no-input", "-v", "0")
    results = {scale: prepare(scale) for scale in SCALES}
    measure(results)
    report = markdown(results, started_at) + registration_rush()
    if not ONLY:
        for heading, module, what, reports_failure in OWN_DATABASE_BENCHES:
            output = measure_in_own_database(
                module, module, what, fails_with_a_report=reports_failure
            )
            report += f"\n## {heading}\n\n```\n{output}```\n"
    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / started_at.strftime("%Y%m%d-%H%M%S")
    for result in results.values():
        result["csv"].pop("cookie", None)
        for page in result["pages"]:
            page.pop("cookie", None)
    stem.with_suffix(".json").write_text(json.dumps(results, indent=2))
    stem.with_suffix(".md").write_text(report)
    (RESULTS / "latest.md").write_text(report)
    print(report)
    log(f"done in {time.monotonic() - began:.0f} s; results in {stem}.json and .md")


if __name__ == "__main__":
    sys.exit(main())
