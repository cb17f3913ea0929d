import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import ProjectGoal
from projects.progress import goal_values
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectGoalFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


def test_goal_values_match_each_goal_counted_alone_in_one_query():
    import datetime

    from django.utils import timezone

    project = ProjectFactory()
    past = timezone.now() - datetime.timedelta(days=3)
    event = EventFactory(
        projects=[project], starts_at=past, ends_at=past + datetime.timedelta(hours=2)
    )
    for _ in range(3):
        RegistrationFactory(event=event, organisation=OrganisationFactory(), attended=True)
    RegistrationFactory(event=event, attended=False)
    goals = [
        ProjectGoalFactory(project=project, metric=metric, manual_value=7)
        for metric, _label in ProjectGoal.Metric.choices
    ]
    with CaptureQueriesContext(connection) as queries:
        values = goal_values(goals)
    assert len(queries) == 1
    assert values == {goal.pk: goal_values([goal])[goal.pk] for goal in goals}
    assert values[goals[0].pk] == 3
