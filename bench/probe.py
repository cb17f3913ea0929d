"""In-process half of `make bench`, run once per dataset with that dataset's environment.

Finds the pages that exist on this branch and the URLs to load (filters read from each list
page's own form), makes the session cookies for logged-in pages, counts the queries per request
with CaptureQueriesContext (cache missed, then cache hit), and measures PostgreSQL's
`COPY ... TO STDOUT` as the ceiling for the CSV export. Prints one JSON document. With
BENCH_ONLY=csv it skips the pages.
"""

import json
import os
import re
import sys
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count, Q  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, Resolver404, resolve, reverse  # noqa: E402

from accounts.models import User  # noqa: E402
from bench.management.commands.generate_bench_data import (  # noqa: E402
    BENCH_ME_EMAIL,
    BENCH_NATIONAL_PROJECT_SLUG,
)
from events.models import Event, Registration  # noqa: E402
from networks.models import Network  # noqa: E402
from projects.models import Project  # noqa: E402
from web.page_cache import bump_content_version  # noqa: E402

HOST = "127.0.0.1"
ME_FEW_REGISTRATIONS = 5
BENCH_ADMIN_EMAIL = "bench-admin@bench.example.com"

# Query-string parameter names a filter form may use; the first one present on the page wins.
COUNTY_PARAMS = ["county", "counties", "county_code"]
THEME_PARAMS = ["thematic_area", "thematic_areas", "theme", "themes", "area"]
KIND_PARAMS = ["kind", "event_kind", "type"]


def session_cookie(user) -> str:
    """A logged-in session made directly in the session store, as login() would."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def client_for(cookie: str | None) -> Client:
    client = Client(HTTP_HOST=HOST)
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    return client


def select_options(html: str, name: str) -> list[str]:
    match = re.search(
        rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, flags=re.S
    )
    if not match:
        return []
    return [value for value in re.findall(r'<option[^>]*value="([^"]*)"', match.group(1)) if value]


def filter_query(html: str, wanted: list[tuple[list[str], str | None]]) -> tuple[str, list[str]]:
    """Build a query string from the list page's own filter form.

    `wanted` holds (candidate parameter names, preferred value); a value is taken from the
    select's options when the form has a select, else the preferred value is used.
    """
    names_on_page = set(re.findall(r'name="([\w-]+)"', html))
    parts, used = [], []
    for candidates, preferred in wanted:
        name = next((candidate for candidate in candidates if candidate in names_on_page), None)
        if name is None:
            continue
        options = select_options(html, name)
        value = preferred if (preferred and (not options or preferred in options)) else None
        if value is None and options:
            value = options[min(1, len(options) - 1)]
        if value:
            parts.append(f"{name}={value}")
            used.append(name)
    return "&".join(parts), used


def path_exists(path: str) -> bool:
    try:
        resolve(path.split("?")[0])
    except Resolver404:
        return False
    return True


def count_queries(client: Client, path: str) -> tuple[int, int, int, int]:
    """(status, bytes, queries on a cache miss, queries on a cache hit)."""
    bump_content_version()
    with CaptureQueriesContext(connection) as missed:
        response = client.get(path)
    with CaptureQueriesContext(connection) as hit:
        client.get(path)
    return response.status_code, len(response.content), len(missed), len(hit)


def find_csv_url() -> tuple[str | None, str]:
    """The reports CSV of the national programme, which covers every registration."""
    if os.environ.get("BENCH_CSV_URL"):
        return os.environ["BENCH_CSV_URL"], "from BENCH_CSV_URL"
    try:
        url = reverse("reports:csv")
    except NoReverseMatch:
        return None, "no reports CSV URL on this branch"
    national = Project.objects.filter(slug=BENCH_NATIONAL_PROJECT_SLUG).first()
    if national is None:
        return None, "no national programme project: regenerate the data (BENCH_REGENERATE=1)"
    return f"{url}?scope=project-{national.pk}", f"the report of {national}, as a superuser"


def copy_ceiling() -> dict:
    """PostgreSQL's own COPY of the participant list as CSV, streamed through psycopg."""
    sql = f"""
        COPY (
            SELECT e.title, e.starts_at, e.support_hours, u.first_name, u.last_name, u.email,
                   o.name, o.organisation_number, o.county_id, o.municipality, o.sector,
                   r.status, r.attended, r.checked_in_at
            FROM {Registration._meta.db_table} r
            JOIN {Event._meta.db_table} e ON e.id = r.event_id
            LEFT JOIN {User._meta.db_table} u ON u.id = r.user_id
            LEFT JOIN companies_organisation o ON o.id = r.organisation_id
            ORDER BY r.event_id, r.id
        ) TO STDOUT WITH (FORMAT csv, HEADER)
    """
    started = time.monotonic()
    size = rows = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for chunk in copy:
            size += len(chunk)
            rows += bytes(chunk).count(b"\n")
    seconds = time.monotonic() - started
    return {
        "rows": rows - 1,
        "bytes": size,
        "seconds": round(seconds, 2),
        "rows_per_s": round((rows - 1) / seconds),
    }


