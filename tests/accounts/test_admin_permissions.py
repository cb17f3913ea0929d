"""Staff cannot give themselves or anyone else rights they do not hold."""

import copy

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.roles import COORDINATOR, SCIENCE_PARK_STAFF
from companies.models import OrganisationMembership
from tests.admin_roles import LOGIN, ROLES, build_world, log_in, outcome
from tests.factories import OrganisationMembershipFactory, UserFactory
from tests.shared_world import kept_for_the_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        world = build_world()
        world.colleague_a = UserFactory(first_name="Colleague", last_name="OfA")
        OrganisationMembershipFactory(
            user=world.colleague_a,
            organisation=world.park_a,
            role=OrganisationMembership.Role.STAFF,
        )
        yield world


@pytest.fixture
def world(module_world, db):
    return copy.deepcopy(module_world)


def user_form_data(user, **overrides):
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": "Renamed",
        "preferred_language": "sv",
        "is_active": "on",
        **overrides,
    }


# Whose account page each role may open: the colleague at A, staff of B, the superuser.
# Coordinators hold no user permission and no organisation: nobody is found.
USER_VIEW = {
    "anonymous": [LOGIN, LOGIN, LOGIN],
    "sme": [LOGIN, LOGIN, LOGIN],
    "staff_a": [200, 404, 404],
    "staff_b": [404, 200, 404],
    "staff_ab": [200, 200, 404],
    "coordinator": [404, 404, 404],
    "superuser": [200, 200, 200],
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", ["colleague_a", "staff_b", "superuser"])
def test_user_change_page(client, world, role, target):
    log_in(client, world, role)
    user = world.colleague_a if target == "colleague_a" else world.users[target]
    response = client.get(reverse("admin:accounts_user_change", args=[user.pk]))
    column = ["colleague_a", "staff_b", "superuser"].index(target)
    assert outcome(response) == USER_VIEW[role][column]


def test_staff_cannot_make_a_colleague_superuser_staff_or_give_groups(client, world):
    client.force_login(world.users["staff_a"])
    colleague = world.colleague_a
    staff_group = Group.objects.get(name=SCIENCE_PARK_STAFF)
    response = client.post(
        reverse("admin:accounts_user_change", args=[colleague.pk]),
        user_form_data(
            colleague,
            email="taken-over@example.org",
            is_superuser="on",
            is_staff="on",
            groups=[staff_group.pk, Group.objects.get(name=COORDINATOR).pk],
        ),
    )
    assert response.status_code == 302
    colleague.refresh_from_db()
    assert colleague.last_name == "Renamed"  # what staff may change, changed
    assert colleague.email != "taken-over@example.org"
    assert not colleague.is_superuser
    assert not colleague.is_staff
    assert not colleague.groups.exists()


def test_staff_cannot_promote_themselves(client, world):
    me = world.users["staff_a"]
    client.force_login(me)
    client.post(
        reverse("admin:accounts_user_change", args=[me.pk]),
        user_form_data(me, is_superuser="on", groups=[Group.objects.get(name=COORDINATOR).pk]),
    )
    me.refresh_from_db()
    assert not me.is_superuser
    assert list(me.groups.values_list("name", flat=True)) == [SCIENCE_PARK_STAFF]


def test_staff_cannot_change_someone_who_also_belongs_to_another_organisation(client, world):
    """Staff of A and B hold rights at B that staff of A do not: staff of A read, not change."""
    client.force_login(world.users["staff_a"])
    both = world.users["staff_ab"]
    response = client.post(
        reverse("admin:accounts_user_change", args=[both.pk]), user_form_data(both)
    )
    assert response.status_code == 403
    both.refresh_from_db()
    assert both.last_name != "Renamed"


@pytest.mark.parametrize("role", ["staff_a", "staff_ab"])
def test_staff_cannot_set_passwords_or_add_accounts(client, world, role):
    client.force_login(world.users[role])
    colleague = world.colleague_a
    old_password = colleague.password
    response = client.post(
        reverse("admin:auth_user_password_change", args=[colleague.pk]),
        {"password1": "a-new-secret-9", "password2": "a-new-secret-9", "usable_password": "true"},
    )
    assert response.status_code == 403
    colleague.refresh_from_db()
    assert colleague.password == old_password
    assert client.get(reverse("admin:accounts_user_add")).status_code == 403


def test_staff_user_list_holds_only_their_organisations_people(client, world):
    client.force_login(world.users["staff_a"])
    response = client.get(reverse("admin:accounts_user_changelist"))
    content = response.content.decode()
    assert world.colleague_a.email in content
    assert world.users["staff_b"].email not in content
    assert world.users["sme"].email not in content
    assert world.users["superuser"].email not in content


# Organisation profiles ---------------------------------------------------------------------

ORGANISATION_VIEW = {
    "anonymous": [LOGIN, LOGIN],
    "sme": [LOGIN, LOGIN],
    "staff_a": [200, 404],
    "staff_b": [404, 200],
    "staff_ab": [200, 200],
    "coordinator": [404, 404],
    "superuser": [200, 200],
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["a", "b"])
def test_organisation_profile(client, world, role, which):
    log_in(client, world, role)
    park = world.park_a if which == "a" else world.park_b
    response = client.get(reverse("admin:companies_organisation_change", args=[park.pk]))
    assert outcome(response) == ORGANISATION_VIEW[role][["a", "b"].index(which)]
