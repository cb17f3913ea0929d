"""Every public page does a bounded number of queries whatever the amount of data (issue #8).

Each page is built with a few rows and with many; the query count must not grow and must stay
within 10. The page cache is off here (tests/conftest.py), so these are the uncached counts.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Registration
from projects.models import ProjectGoal, ProjectPartner
from tests.factories import (
    EventFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectGoalFactory,
    RegistrationFactory,
    ScienceParkFactory,
    ThematicAreaFactory,
)

pytestmark = pytest.mark.django_db

MAX_QUERIES = 10


@pytest.fixture
def site():
    """One network, event and project (the detail pages), hosted by two science parks."""
    parks = [ScienceParkFactory() for _ in range(2)]
    themes = [ThematicAreaFactory() for _ in range(2)]
    for park in parks:
        park.thematic_areas.set(themes)
    project = ProjectFactory(owner=parks[0], slug="the-project")
    ProjectPartner.objects.create(project=project, organisation=parks[1])
    for metric in ProjectGoal.Metric.values:  # every kind of goal progress
        ProjectGoalFactory(project=project, metric=metric, manual_value=1)
    network = NetworkFactory(hosts=parks, slug="the-network")
    network.thematic_areas.set(themes)
    event = EventFactory(hosts=parks, slug="the-event", capacity=None, projects=[project])
    return {"parks": parks, "themes": themes, "network": network, "event": event}


def add_rows(site, rows):
    """More rows in every list and behind every detail page."""
    parks, themes = site["parks"], site["themes"]
    for n in range(rows):
        ProjectFactory(owner=parks[n % 2])
        NetworkFactory(hosts=parks).thematic_areas.set(themes)
        EventFactory(hosts=parks)
        company = OrganisationFactory()
        company.thematic_areas.set(themes)
        NetworkMembershipFactory(network=site["network"], organisation=company)
        RegistrationFactory(
            event=site["event"], organisation=company, status=Registration.Status.CONFIRMED
        )


PAGES = [
    "/",
    "/en/",
    "/networks/",
    "/networks/the-network/",
    "/events/",
    "/events/the-event/",
    "/projects/",
    "/projects/the-project/",
    "/organisations/",
]


def queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.parametrize("path", PAGES)
def test_public_page_queries_are_bounded_and_do_not_grow_with_data(client, site, path):
    add_rows(site, 2)
    few = queries_for(client, path)
    add_rows(site, 25)
    many = queries_for(client, path)
    assert many == few
    assert many <= MAX_QUERIES
