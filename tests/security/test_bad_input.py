"""Bad input: every public form and list filter, fed random text, never answers with a 500, and a
refused submission writes nothing.

The forms are found, not listed: every page of the URL walk is fetched and its <form>s parsed.
Each form's target must be named in FORM_TARGETS (who submits it, how), so a new form fails
`test_every_form_on_the_site_is_driven` until it is fuzzed too. The fields sent are the form's
own, plus "page", repeated keys and made-up keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.test import Client
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from .url_registry import ROUTES

# Apps whose rows a refused submission must leave alone (sessions and the admin log aside).
OWN_APPS = ("accounts", "account", "companies", "networks", "events", "projects", "news",
            "notifications", "reports", "regions", "privacy")  # fmt: skip
BAD_VALUES = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\r\n\t\x0b\x0c\x1b",
    "2024-02-30",
    "0000-00-00",
    "99999-12-31",
    "2024-13-01T25:61",
    "-1",
    "0",
    "1e309",
    "-1e309",
    "NaN",
    "inf",
    "99999999999999999999999999",
    "0x1F",
    "1,5",
    "project-",
    "project-999999999",
    "project-1-1",
    "event-abc",
    "x" * 100_000,
    "\ud7ff\ue000\U0010ffff",
    "'; DROP TABLE events_event; --",
    "<script>alert(1)</script>",
    "%00",
    "../../etc/passwd",
]


class FormParser(HTMLParser):
    """The forms of a page: method, action, field names and the values offered."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._current = {
                "method": (attrs.get("method") or "get").lower(),
                "action": attrs.get("action") or "",
                "fields": {},
            }
            self.forms.append(self._current)
        elif self._current is not None and tag in ("input", "select", "textarea", "button"):
            name = attrs.get("name")
            if name and name != "csrfmiddlewaretoken":
                values = self._current["fields"].setdefault(name, [])
                if attrs.get("value"):
                    values.append(attrs["value"])
                self._last_field = name
        elif self._current is not None and tag == "option" and attrs.get("value"):
            self._current["fields"].setdefault(self._last_field, []).append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._current = None


@dataclass(frozen=True)
class FormTarget:
    """Who submits a form, and on which page (a URL name of the walk) it is found."""

    role: str
    page: str
    method: str = "get"
    # For a URL reached by links rather than by its own form: the form whose fields it reads.
    fields_of: tuple[str, str] | None = None


