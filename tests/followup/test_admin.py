"""Staff record answers given on the phone, for their own organisation's projects only."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest

from accounts.roles import SCIENCE_PARK_STAFF, ensure_role_groups
from companies.models import OrganisationMembership
from followup.models import FollowUpSurvey
from tests.factories import (
    FollowUpSurveyFactory,
    OrganisationMembershipFactory,
    ProjectFactory,
    ScienceParkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


def staff_of(park):
    user = UserFactory(is_staff=True)
    user.groups.add(ensure_role_groups()[SCIENCE_PARK_STAFF])
    OrganisationMembershipFactory(
        user=user, organisation=park, role=OrganisationMembership.Role.STAFF
    )
    return user


@pytest.fixture
def park():
    return ScienceParkFactory()


@pytest.fixture
def survey(park):
    return FollowUpSurveyFactory(project=ProjectFactory(owner=park))


def change_url(survey):
    return f"/en/admin/followup/followupsurvey/{survey.pk}/change/"


PHONE_ANSWER = {
    "new_product_or_process": "no",
    "new_marketing_or_organisation": "yes",
    "jobs_created": "3",
    "research_collaboration": "no",
    "respondent": "Karin Berg, CEO",
    "answered_at_0": "2025-09-15",
    "answered_at_1": "14:30:00",
}


def test_staff_record_a_phone_answer_with_who_and_when(client, park, survey):
    staff = staff_of(park)
    client.force_login(staff)

    response = client.post(change_url(survey), PHONE_ANSWER)

    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.channel == FollowUpSurvey.Channel.PHONE
    assert survey.respondent == "Karin Berg, CEO"
    assert survey.answered_at == datetime.datetime(2025, 9, 15, 14, 30, tzinfo=STOCKHOLM)
    assert survey.recorded_by == staff
    assert survey.recorded_at is not None
    assert survey.answered_by is None
    assert (survey.new_product_or_process, survey.new_marketing_or_organisation) == (False, True)
    assert survey.jobs_created == Decimal(3)


def test_a_phone_answer_needs_every_question_and_the_respondent(client, park, survey):
    client.force_login(staff_of(park))

    response = client.post(
        change_url(survey), {**PHONE_ANSWER, "respondent": "", "jobs_created": ""}
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.keys() == {"respondent", "jobs_created"}
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_staff_of_another_organisation_do_not_see_the_survey(client, survey):
    client.force_login(staff_of(ScienceParkFactory()))

    assert client.get(change_url(survey)).status_code == 404
    assert client.post(change_url(survey), PHONE_ANSWER).status_code == 404
    listing = client.get("/en/admin/followup/followupsurvey/")
    assert listing.status_code == 200
    assert survey.organisation.name not in listing.content.decode()


def test_an_online_answer_is_shown_as_given(client, park):
    survey = FollowUpSurveyFactory(project=ProjectFactory(owner=park), answered=True)
    client.force_login(staff_of(park))

    client.post(change_url(survey), PHONE_ANSWER)

    survey.refresh_from_db()
    assert survey.channel == FollowUpSurvey.Channel.ONLINE
    assert survey.jobs_created == Decimal("1.5")
    assert survey.recorded_by is None


def test_surveys_are_not_added_by_hand(client, park):
    client.force_login(staff_of(park))
    assert client.get("/en/admin/followup/followupsurvey/add/").status_code == 403
