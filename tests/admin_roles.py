"""The people and organisations of the admin permission matrices.

Two science parks, A and B. Objects are "of A", "of B" or co-hosted by both ("ab"). The roles:
anonymous, an SME user (no admin access), staff of A, staff of B, staff of both, a coordinator
whose project the event of A counts for, and a superuser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse

from accounts.roles import COORDINATOR, SCIENCE_PARK_STAFF, ensure_role_groups
from companies.models import OrganisationMembership
from tests import logged_in
from tests.factories import (
    OrganisationFactory,
    OrganisationMembershipFactory,
    ProjectFactory,
    ScienceParkFactory,
    UserFactory,
)

ROLES = ["anonymous", "sme", "staff_a", "staff_b", "staff_ab", "coordinator", "superuser"]
OBJECTS = ["a", "b", "ab"]
LOGIN = "login"  # redirected to the admin login page
MATRIX = [(role, which) for role in ROLES for which in OBJECTS]
# Who may change an object of A, of B, or co-hosted by both (the scope every matrix shares).
MANAGES = {
    "anonymous": [False, False, False],
    "sme": [False, False, False],
    "staff_a": [True, False, True],
    "staff_b": [False, True, True],
    "staff_ab": [True, True, True],
    "coordinator": [False, False, False],
    "superuser": [True, True, True],
}


@dataclass
class World:
    park_a: object
    park_b: object
    company: object
    project_a: object
    project_b: object
    users: dict = field(default_factory=dict)

    def hosts(self, which: str) -> list:
        return {"a": [self.park_a], "b": [self.park_b], "ab": [self.park_a, self.park_b]}[which]


def staff_of(*parks, group):
    user = UserFactory(is_staff=True)
    user.groups.add(group)
    for park in parks:
        OrganisationMembershipFactory(
            user=user, organisation=park, role=OrganisationMembership.Role.STAFF
        )
    return user


def build_world() -> World:
    groups = ensure_role_groups()
    staff_group = groups[SCIENCE_PARK_STAFF]
    park_a = ScienceParkFactory(name="Park A")
    park_b = ScienceParkFactory(name="Park B")
    company = OrganisationFactory(name="Small Company AB")
    world = World(
        park_a=park_a,
        park_b=park_b,
        company=company,
        project_a=ProjectFactory(name="Project of A", owner=park_a),
        project_b=ProjectFactory(name="Project of B", owner=park_b),
    )
    sme = UserFactory()
    OrganisationMembershipFactory(user=sme, organisation=company)
    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(groups[COORDINATOR])
    world.project_a.coordinators.add(coordinator)
    world.users = {
        "anonymous": None,
        "sme": sme,
        "staff_a": staff_of(park_a, group=staff_group),
        "staff_b": staff_of(park_b, group=staff_group),
        "staff_ab": staff_of(park_a, park_b, group=staff_group),
        "coordinator": coordinator,
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }
    return world


def log_in(client, world: World, role: str):
    user = world.users[role]
    if user is not None:
        logged_in.log_in(client, user)
    return user


def outcome(response) -> int | str:
    """The response status, or LOGIN when it is the admin's redirect to its login page."""
    if response.status_code == 302 and response["Location"].startswith(reverse("admin:login")):
        return LOGIN
    return response.status_code


def action_post(action: str, *objects, **extra) -> dict:
    return {"action": action, "_selected_action": [o.pk for o in objects], **extra}


def expected(table, role, which):
    return table[role][OBJECTS.index(which)]