# Every form target on the site. The role is the one that reaches the form's logic.
FORM_TARGETS: dict[tuple[str, str], FormTarget] = {
    ("search:search", "get"): FormTarget("anonymous", "search:search"),
    ("news:list", "get"): FormTarget("anonymous", "news:list"),
    ("account_logout", "post"): FormTarget("sme_a", "home", "post"),
    ("account_login", "post"): FormTarget("anonymous", "account_login", "post"),
    ("account_signup", "post"): FormTarget("anonymous", "account_signup", "post"),
    ("account_reset_password", "post"): FormTarget("anonymous", "account_reset_password", "post"),
    ("account_change_password", "post"): FormTarget("sme_a", "account_change_password", "post"),
    ("account_email", "post"): FormTarget("sme_a", "account_email", "post"),
    ("account_reauthenticate", "post"): FormTarget("sme_a", "account_reauthenticate", "post"),
    ("notifications:preferences", "post"): FormTarget("sme_a", "notifications:preferences", "post"),
    ("notifications:unsubscribe", "post"): FormTarget(
        "anonymous", "notifications:unsubscribe", "post"
    ),
    ("reports:report", "get"): FormTarget("coordinator_a", "reports:report"),
    # Public lists and their filters.
    ("events:list", "get"): FormTarget("anonymous", "events:list"),
    ("networks:list", "get"): FormTarget("anonymous", "networks:list"),
    ("projects:list", "get"): FormTarget("anonymous", "projects:list"),
    ("companies:list", "get"): FormTarget("anonymous", "companies:list"),
    ("events:embed_builder", "get"): FormTarget("staff_a", "events:embed_builder"),
    # The SME journey.
    ("events:register", "post"): FormTarget("sme_a", "events:detail", "post"),
    # Cancelling and leaving ask first, on a page of their own.
    ("events:cancel", "post"): FormTarget("registrant", "events:cancel", "post"),
    # A company's admin registers a colleague; a registrant passes their place on.
    ("events:colleagues", "post"): FormTarget("sme_a", "events:colleagues", "post"),
    ("events:transfer", "post"): FormTarget("registrant", "events:transfer", "post"),
    # The door: search, one tap, walk-ins (A's event lies ahead, so every tap is refused).
    ("events:check_in", "get"): FormTarget("staff_a", "events:check_in"),
    ("events:check_in_record", "post"): FormTarget("staff_a", "events:check_in", "post"),
    ("events:check_in_walk_in", "post"): FormTarget("staff_a", "events:check_in_walk_in", "post"),
    ("networks:join", "post"): FormTarget("staff_a", "networks:detail", "post"),
    ("networks:leave", "post"): FormTarget("sme_a", "networks:leave", "post"),
    ("companies:create", "post"): FormTarget("sme_a", "companies:create", "post"),
    ("companies:join", "post"): FormTarget("sme_a", "companies:join", "post"),
    ("companies:edit", "post"): FormTarget("sme_a", "companies:edit", "post"),
    ("companies:decide", "post"): FormTarget("sme_a", "companies:members", "post"),
    ("me:renew_calendar", "post"): FormTarget("sme_a", "me:index", "post"),
    ("me:profile", "post"): FormTarget("sme_a", "me:profile", "post"),
    # Funders' records: the SME declaration, other de minimis aid, the follow-up survey, and
    # the ledger export's period form.
    ("companies:declaration_new", "post"): FormTarget("sme_a", "companies:declaration_new", "post"),
    ("funding:statement", "post"): FormTarget("sme_a", "funding:statement", "post"),
    ("followup:answer", "post"): FormTarget("sme_a", "followup:answer", "post"),
    ("funding:ledger", "get"): FormTarget("coordinator_a", "funding:ledger"),
    ("notifications:organiser_messages_unsubscribe", "post"): FormTarget(
        "anonymous", "notifications:organiser_messages_unsubscribe", "post"
    ),
    # Privacy: consents and deleting one's account (a wrong password must delete nothing).
    ("privacy:consents", "post"): FormTarget("sme_a", "privacy:consents", "post"),
    ("privacy:delete", "post"): FormTarget("sme_a", "privacy:delete", "post"),
    # The Excel export form shows only for big reports; the downloads are links with the
    # report form's query string.
    ("reports:export_create", "post"): FormTarget(
        "coordinator_a", "reports:report", "post", fields_of=("reports:report", "get")
    ),
    ("reports:csv", "get"): FormTarget(
        "coordinator_a", "reports:report", fields_of=("reports:report", "get")
    ),
    ("reports:xlsx", "get"): FormTarget(
        "coordinator_a", "reports:report", fields_of=("reports:report", "get")
    ),
}


BUTTON_ONLY = {
    "account_logout",
    "me:renew_calendar",
    "events:cancel",
    "notifications:unsubscribe",
    "notifications:organiser_messages_unsubscribe",
}


def client_as(world, role: str) -> Client:
    client = Client()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    return client


def page_url(world, name: str) -> str:
    route = ROUTES[name]
    url = reverse(name, kwargs=route.kwargs(world))
    return url


def page_forms(client, world, name: str) -> list[dict]:
    """The forms of a page of the walk, each with the URL name its action resolves to."""
    route = ROUTES[name]
    url = page_url(world, name)
    response = client.get(url, route.query(world) if route.query else None)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = FormParser()
    parser.feed(response.content.decode())
    for form in parser.forms:
        path = urlsplit(form["action"]).path or url
        try:
            form["target"] = resolve(path).view_name
            form["path"] = path
        except Resolver404:
            form["target"] = form["path"] = path
    return parser.forms


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for app_label in OWN_APPS
        for model in apps.get_app_config(app_label).get_models()
    }


def test_every_form_on_the_site_is_driven(world, world_files, db, settings):
    """Each form on each page of the walk, for each role that sees it, is in FORM_TARGETS."""
    settings.ACCOUNT_RATE_LIMITS = False
    unknown = set()
    for role in ("anonymous", "sme_a", "registrant", "staff_a", "coordinator_a"):
        client = client_as(world, role)
        for name, route in ROUTES.items():
            if route.method != "get":
                continue
            for form in page_forms(client, world, name):
                key = (form["target"], form["method"])
                if key not in FORM_TARGETS:
                    unknown.add(f"{key} on {name} as {role}")
    assert not unknown, "Forms nobody fuzzes (add them to FORM_TARGETS):\n" + "\n".join(
        sorted(unknown)
    )


