"""Leaving a network and withdrawing a request to join ask first, on a page of their own (so
without JavaScript too); the change happens only on the confirming POST."""

import pytest

from networks.models import Network, NetworkMembership
from tests.factories import NetworkFactory, NetworkMembershipFactory, OrganisationMembershipFactory

pytestmark = pytest.mark.django_db


def member(status=NetworkMembership.Status.ACTIVE, **network):
    representative = OrganisationMembershipFactory()
    membership = NetworkMembershipFactory(
        network=NetworkFactory(**network), organisation=representative.organisation, status=status
    )
    return representative.user, membership


def test_network_page_links_to_the_confirmation_page(client):
    user, membership = member()
    client.force_login(user)
    html = client.get(f"/en/networks/{membership.network.slug}/").content.decode()
    leave = (
        f"/en/networks/{membership.network.slug}/leave/?organisation={membership.organisation.pk}"
    )
    assert f'href="{leave}"' in html


def test_leaving_asks_first_and_posting_the_confirmation_leaves(client):
    user, membership = member()
    client.force_login(user)
    url = f"/en/networks/{membership.network.slug}/leave/"
    confirm = client.get(url, {"organisation": membership.organisation.pk})
    html = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Leave the network?" in html
    assert f'name="organisation" value="{membership.organisation.pk}"' in html
    membership.refresh_from_db()
    assert membership.status == NetworkMembership.Status.ACTIVE

    response = client.post(url, {"organisation": membership.organisation.pk})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.status == NetworkMembership.Status.LEFT


def test_withdrawing_a_pending_request_asks_in_its_own_words(client):
    user, membership = member(
        status=NetworkMembership.Status.PENDING, join_policy=Network.JoinPolicy.APPROVAL
    )
    client.force_login(user)
    html = client.get(
        f"/networks/{membership.network.slug}/leave/", {"organisation": membership.organisation.pk}
    ).content.decode()
    assert "Dra tillbaka ansökan?" in html
    assert "Ja, dra tillbaka ansökan" in html


def test_confirmation_for_a_company_the_user_does_not_represent_is_404(client):
    _user, membership = member()
    stranger = OrganisationMembershipFactory().user
    client.force_login(stranger)
    response = client.get(
        f"/en/networks/{membership.network.slug}/leave/",
        {"organisation": membership.organisation.pk},
    )
    assert response.status_code == 404


def test_confirmation_after_leaving_goes_back_to_the_network(client):
    user, membership = member(status=NetworkMembership.Status.LEFT)
    client.force_login(user)
    response = client.get(
        f"/en/networks/{membership.network.slug}/leave/",
        {"organisation": membership.organisation.pk},
    )
    assert response.status_code == 302
