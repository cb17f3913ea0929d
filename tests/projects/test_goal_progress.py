import pytest

from events.models import Registration
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


def test_companies_reached_counts_each_attending_company_once():
    project = ProjectFactory()
    goal = ProjectGoalFactory(project=project, target_value=200)
    first, second = EventFactory(projects=[project]), EventFactory(projects=[project])
    company = OrganisationFactory()
    RegistrationFactory(event=first, organisation=company, attended=True)
    RegistrationFactory(event=second, organisation=company, attended=True)
    RegistrationFactory(event=first, attended=True)
    RegistrationFactory(event=first, attended=False)
    RegistrationFactory(event=first, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=EventFactory(), attended=True)  # another project's event
    value = goal_values([goal])[goal.pk]
    assert value == 2
    assert goal.percent_of_target(value) == 1


def test_participants_and_support_hours_sum_attended_registrations():
    project = ProjectFactory()
    event = EventFactory(projects=[project], support_hours=3)
    RegistrationFactory.create_batch(3, event=event, attended=True)
    RegistrationFactory(event=event, attended=None)
    participants = ProjectGoalFactory(project=project, metric=ProjectGoal.Metric.PARTICIPANTS)
    hours = ProjectGoalFactory(project=project, metric=ProjectGoal.Metric.SUPPORT_HOURS)
    values = goal_values([participants, hours])
    assert values[participants.pk] == 3
    assert values[hours.pk] == 9
