"""Who reaches which report: anonymous → login, no report at all → 403, another's → 404."""

import copy

import pytest

from companies.models import OrganisationMembership
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    ProjectFactory,
    RegistrationFactory,
    ScienceParkFactory,
    UserFactory,
)
from tests.shared_world import kept_for_the_module

from .helpers import coordinator_of, past, scope, staff_of

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        yield build_world()


@pytest.fixture
def world(module_world, db):
    return copy.deepcopy(module_world)


def build_world():
    host = ScienceParkFactory()
    own, other = ProjectFactory(), ProjectFactory()
    own_event = EventFactory(hosts=[host], projects=[own], **past(2021, 3))
    other_event = EventFactory(projects=[other], **past(2021, 3))
    participant = UserFactory(first_name="Alva", last_name="Lind", email="alva@firm.example")
    RegistrationFactory(event=own_event, user=participant, attended=True)
    RegistrationFactory(event=other_event, attended=True)
    return {"host": host, "own": own, "other": other, "other_event": other_event}


def urls(project, query):
    return [
        f"/en/reports/?scope={query}",
        f"/en/reports/participants.csv?scope={query}",
        f"/en/reports/participants.xlsx?scope={query}",
        f"/en/reports/enterprises.csv?scope={query}",
        f"/en/reports/enterprises.xlsx?scope={query}",
        f"/en/reports/projects/{project.slug}/",
    ]


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    for url in ["/en/reports/", *urls(world["own"], scope("project", world["own"]))]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


def test_company_users_may_not_see_reports(client, world):
    sme = OrganisationMembershipFactory(role=OrganisationMembership.Role.ADMIN).user
    client.force_login(sme)
    for url in ["/en/reports/", *urls(world["own"], scope("project", world["own"]))]:
        assert client.get(url).status_code == 403, url
    assert b'href="/en/reports/"' not in client.get("/en/").content


def test_another_projects_report_is_not_found(client, world):
    client.force_login(coordinator_of(world["own"]))
    for url in urls(world["other"], scope("project", world["other"])):
        assert client.get(url).status_code == 404, url
    query = scope("event", world["other_event"])
    assert client.get(f"/en/reports/?scope={query}").status_code == 404
    assert client.get("/en/reports/?scope=project-999999").status_code == 404


def test_coordinators_see_their_project_with_names(client, world):
    client.force_login(coordinator_of(world["own"]))
    for url in urls(world["own"], scope("project", world["own"])):
        assert client.get(url).status_code == 200, url
    assert b'href="/en/reports/"' in client.get("/en/").content
    csv = client.get("/en/reports/participants.csv", {"scope": scope("project", world["own"])})
    assert "Alva Lind,alva@firm.example" in b"".join(csv.streaming_content).decode()


def test_staff_see_what_their_organisation_hosted_with_names(client, world):
    client.force_login(staff_of(world["host"]))
    query = {"scope": scope("organisation", world["host"])}
    assert client.get("/en/reports/", query).status_code == 200
    csv = client.get("/en/reports/participants.csv", query)
    assert "alva@firm.example" in b"".join(csv.streaming_content).decode()
    assert (
        client.get("/en/reports/", {"scope": scope("project", world["other"])}).status_code == 404
    )
    other_host = world["other_event"].hosts.get()
    query = {"scope": scope("organisation", other_host)}
    assert client.get("/en/reports/", query).status_code == 404


def test_partner_staff_get_figures_but_no_names_of_events_they_did_not_host(client, world):
    partner = OrganisationFactory(kind="university")
    world["own"].partners.add(partner)
    client.force_login(staff_of(partner))
    query = {"scope": scope("project", world["own"])}
    response = client.get("/en/reports/", query)
    assert response.status_code == 200
    assert response.context["summary"].participants == 1
    text = b"".join(client.get("/en/reports/participants.csv", query).streaming_content).decode()
    assert len(text.splitlines()) == 2
    assert "alva@firm.example" not in text
    assert "Alva" not in text


def test_superusers_see_every_report(client, world, superuser):
    client.force_login(superuser)
    for project in (world["own"], world["other"]):
        for url in urls(project, scope("project", project)):
            assert client.get(url).status_code == 200, url


def test_bad_input_is_shown_at_the_field_not_an_error(client, world):
    client.force_login(coordinator_of(world["own"]))
    own = scope("project", world["own"])
    response = client.get(
        "/en/reports/", {"scope": own, "date_from": "2022-01-01", "date_to": "2021-01-01"}
    )
    assert response.status_code == 200
    assert "The period cannot end before it starts." in response.content.decode()
    assert client.get("/en/reports/", {"scope": "nonsense"}).status_code == 200
    assert client.get("/en/reports/", {"scope": own, "county": "ZZ"}).status_code == 200
    response = client.get("/en/reports/participants.csv", {"scope": own, "date_from": "x"})
    assert response.status_code == 302


def test_the_report_page_needs_few_queries(client, world, django_assert_max_num_queries):
    project = world["own"]
    for _ in range(5):
        EventFactory(projects=[project], **past(2021, 5))
    RegistrationFactory.create_batch(10, event=project.events.first(), attended=True)
    client.force_login(coordinator_of(project))
    with django_assert_max_num_queries(25):
        response = client.get("/en/reports/", {"scope": scope("project", project)})
    assert response.status_code == 200
