import pytest

from networks.models import Network, NetworkMembership
from tests.factories import (
    EventFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    ScienceParkFactory,
    ThematicAreaFactory,
    county,
)

pytestmark = pytest.mark.django_db


def names(response):
    return [network.name for network in response.context["page_obj"]]


def representative():
    membership = OrganisationMembershipFactory()
    return membership.user, membership.organisation


def test_network_list_filters_by_county_theme_policy_and_text(client):
    theme = ThematicAreaFactory(slug="energy")
    match = NetworkFactory(name="Energy Uppsala", join_policy=Network.JoinPolicy.APPROVAL)
    match.counties.add(county("C"))
    match.thematic_areas.add(theme)
    other = NetworkFactory(name="Energy Skåne", join_policy=Network.JoinPolicy.APPROVAL)
    other.counties.add(county("M"), county("C"))
    NetworkFactory(name="Archived energy", is_archived=True)
    response = client.get(
        "/en/networks/", {"county": "C", "theme": "energy", "join_policy": "approval", "q": "ener"}
    )
    assert names(response) == ["Energy Uppsala"]
    assert sorted(names(client.get("/en/networks/", {"county": "C"}))) == [
        "Energy Skåne",
        "Energy Uppsala",
    ]


def test_malformed_network_query_gives_a_message(client):
    NetworkFactory(name="Kept")
    response = client.get("/en/networks/?county=ZZ&theme=%FF&join_policy=x&page=abc")
    assert response.status_code == 200
    assert "could not be understood" in response.content.decode()
    assert names(response) == ["Kept"]


@pytest.mark.parametrize("rows", [5, 200])
def test_network_list_query_count_does_not_grow_with_rows(
    client, rows, django_assert_max_num_queries
):
    host = ScienceParkFactory()
    theme = ThematicAreaFactory()
    for network in NetworkFactory.create_batch(rows, hosts=[host]):
        network.counties.add(county("C"))
        network.thematic_areas.add(theme)
    with django_assert_max_num_queries(9):
        response = client.get("/en/networks/", {"county": "C", "page": 1})
    assert response.context["listing"].count == rows


def test_network_detail_lists_only_active_listed_members_and_upcoming_events(client):
    network = NetworkFactory()
    NetworkMembershipFactory(network=network, organisation__name="Listed AB")
    NetworkMembershipFactory(
        network=network, organisation__name="Hidden AB", organisation__is_listed=False
    )
    NetworkMembershipFactory(
        network=network, organisation__name="Pending AB", status=NetworkMembership.Status.PENDING
    )
    EventFactory(title="Network meetup", network=network)
    page = client.get(f"/en/networks/{network.slug}/").content.decode()
    assert "Listed AB" in page
    assert "Hidden AB" not in page
    assert "Pending AB" not in page
    assert "Network meetup" in page


def test_joining_an_open_network_makes_the_company_a_member_at_once(client):
    network = NetworkFactory(join_policy=Network.JoinPolicy.OPEN)
    user, company = representative()
    client.force_login(user)
    response = client.post(
        f"/en/networks/{network.slug}/join/", {"organisation": company.pk}, follow=True
    )
    assert "is now a member" in response.content.decode()
    assert NetworkMembership.objects.get(network=network, organisation=company).status == "active"
    again = client.post(
        f"/en/networks/{network.slug}/join/", {"organisation": company.pk}, follow=True
    )
    assert "already a member" in again.content.decode()
    assert NetworkMembership.objects.filter(network=network).count() == 1


def test_joining_an_approval_network_records_a_pending_request(client):
    network = NetworkFactory(join_policy=Network.JoinPolicy.APPROVAL)
    user, company = representative()
    client.force_login(user)
    client.post(
        f"/en/networks/{network.slug}/join/", {"organisation": company.pk, "message": "Hello"}
    )
    membership = NetworkMembership.objects.get(network=network, organisation=company)
    assert (membership.status, membership.message) == ("pending", "Hello")


def test_invitation_network_shows_contact_and_refuses_joining(client):
    network = NetworkFactory(
        join_policy=Network.JoinPolicy.INVITATION, contact_information="Mail anna@example.org"
    )
    user, company = representative()
    client.force_login(user)
    assert "Mail anna@example.org" in client.get(f"/en/networks/{network.slug}/").content.decode()
    response = client.post(
        f"/en/networks/{network.slug}/join/", {"organisation": company.pk}, follow=True
    )
    assert "by invitation only" in response.content.decode()
    assert not NetworkMembership.objects.exists()


def test_leaving_a_network(client):
    user, company = representative()
    membership = NetworkMembershipFactory(organisation=company)
    client.force_login(user)
    client.post(f"/en/networks/{membership.network.slug}/leave/", {"organisation": company.pk})
    membership.refresh_from_db()
    assert membership.status == NetworkMembership.Status.LEFT


def test_joining_for_another_company_is_not_found(client):
    network = NetworkFactory()
    user, _company = representative()
    client.force_login(user)
    response = client.post(
        f"/en/networks/{network.slug}/join/", {"organisation": OrganisationFactory().pk}
    )
    assert response.status_code == 404
    assert (
        client.post(f"/en/networks/{network.slug}/join/", {"organisation": ""}).status_code == 404
    )


def test_join_needs_login_and_post(client):
    network = NetworkFactory()
    assert "/accounts/login/" in client.post(f"/en/networks/{network.slug}/join/").url
    user, _company = representative()
    client.force_login(user)
    assert client.get(f"/en/networks/{network.slug}/join/").status_code == 405


def test_network_detail_query_count_does_not_grow_with_members(
    client, django_assert_max_num_queries
):
    network = NetworkFactory()
    for _ in range(40):
        NetworkMembershipFactory(network=network)
    user, _company = representative()
    OrganisationMembershipFactory(user=user)
    client.force_login(user)
    with django_assert_max_num_queries(14):
        response = client.get(f"/en/networks/{network.slug}/")
    assert response.status_code == 200
