"""Authorisation everywhere: every URL pattern of the project, requested by every role.

Anonymous people, an SME user of another company, staff of another organisation and the
coordinator of another project get a login redirect, a 403 or a 404 wherever the object is not
theirs; the entitled user (the positive control) gets the page. The registrant's name and email
appear in no response to the other roles. A pattern the registry does not know fails.
"""

from __future__ import annotations

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from tests.logged_in import log_in

from .url_registry import (
    ADMIN_SHOWS_REGISTRANT,
    ADMIN_SITE_ROUTES,
    DENIED,
    LOGIN,
    OK,
    ROUTES,
    SHARED_MODELS,
    AdminRoute,
    Pattern,
    admin_route,
    is_admin_catch_all,
    walk,
)
from .world import OTHER_ROLES, REGISTRANT_EMAIL, ROLES

PATTERNS = list(walk())
REGISTRANT_DATA = (REGISTRANT_EMAIL, "Registrantsson")


def outcome(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        return "login" if "/login/" in response["Location"] else "302"
    return str(response.status_code)


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        log_in(client, user)
    return client


def user_for(world, route_entitled: str, role: str):
    return world.users[route_entitled if role == "entitled" else role]


def fake_request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def admin_expectation(route: AdminRoute, world, role: str) -> frozenset:
    """What a role must get from a model admin URL, by Django's admin rules and the scope."""
    user = user_for(world, route.entitled, role)
    if user is None or not user.is_staff:
        return LOGIN
    if route.action == "redirect":
        return frozenset({"302"})
    model_admin = route.model_admin
    request = fake_request(user)
    obj = world.objects[route.object_name]
    own = role == "entitled"
    if route.action == "add":
        return OK if model_admin.has_add_permission(request) else frozenset({"403"})
    if route.action == "changelist":
        return OK if model_admin.has_view_or_change_permission(request) else frozenset({"403"})
    if not own and route.model_label not in SHARED_MODELS:
        return DENIED
    if route.action == "delete":
        return OK if model_admin.has_delete_permission(request, obj) else frozenset({"403"})
    if route.method == "post":
        return frozenset({"302"})
    if own:
        return OK
    return OK if model_admin.has_view_or_change_permission(request, obj) else frozenset({"403"})


def admin_url(route: AdminRoute, world) -> str:
    if not route.needs_object:
        return reverse(route.url_name)
    pk = world.objects[route.object_name].pk
    if route.url_name is None:
        return reverse(f"admin:{route.model_label.replace('.', '_')}_change", args=[pk])[
            : -len("change/")
        ]
    try:
        return reverse(route.url_name, kwargs={"object_id": pk})
    except Exception:
        return reverse(route.url_name, kwargs={"id": pk})


def pattern_id(pattern: Pattern) -> str:
    return pattern.name or pattern.route


@pytest.mark.django_db
@pytest.mark.parametrize("pattern", PATTERNS, ids=[pattern_id(p) for p in PATTERNS])
def test_every_url_answers_each_role_as_its_owner_decides(world, world_files, pattern):
    requests = []  # (role, method, url, data, expected, shows registrant to entitled, hidden)
    if pattern.name in ROUTES or pattern.name in ADMIN_SITE_ROUTES:
        route = ROUTES.get(pattern.name) or ADMIN_SITE_ROUTES[pattern.name]
        url = reverse(pattern.name, kwargs=route.kwargs(world))
        query = route.query(world) if route.query else None
        data = route.data(world) if route.data else query
        for role in ROLES:
            requests.append(
                (
                    role,
                    route.entitled,
                    route.method,
                    url,
                    data,
                    route.expect[role],
                    route.shows_registrant_to_entitled,
                    None,
                )
            )
    elif is_admin_catch_all(pattern):
        for role in ROLES:
            expected = LOGIN if role in ("anonymous", "sme_other") else frozenset({"404"})
            requests.append(
                (role, "staff_a", "get", "/admin/no-such-page/", None, expected, False, None)
            )
    elif (route := admin_route(pattern)) is not None and route.model_label in _admin_models():
        url = admin_url(route, world)
        hidden = None
        if route.action == "changelist" and route.model_label not in SHARED_MODELS:
            hidden = admin_url(
                AdminRoute(
                    route.model_label, "change", route.url_name[: -len("changelist")] + "change"
                ),
                world,
            )
        for role in ROLES:
            requests.append(
                (
                    role,
                    route.entitled,
                    route.method,
                    url,
                    None,
                    admin_expectation(route, world, role),
                    route.action in ADMIN_SHOWS_REGISTRANT,
                    hidden,
                )
            )
    else:
        pytest.fail(
            f"{pattern_id(pattern)} ({pattern.route}) is not in tests/security/url_registry.py: "
            "say how to build its arguments and what each role must get."
        )

    failures = []
    for role, entitled, method, url, data, expected, shows_registrant, hidden in requests:
        user = user_for(world, entitled, role)
        response = getattr(client_for(user), method)(url, data)
        got = outcome(response)
        if got not in expected:
            failures.append(f"{role} {method.upper()} {url}: got {got}, expected {set(expected)}")
            continue
        content = body(response)
        if role in OTHER_ROLES:
            failures.extend(
                f"{role} {method.upper()} {url}: shows the registrant's {value!r}"
                for value in REGISTRANT_DATA
                if value in content
            )
            if hidden and got == "200" and hidden in content:
                failures.append(f"{role} GET {url}: lists side A's object {hidden}")
        elif shows_registrant and REGISTRANT_EMAIL not in content:
            failures.append(f"entitled {method.upper()} {url}: the registrant is missing")
    assert not failures, "\n".join(failures)


def _admin_models() -> set[str]:
    from .url_registry import ADMIN_OBJECTS

    return set(ADMIN_OBJECTS)


def test_a_pattern_without_a_registry_entry_is_reported():
    """The registry check above is not vacuous: a made-up pattern is not known."""
    made_up = Pattern(name="events:teleport", route="events/<slug:slug>/teleport/")
    assert made_up.name not in ROUTES
    assert admin_route(made_up) is None
    admin_made_up = Pattern(name="admin:events_event_teleport", route="admin/events/event/x/")
    assert admin_route(admin_made_up) is None
