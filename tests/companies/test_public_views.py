import pytest

from companies.models import Organisation, OrganisationMembership, SizeDeclaration
from tests.factories import (
    OrganisationFactory,
    OrganisationMembershipFactory,
    ScienceParkFactory,
    ThematicAreaFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

VALID_NUMBER = "556036-0793"


def company_data(**overrides):
    data = {
        "name": "Small Circular AB",
        "organisation_number": VALID_NUMBER,
        "county": "C",
        "municipality": "Uppsala",
        "sector": "Packaging",
        "website": "",
        "description": "",
        "is_listed": "on",
        "headcount": "12",
        "annual_turnover_eur": "3000000",
        "balance_sheet_total_eur": "",
    }
    data.update(overrides)
    return data


def names(response):
    return [organisation.name for organisation in response.context["page_obj"]]


def test_directory_lists_host_organisations_and_listed_companies_only(client):
    ScienceParkFactory(name="Uppsala Science Park")
    OrganisationFactory(name="Listed AB")
    OrganisationFactory(name="Private AB", is_listed=False)
    assert names(client.get("/en/organisations/")) == ["Listed AB", "Uppsala Science Park"]
    assert names(client.get("/en/organisations/", {"kind": "science_park"})) == [
        "Uppsala Science Park"
    ]


def test_directory_filters_by_theme_and_text(client):
    theme = ThematicAreaFactory(slug="food")
    park = ScienceParkFactory(name="Food Park")
    park.thematic_areas.add(theme)
    ScienceParkFactory(name="Tech Park")
    assert names(client.get("/en/organisations/", {"theme": "food"})) == ["Food Park"]
    assert names(client.get("/en/organisations/", {"q": "tech"})) == ["Tech Park"]
    bad = client.get("/en/organisations/", {"kind": "pirate", "county": "ZZ"})
    assert bad.status_code == 200
    assert "could not be understood" in bad.content.decode()


@pytest.mark.parametrize("rows", [5, 200])
def test_directory_query_count_does_not_grow_with_rows(client, rows, django_assert_max_num_queries):
    theme = ThematicAreaFactory()
    for organisation in OrganisationFactory.create_batch(rows):
        organisation.thematic_areas.add(theme)
    with django_assert_max_num_queries(7):
        response = client.get("/en/organisations/", {"county": "C"})
    assert response.context["listing"].count == rows


def test_unlisted_company_is_visible_only_to_its_people(client):
    membership = OrganisationMembershipFactory(organisation__is_listed=False)
    url = f"/en/organisations/{membership.organisation.slug}/"
    assert client.get(url).status_code == 404
    client.force_login(membership.user)
    assert client.get(url).status_code == 200


def test_creating_a_company_makes_the_user_admin_and_records_size_facts(client):
    user = UserFactory()
    client.force_login(user)
    theme = ThematicAreaFactory()
    response = client.post(
        "/en/organisations/new/", company_data(thematic_areas=[theme.pk]), follow=True
    )
    company = Organisation.objects.get(name="Small Circular AB")
    assert company.organisation_number == "5560360793"
    assert company.kind == Organisation.Kind.COMPANY
    assert list(company.thematic_areas.all()) == [theme]
    membership = company.memberships.get()
    assert (membership.user, membership.role) == (user, OrganisationMembership.Role.ADMIN)
    assert SizeDeclaration.objects.get(organisation=company).size_class == "small"
    assert "Size class: Small" in response.content.decode()


def test_company_form_errors_are_tied_to_fields_and_keep_input(client):
    client.force_login(UserFactory())
    response = client.post(
        "/en/organisations/new/",
        company_data(organisation_number="123", headcount="-3", municipality="Enköping"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'aria-describedby="id_organisation_number_helptext id_organisation_number_error"' in page
    assert 'id="id_organisation_number_error"' in page
    assert 'aria-invalid="true"' in page
    assert 'value="Enköping"' in page
    assert not Organisation.objects.exists()


def test_an_already_registered_number_is_refused(client):
    OrganisationFactory(organisation_number="5560360793")
    client.force_login(UserFactory())
    response = client.post("/en/organisations/new/", company_data())
    assert "already registered" in response.content.decode()
    assert Organisation.objects.count() == 1


def test_joining_by_organisation_number_waits_for_an_admin(client):
    admin = OrganisationMembershipFactory(organisation__organisation_number="5560360793")
    company = admin.organisation
    newcomer = UserFactory()
    client.force_login(newcomer)
    client.post("/en/organisations/join/", {"organisation_number": "556036 0793"})
    request = OrganisationMembership.objects.get(user=newcomer)
    assert (request.status, request.role) == ("pending", "member")
    assert not Organisation.objects.represented_by(newcomer).exists()

    # Only the company's admin decides.
    assert client.get(f"/en/organisations/{company.slug}/members/").status_code == 404
    client.force_login(admin.user)
    page = client.get(f"/en/organisations/{company.slug}/members/").content.decode()
    assert newcomer.email in page
    client.post(
        f"/en/organisations/{company.slug}/members/{request.pk}/decide/", {"decision": "approve"}
    )
    request.refresh_from_db()
    assert request.status == "active"
    assert Organisation.objects.represented_by(newcomer).get() == company


def test_join_with_unknown_number_says_so_at_the_field(client):
    client.force_login(UserFactory())
    response = client.post("/en/organisations/join/", {"organisation_number": "556036-0793"})
    assert "No company with this number" in response.content.decode()
    assert 'id="id_organisation_number_error"' in response.content.decode()


def test_only_company_admins_edit_the_profile(client):
    admin = OrganisationMembershipFactory(organisation__organisation_number="5560360793")
    member = OrganisationMembershipFactory(
        organisation=admin.organisation, role=OrganisationMembership.Role.MEMBER
    )
    url = f"/en/organisations/{admin.organisation.slug}/edit/"
    assert "/accounts/login/" in client.get(url).url
    client.force_login(member.user)
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(admin.user)
    assert client.get(url).status_code == 200
    client.post(url, company_data(name="Renamed AB", headcount="300"))
    company = Organisation.objects.get(pk=admin.organisation.pk)
    assert company.name == "Renamed AB"
    assert company.size_class == "large"
    assert SizeDeclaration.objects.filter(organisation=company).count() == 1


def test_decide_rejects_unknown_decisions_and_other_companies(client):
    admin = OrganisationMembershipFactory()
    other_request = OrganisationMembershipFactory(status=OrganisationMembership.Status.PENDING)
    client.force_login(admin.user)
    url = f"/en/organisations/{admin.organisation.slug}/members/{other_request.pk}/decide/"
    assert client.post(url, {"decision": "approve"}).status_code == 404
    own = OrganisationMembershipFactory(
        organisation=admin.organisation, status=OrganisationMembership.Status.PENDING
    )
    url = f"/en/organisations/{admin.organisation.slug}/members/{own.pk}/decide/"
    assert client.post(url, {"decision": "maybe"}).status_code == 404
