import pytest

from accounts.roles import COORDINATOR, SCIENCE_PARK_STAFF, ensure_role_groups

pytestmark = pytest.mark.django_db


def codenames(group) -> set[str]:
    return set(group.permissions.values_list("codename", flat=True))


def test_coordinators_can_only_read():
    coordinator = ensure_role_groups()[COORDINATOR]
    assert codenames(coordinator) == {
        "view_event",
        "view_registration",
        "view_registrationquestion",
        "view_project",
        "view_projectgoal",
        "view_deminimisentry",
    }


def test_staff_change_registrations_only_through_actions_and_never_grant_rights():
    staff = codenames(ensure_role_groups()[SCIENCE_PARK_STAFF])
    # Registrations are made on the public site and kept for funders' reports.
    assert {"add_registration", "delete_registration"}.isdisjoint(staff)
    # People: names and whether an account is active, within their own organisations.
    assert {"view_user", "change_user"} <= staff
    assert {"add_user", "delete_user", "change_group", "add_group", "change_permission"}.isdisjoint(
        staff
    )
    # Nobody is made a member or staff of an organisation through the admin by staff.
    assert {"add_organisationmembership", "change_organisationmembership"}.isdisjoint(staff)
    # Networks are archived, not deleted; memberships are decided, not made up.
    assert {"delete_network", "add_networkmembership", "delete_networkmembership"}.isdisjoint(staff)


def test_role_groups_are_idempotent():
    first = {name: codenames(group) for name, group in ensure_role_groups().items()}
    second = {name: codenames(group) for name, group in ensure_role_groups().items()}
    assert first == second
