"""Who may do what to networks and membership requests in the admin: roles × objects × actions.

Rows are roles; the three entries are for the network of A, of B and the one hosted by both.
Coordinators hold no network permissions: the changelist is 403 and a network is not found.
"""

import copy

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from networks.models import Network, NetworkMembership
from tests.admin_roles import (
    LOGIN,
    MANAGES,
    MATRIX,
    OBJECTS,
    ROLES,
    action_post,
    build_world,
    expected,
    log_in,
    outcome,
)
from tests.factories import NetworkFactory, NetworkMembershipFactory, OrganisationFactory
from tests.shared_world import kept_for_the_module

pytestmark = pytest.mark.django_db

VIEW = {
    "anonymous": [LOGIN, LOGIN, LOGIN],
    "sme": [LOGIN, LOGIN, LOGIN],
    "staff_a": [200, 404, 200],
    "staff_b": [404, 200, 200],
    "staff_ab": [200, 200, 200],
    "coordinator": [404, 404, 404],
    "superuser": [200, 200, 200],
}
CHANGE = {
    "anonymous": [LOGIN, LOGIN, LOGIN],
    "sme": [LOGIN, LOGIN, LOGIN],
    "staff_a": [302, 404, 302],
    "staff_b": [404, 302, 302],
    "staff_ab": [302, 302, 302],
    "coordinator": [404, 404, 404],
    "superuser": [302, 302, 302],
}
# Staff archive networks rather than delete them.
DELETE = {
    "anonymous": [LOGIN, LOGIN, LOGIN],
    "sme": [LOGIN, LOGIN, LOGIN],
    "staff_a": [403, 404, 403],
    "staff_b": [404, 403, 403],
    "staff_ab": [403, 403, 403],
    "coordinator": [404, 404, 404],
    "superuser": [302, 302, 302],
}
ACTION = {
    "anonymous": [LOGIN, LOGIN, LOGIN],
    "sme": [LOGIN, LOGIN, LOGIN],
    "staff_a": [302, 302, 302],
    "staff_b": [302, 302, 302],
    "staff_ab": [302, 302, 302],
    "coordinator": [403, 403, 403],
    "superuser": [302, 302, 302],
}
# A row action names one request by its URL: another organisation's is not found.
ROW_ACTION = {
    "anonymous": [LOGIN, LOGIN, LOGIN],
    "sme": [LOGIN, LOGIN, LOGIN],
    "staff_a": [302, 404, 302],
    "staff_b": [404, 302, 302],
    "staff_ab": [302, 302, 302],
    "coordinator": [404, 404, 404],
    "superuser": [302, 302, 302],
}
# Staff of one park cannot make the other a co-host without its consent (a form error).
ADD = {
    "anonymous": [LOGIN, LOGIN, LOGIN],
    "sme": [LOGIN, LOGIN, LOGIN],
    "staff_a": [302, 200, 200],
    "staff_b": [200, 302, 200],
    "staff_ab": [302, 302, 302],
    "coordinator": [403, 403, 403],
    "superuser": [302, 302, 302],
}


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        world = build_world()
        world.networks = {
            which: NetworkFactory(name=f"Network of {which.upper()}", hosts=world.hosts(which))
            for which in OBJECTS
        }
        yield world


@pytest.fixture
def world(module_world, db):
    return copy.deepcopy(module_world)


@pytest.fixture
def requests_(world):
    """A pending request to join each network."""
    return {
        which: NetworkMembershipFactory(
            network=world.networks[which],
            organisation=OrganisationFactory(name=f"Applicant {which.upper()}"),
            status=NetworkMembership.Status.PENDING,
        )
        for which in OBJECTS
    }


def network_form_data(*, hosts, name="A new network", slug="a-new-network", memberships=0):
    return {
        "name_sv": name,
        "slug": slug,
        "description_sv": "",
        "audience_sv": "",
        "meeting_format_sv": "",
        "contact_information_sv": "",
        "hosts": [h.pk for h in hosts],
        "thematic_areas": [],
        "counties": [],
        "join_policy": Network.JoinPolicy.APPROVAL,
        "project": "",
        "memberships-TOTAL_FORMS": str(memberships),
        "memberships-INITIAL_FORMS": str(memberships),
    }


# Networks ----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_network_changelist_shows_only_the_roles_networks(client, world, role):
    log_in(client, world, role)
    response = client.get(reverse("admin:networks_network_changelist"))
    expected_status = {"anonymous": LOGIN, "sme": LOGIN, "coordinator": 403}.get(role, 200)
    assert outcome(response) == expected_status
    if expected_status == 200:
        content = response.content.decode()
        for which in OBJECTS:
            visible = expected(VIEW, role, which) == 200
            assert (f"Network of {which.upper()}<" in content) is visible, which


@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_network_change_page(client, world, role, which):
    log_in(client, world, role)
    network = world.networks[which]
    response = client.get(reverse("admin:networks_network_change", args=[network.pk]))
    assert outcome(response) == expected(VIEW, role, which)


