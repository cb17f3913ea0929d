import pytest

from events.models import Registration
from projects.models import Project, ProjectGoal
from tests.factories import (
    EventFactory,
    ProjectFactory,
    ProjectGoalFactory,
    RegistrationFactory,
    ScienceParkFactory,
    ThematicAreaFactory,
    county,
)

pytestmark = pytest.mark.django_db


def names(response):
    return [project.name for project in response.context["page_obj"]]


def test_project_list_filters_by_programme_county_theme_and_text(client):
    theme = ThematicAreaFactory(slug="health")
    match = ProjectFactory(name="Health boost", funding_programme="interreg")
    match.counties.add(county("AB"))
    match.thematic_areas.add(theme)
    ProjectFactory(name="Health ERDF", funding_programme="erdf")
    ProjectFactory(name="Draft health", status=Project.Status.DRAFT, funding_programme="interreg")
    response = client.get(
        "/en/projects/",
        {"funding_programme": "interreg", "county": "AB", "theme": "health", "q": "boost"},
    )
    assert names(response) == ["Health boost"]
    assert sorted(names(client.get("/en/projects/", {"q": "health"}))) == [
        "Health ERDF",
        "Health boost",
    ]


def test_malformed_project_query_gives_a_message(client):
    response = client.get("/en/projects/?funding_programme=lottery&county=&page=0")
    assert response.status_code == 200
    assert "could not be understood" in response.content.decode()


@pytest.mark.parametrize("rows", [5, 200])
def test_project_list_query_count_does_not_grow_with_rows(
    client, rows, django_assert_max_num_queries
):
    owner = ScienceParkFactory()
    for project in ProjectFactory.create_batch(rows, owner=owner):
        project.counties.add(county("C"))
    with django_assert_max_num_queries(8):
        response = client.get("/en/projects/", {"funding_programme": "erdf"})
    assert response.context["listing"].count == rows


def test_project_detail_shows_goal_progress_from_attended_registrations(client):
    goal = ProjectGoalFactory(target_value=200, unit="companies")
    ProjectGoalFactory(
        project=goal.project,
        description="Hours",
        metric=ProjectGoal.Metric.MANUAL,
        manual_value=12,
        target_value=40,
        unit="hours",
    )
    event = EventFactory(projects=[goal.project])
    for _ in range(3):
        RegistrationFactory(event=event, attended=True)
    RegistrationFactory(event=event)  # registered but not (yet) attended: does not count
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    page = client.get(f"/en/projects/{goal.project.slug}/").content.decode()
    assert "3 of 200 companies" in page
    assert "12 of 40 hours" in page
    assert '<progress max="200" value="3"' in page


def test_draft_project_is_not_found(client):
    project = ProjectFactory(status=Project.Status.DRAFT)
    assert client.get(f"/en/projects/{project.slug}/").status_code == 404