def nasty_text(offered: list[str]):
    choices = [
        st.text(max_size=60),
        st.text(st.characters(max_codepoint=0x1F), max_size=8),
        st.sampled_from(BAD_VALUES),
    ]
    if offered:
        choices.append(st.sampled_from(offered))
    return st.one_of(*choices)


def form_data(fields: dict[str, list[str]]):
    """A form's fields (some of them, some repeated) with random values, and a made-up key."""
    names = [*fields, "page"]
    value_lists = {
        name: st.lists(nasty_text(fields.get(name, [])), min_size=1, max_size=3) for name in names
    }
    return st.fixed_dictionaries(
        {},
        optional={
            **value_lists,
            "page": st.lists(nasty_text([]), min_size=1, max_size=2),
        },
    ).flatmap(
        lambda data: st.dictionaries(
            st.text(min_size=1, max_size=20).filter(lambda key: key not in data),
            st.lists(nasty_text([]), min_size=1, max_size=2),
            max_size=2,
        ).map(lambda extra: {**data, **extra})
    )


# The number of examples comes from the profile (tests/conftest.py): a few in `make test`, many
# in `make fuzz`.
FUZZ = settings(
    # The fixtures are set up once for all examples on purpose: the world is read-only input
    # and each example compares row counts before and after itself.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)


@pytest.mark.django_db
@pytest.mark.hypothesis  # the examples are drawn inside: `make fuzz` selects it by this mark
@pytest.mark.parametrize(
    "target", list(FORM_TARGETS), ids=[f"{name}-{method}" for name, method in FORM_TARGETS]
)
def test_forms_and_filters_never_fail_and_refusals_write_nothing(
    world, world_files, settings, target
):
    settings.ACCOUNT_RATE_LIMITS = False
    spec = FORM_TARGETS[target]
    name, method = target
    client = client_as(world, spec.role)
    source = spec.fields_of or target
    forms = [
        form
        for form in page_forms(client, world, spec.page)
        if (form["target"], form["method"]) == source
    ]
    assert forms, f"no {source} form on {spec.page} as {spec.role}"
    path = reverse(name) if spec.fields_of else forms[0]["path"]
    fields = {}
    for found in forms:
        fields.update(found["fields"])
    # Button-only forms (log out, unsubscribe) still get the made-up keys.
    assert fields or name in BUTTON_ONLY, f"no fields found in {source} on {spec.page}"

    # Failures fuzzing found, kept as examples every run tries: an id beyond 64 bits in every
    # field (notifications:preferences and companies:edit answered 500 on SQLite with an
    # OverflowError), and NUL bytes (PostgreSQL cannot store them).
    @FUZZ
    @example(data={name: ["99999999999999999999999999"] for name in fields})
    @example(data={name: ["1", "-9223372036854775809"] for name in fields})
    @example(data={name: ["a\x00b"] for name in fields})
    @given(data=form_data(fields))
    def submit(data):
        before = row_counts()
        response = getattr(client, method)(path, data)
        assert response.status_code < 500, (response.status_code, data)
        if response.streaming:
            b"".join(response.streaming_content)
        refused = method == "get" or response.status_code not in (301, 302, 303)
        if refused:
            assert row_counts() == before, f"a refused {method} of {name} wrote rows"

    submit()


@pytest.mark.django_db
@pytest.mark.parametrize("name", [name for name, route in ROUTES.items() if route.method == "get"])
def test_every_page_shrugs_off_nasty_query_strings(world, world_files, name):
    """Not fuzzed at length: a fixed set of the worst query strings on every page of the walk."""
    route = ROUTES[name]
    client = client_as(world, route.entitled)
    url = reverse(name, kwargs=route.kwargs(world))
    before = row_counts()
    for value in ("\x00", "-1", "1e309", "x" * 100_000, "2024-02-30", "\U0010ffff"):
        response = client.get(url, {"page": [value, "2"], "q": value, value[:50]: value})
        assert response.status_code < 500, (name, value[:20])
    assert row_counts() == before
