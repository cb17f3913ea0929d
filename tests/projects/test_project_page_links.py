"""A project's page: Open Graph and Twitter meta for sharing, and the way to its report and
dashboard for the people who may read them."""

import pytest

from tests.factories import ProjectFactory, UserFactory
from tests.reports.helpers import coordinator_of, staff_of

pytestmark = pytest.mark.django_db


def page(client, project) -> str:
    response = client.get(f"/en/projects/{project.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_project_page_has_open_graph_and_twitter_meta(client):
    project = ProjectFactory(name="Innovationsboost", description="Support for small companies.")
    html = page(client, project)
    assert '<meta property="og:title" content="Innovationsboost">' in html
    assert '<meta property="og:description" content="Support for small companies.">' in html
    assert '<meta property="og:url" content="http' in html
    assert f"/en/projects/{project.slug}/" in html
    assert '<meta property="og:site_name" content="Cluster Portal">' in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_coordinator_reaches_the_dashboard_and_report_from_the_project_page(client):
    project = ProjectFactory()
    client.force_login(coordinator_of(project))
    html = page(client, project)
    assert f'href="/en/reports/projects/{project.slug}/"' in html
    assert f'href="/en/reports/?scope=project-{project.pk}"' in html


def test_owner_staff_reach_them_too(client):
    project = ProjectFactory()
    client.force_login(staff_of(project.owner))
    assert f'href="/en/reports/projects/{project.slug}/"' in page(client, project)


@pytest.mark.parametrize("who", ["anonymous", "someone", "another_coordinator"])
def test_others_see_no_report_links(client, who):
    project = ProjectFactory()
    if who == "someone":
        client.force_login(UserFactory())
    elif who == "another_coordinator":
        client.force_login(coordinator_of(ProjectFactory()))
    html = page(client, project)
    assert f"/reports/projects/{project.slug}/" not in html
    assert f"scope=project-{project.pk}" not in html