def key_pages(me_cookie: str) -> list[dict]:
    """The pages `make bench` loads, with the list filters read from each list page's own form:
    name, path, session cookie, whether anonymous visitors see it (cached) and a note."""
    anonymous = client_for(None)
    network = Network.objects.active().order_by("pk").first()
    event = Event.objects.published().upcoming().order_by("starts_at", "pk").first()
    project = Project.objects.visible().order_by("pk").first()

    network_list_html = anonymous.get("/networks/").content.decode()
    network_query, network_filters = filter_query(
        network_list_html, [(COUNTY_PARAMS, "AB"), (THEME_PARAMS, None)]
    )
    event_list_html = anonymous.get("/events/").content.decode()
    event_query, event_filters = filter_query(
        event_list_html, [(COUNTY_PARAMS, "AB"), (KIND_PARAMS, "workshop")]
    )

    def with_query(path, query, used):
        note = f"filtered by {', '.join(used)}" if used else "no filter form on this branch"
        return (f"{path}?{query}" if query else path), note

    pages = [
        ("home", "/", ""),
        ("network list (county, theme)", *with_query("/networks/", network_query, network_filters)),
        ("network detail", network.get_absolute_url(), ""),
        ("event list (county, kind)", *with_query("/events/", event_query, event_filters)),
        ("event detail", event.get_absolute_url(), ""),
        ("project detail (goals)", project.get_absolute_url(), ""),
        ("organisation list", "/organisations/", ""),
        ("API event list (100 a page)", "/api/v1/events/?page_size=100", "JSON"),
    ]
    pages = [
        {"name": name, "path": path, "cookie": None, "public": True, "note": note}
        for name, path, note in pages
    ]
    # /me/ for the generated person with a long history and for one with a short one: the page
    # should cost the same (issue #18).
    me = User.objects.get(email=BENCH_ME_EMAIL)
    few = (
        User.objects.filter(pk__lte=5000)
        .annotate(live=Count("registrations", filter=~Q(registrations__status="cancelled")))
        .filter(live=ME_FEW_REGISTRATIONS)
        .order_by("pk")
        .first()
    )
    for user, cookie in ((me, me_cookie), (few, few and session_cookie(few))):
        if user is None:
            continue
        live = Registration.objects.filter(user=user).live().count()
        pages.append(
            {
                "name": f"/me/ ({live} registrations)",
                "path": "/me/",
                "cookie": cookie,
                "public": False,
                "note": "",
                "me_registrations": live,
            }
        )
    return pages


def main():
    me = User.objects.get(email=BENCH_ME_EMAIL)
    admin, _ = User.objects.get_or_create(
        email=BENCH_ADMIN_EMAIL, defaults={"is_superuser": True, "is_staff": True}
    )
    admin_cookie = session_cookie(admin)
    pages = key_pages(session_cookie(me))
    if os.environ.get("BENCH_ONLY") == "csv":
        pages = []
    for page in pages:
        if not path_exists(page["path"]):
            page["missing"] = True
            page["note"] = "not on this branch"
            continue
        status, size, missed, hit = count_queries(client_for(page["cookie"]), page["path"])
        page.update(status=status, bytes=size, queries=missed, queries_cached=hit)
        if status != 200:
            page["note"] = f"answers {status}"

    csv_url, csv_note = find_csv_url()
    result = {
        "counts": {
            "events": Event.objects.count(),
            "registrations": Registration.objects.count(),
            "networks": Network.objects.count(),
            "users": User.objects.count(),
        },
        "pages": pages,
        "csv": {"url": csv_url, "note": csv_note, "cookie": admin_cookie},
        "copy_ceiling": copy_ceiling(),
    }
    json.dump(result, sys.stdout, indent=2)


if __name__ == "__main__":
    main()
