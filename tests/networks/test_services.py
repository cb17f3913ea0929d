import pytest

from networks.models import Network, NetworkMembership
from networks.services import MembershipRefused, decide_membership, join_network, leave_network
from tests.factories import NetworkFactory, OrganisationMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def representative():
    membership = OrganisationMembershipFactory()
    return membership.user, membership.organisation


def test_open_network_makes_the_company_a_member_at_once():
    user, org = representative()
    membership = join_network(network=NetworkFactory(), organisation=org, user=user)
    assert membership.status == NetworkMembership.Status.ACTIVE


def test_approval_network_records_a_pending_request_the_hosts_decide():
    user, org = representative()
    network = NetworkFactory(join_policy=Network.JoinPolicy.APPROVAL)
    membership = join_network(network=network, organisation=org, user=user)
    assert membership.status == NetworkMembership.Status.PENDING
    host = UserFactory()
    decided = decide_membership(membership=membership, approve=True, decided_by=host)
    assert decided.status == NetworkMembership.Status.ACTIVE
    assert decided.decided_by == host


def test_invitation_only_network_refuses_with_a_way_to_get_in_touch():
    user, org = representative()
    network = NetworkFactory(join_policy=Network.JoinPolicy.INVITATION)
    with pytest.raises(MembershipRefused, match="invitation"):
        join_network(network=network, organisation=org, user=user)
    assert not NetworkMembership.objects.exists()


def test_a_company_is_never_a_member_twice_and_can_leave_and_rejoin():
    user, org = representative()
    network = NetworkFactory()
    membership = join_network(network=network, organisation=org, user=user)
    with pytest.raises(MembershipRefused, match="already a member"):
        join_network(network=network, organisation=org, user=user)
    leave_network(membership=membership, user=user)
    rejoined = join_network(network=network, organisation=org, user=user)
    assert rejoined.pk == membership.pk
    assert rejoined.status == NetworkMembership.Status.ACTIVE
    assert NetworkMembership.objects.count() == 1


def test_cannot_join_on_behalf_of_another_company():
    user, _org = representative()
    _other, other_org = representative()
    with pytest.raises(MembershipRefused):
        join_network(network=NetworkFactory(), organisation=other_org, user=user)
