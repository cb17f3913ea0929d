"""The company's admins answer the survey through the link in the mail; nobody else can."""

from decimal import Decimal

import pytest

from companies.models import OrganisationMembership
from followup.models import FollowUpSurvey
from tests.factories import (
    FollowUpSurveyFactory,
    OrganisationMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ANSWERS = {
    "new_product_or_process": "yes",
    "new_marketing_or_organisation": "no",
    "jobs_created": "1.5",
    "research_collaboration": "yes",
}


@pytest.fixture
def survey():
    return FollowUpSurveyFactory()


def admin_of(survey):
    return OrganisationMembershipFactory(organisation=survey.organisation).user


def url(survey, language="en"):
    return f"/{language}/follow-up/{survey.token()}/".replace("/sv/", "/")


def test_the_admin_answers_and_the_answers_are_stored(client, survey):
    admin = admin_of(survey)
    client.force_login(admin)

    page = client.get(url(survey))
    response = client.post(url(survey), ANSWERS, follow=True)

    assert page.status_code == 200
    assert survey.organisation.name in page.content.decode()
    assert response.status_code == 200
    assert "Thank you: your answers are saved." in response.content.decode()
    survey.refresh_from_db()
    assert survey.new_product_or_process is True
    assert survey.new_marketing_or_organisation is False
    assert survey.jobs_created == Decimal("1.5")
    assert survey.research_collaboration is True
    assert survey.answered_by == admin
    assert survey.channel == FollowUpSurvey.Channel.ONLINE
    assert survey.answered_at is not None


def test_a_missing_answer_is_asked_for_and_nothing_is_lost(client, survey):
    client.force_login(admin_of(survey))

    response = client.post(url(survey), {**ANSWERS, "research_collaboration": ""})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    # What was given is still filled in.
    assert 'value="1.5"' in response.content.decode()
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_negative_jobs_are_refused(client, survey):
    client.force_login(admin_of(survey))

    response = client.post(url(survey), {**ANSWERS, "jobs_created": "-1"})

    assert response.status_code == 200
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_an_answered_survey_shows_the_answers_and_takes_no_second(client):
    survey = FollowUpSurveyFactory(answered=True)
    client.force_login(admin_of(survey))

    page = client.get(url(survey))
    client.post(url(survey), {**ANSWERS, "jobs_created": "9"})

    assert "1.5" in page.content.decode()
    survey.refresh_from_db()
    assert survey.jobs_created == Decimal("1.5")


def test_anonymous_visitors_log_in_first(client, survey):
    response = client.get(url(survey))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "role", [OrganisationMembership.Role.MEMBER, OrganisationMembership.Role.STAFF]
)
def test_only_the_companys_admins_may_answer(client, survey, role):
    client.force_login(
        OrganisationMembershipFactory(organisation=survey.organisation, role=role).user
    )
    assert client.get(url(survey)).status_code == 404
    assert client.post(url(survey), ANSWERS).status_code == 404
    survey.refresh_from_db()
    assert survey.answered_at is None


def test_another_companys_admin_gets_not_found(client, survey):
    client.force_login(OrganisationMembershipFactory().user)
    assert client.get(url(survey)).status_code == 404


def test_a_forged_link_is_not_found(client, survey):
    client.force_login(admin_of(survey))
    other = FollowUpSurveyFactory(organisation=survey.organisation, wave=12)
    forged = survey.token().replace(str(survey.pk), str(other.pk), 1)
    assert client.get(f"/en/follow-up/{forged}/").status_code == 404
    assert client.get("/en/follow-up/12/").status_code == 404


def test_the_survey_in_swedish(client, survey):
    client.force_login(admin_of(survey))
    page = client.get(url(survey, "sv")).content.decode()
    assert "Uppföljning" in page
    assert "Ja" in page


def test_a_survey_of_a_past_admin_is_closed_to_them(client, survey):
    membership = OrganisationMembershipFactory(organisation=survey.organisation)
    membership.status = OrganisationMembership.Status.REJECTED
    membership.save()
    client.force_login(membership.user)
    assert client.get(url(survey)).status_code == 404


def test_a_user_without_a_company_gets_not_found(client, survey):
    client.force_login(UserFactory())
    assert client.get(url(survey)).status_code == 404
