"""The follow-up schedule started twice at once (beat firing twice, two workers) sends each
survey once: the database's unique keys decide, on separate PostgreSQL connections."""

import datetime
import zoneinfo

import pytest

from followup.models import FollowUpSurvey
from followup.services import record_follow_up_surveys
from notifications.models import Notification
from tests.conftest import requires_postgres
from tests.factories import EventFactory, ProjectFactory, RegistrationFactory

from .concurrency import run_pair_at_once
from .test_concurrent_writes import representatives

pytestmark = [
    requires_postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("counties"),
]

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def test_two_runs_at_once_send_each_survey_once(settings):
    settings.FOLLOW_UP_WAVES_MONTHS = [6, 12]
    project = ProjectFactory()
    start = datetime.datetime(2025, 3, 10, 9, tzinfo=STOCKHOLM)
    event = EventFactory(
        projects=[project], starts_at=start, ends_at=start + datetime.timedelta(hours=2)
    )
    companies = representatives(10)
    for user, organisation in companies:
        RegistrationFactory(event=event, user=user, organisation=organisation, attended=True)
    now = datetime.datetime(2025, 9, 10, 9, 45, tzinfo=STOCKHOLM)

    results = run_pair_at_once(
        lambda: record_follow_up_surveys(now=now), lambda: record_follow_up_surveys(now=now)
    )

    assert not [result for result in results if isinstance(result, Exception)], results
    assert sum(len(result) for result in results) == 10
    assert FollowUpSurvey.objects.count() == 10
    surveys = Notification.objects.filter(kind=Notification.Kind.FOLLOW_UP_SURVEY)
    assert sorted(surveys.values_list("recipient", flat=True)) == sorted(
        user.pk for user, _organisation in companies
    )