@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_network_change(client, world, role, which):
    log_in(client, world, role)
    network = world.networks[which]
    data = network_form_data(hosts=network.hosts.all(), name="Renamed", slug=network.slug)
    response = client.post(reverse("admin:networks_network_change", args=[network.pk]), data)
    assert outcome(response) == expected(CHANGE, role, which)
    network.refresh_from_db()
    assert (network.name == "Renamed") is expected(MANAGES, role, which)


@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_network_delete(client, world, role, which):
    log_in(client, world, role)
    network = world.networks[which]
    response = client.post(
        reverse("admin:networks_network_delete", args=[network.pk]), {"post": "yes"}
    )
    assert outcome(response) == expected(DELETE, role, which)
    assert Network.objects.filter(pk=network.pk).exists() is (role != "superuser")


@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_network_add_hosted_by(client, world, role, which):
    log_in(client, world, role)
    response = client.post(
        reverse("admin:networks_network_add"), network_form_data(hosts=world.hosts(which))
    )
    assert outcome(response) == expected(ADD, role, which)
    created = Network.objects.filter(slug="a-new-network").first()
    assert (created is not None) is (expected(ADD, role, which) == 302)
    if created:
        assert set(created.hosts.all()) == set(world.hosts(which))


@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_network_archive_action(client, world, role, which):
    log_in(client, world, role)
    network = world.networks[which]
    response = client.post(
        reverse("admin:networks_network_changelist"), action_post("archive", network)
    )
    assert outcome(response) == expected(ACTION, role, which)
    network.refresh_from_db()
    assert network.is_archived is expected(MANAGES, role, which)


# Membership requests -----------------------------------------------------------------------


@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_membership_change_page(client, world, requests_, role, which):
    log_in(client, world, role)
    membership = requests_[which]
    response = client.get(reverse("admin:networks_networkmembership_change", args=[membership.pk]))
    assert outcome(response) == expected(VIEW, role, which)


@pytest.mark.parametrize("role", ROLES)
def test_membership_changelist_offers_only_the_roles_requests(client, world, requests_, role):
    log_in(client, world, role)
    response = client.get(reverse("admin:networks_networkmembership_changelist"))
    expected_status = {"anonymous": LOGIN, "sme": LOGIN, "coordinator": 403}.get(role, 200)
    assert outcome(response) == expected_status
    if expected_status == 200:
        content = response.content.decode()
        for which in OBJECTS:
            visible = expected(VIEW, role, which) == 200
            assert (f"Applicant {which.upper()}<" in content) is visible, which
            assert (f"Network of {which.upper()}<" in content) is visible, which


@pytest.mark.parametrize(("action", "decided"), [("approve", "active"), ("reject", "rejected")])
@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_membership_bulk_action(client, world, requests_, role, which, action, decided):
    log_in(client, world, role)
    membership = requests_[which]
    response = client.post(
        reverse("admin:networks_networkmembership_changelist"), action_post(action, membership)
    )
    assert outcome(response) == expected(ACTION, role, which)
    membership.refresh_from_db()
    assert (membership.status == decided) is expected(MANAGES, role, which)
    if membership.status == decided:
        assert membership.decided_by == world.users[role]


@pytest.mark.parametrize(("action", "decided"), [("approve", "active"), ("reject", "rejected")])
@pytest.mark.parametrize(("role", "which"), MATRIX)
def test_membership_row_action(client, world, requests_, role, which, action, decided):
    log_in(client, world, role)
    membership = requests_[which]
    response = client.post(
        reverse(f"admin:networks_networkmembership_{action}", args=[membership.pk])
    )
    assert outcome(response) == expected(ROW_ACTION, role, which)
    membership.refresh_from_db()
    assert (membership.status == decided) is expected(MANAGES, role, which)
    logged = LogEntry.objects.filter(object_id=str(membership.pk)).exists()
    assert logged is expected(MANAGES, role, which)


def test_row_actions_only_answer_post(client, world, requests_):
    client.force_login(world.users["staff_a"])
    membership = requests_["a"]
    url = reverse("admin:networks_networkmembership_approve", args=[membership.pk])
    assert client.get(url).status_code == 405
    membership.refresh_from_db()
    assert membership.status == NetworkMembership.Status.PENDING


def test_deciding_a_decided_request_says_why_and_changes_nothing(client, world, requests_):
    client.force_login(world.users["staff_a"])
    membership = requests_["a"]
    url = reverse("admin:networks_networkmembership_approve", args=[membership.pk])
    client.post(url)
    response = client.post(
        reverse("admin:networks_networkmembership_reject", args=[membership.pk]), follow=True
    )
    assert "Only pending requests can be decided." in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == NetworkMembership.Status.ACTIVE


def test_changelist_rows_carry_approve_and_reject_buttons(client, world, requests_):
    client.force_login(world.users["staff_a"])
    response = client.get(reverse("admin:networks_networkmembership_changelist"))
    approve = reverse("admin:networks_networkmembership_approve", args=[requests_["a"].pk])
    assert f'formaction="{approve}"' in response.content.decode()
