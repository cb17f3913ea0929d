"""When follow-up surveys fall due and are mailed, against dates worked out by hand; running
the schedule twice sends nothing twice."""

import datetime
import zoneinfo
from decimal import Decimal

import pytest
from django.core import mail

from companies.models import OrganisationMembership
from followup.models import FollowUpSurvey
from followup.services import answer_follow_up_survey, record_follow_up_surveys
from notifications.models import Notification
from notifications.services import deliver_notification
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    ProjectFactory,
    RegistrationFactory,
    ScienceParkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.SITE_URL = "https://portal.example.org"
    settings.FOLLOW_UP_WAVES_MONTHS = [6, 12]
    settings.FOLLOW_UP_REMINDER_DAYS = 14


def at(year, month, day, hour=10):
    return datetime.datetime(year, month, day, hour, tzinfo=STOCKHOLM)


def attended(project, organisation, day: datetime.date, *, attended=True):
    start = datetime.datetime.combine(day, datetime.time(9), tzinfo=STOCKHOLM)
    event = EventFactory(
        projects=[project], starts_at=start, ends_at=start + datetime.timedelta(hours=3)
    )
    return RegistrationFactory(event=event, organisation=organisation, attended=attended)


def company_with_admin(**user_fields):
    membership = OrganisationMembershipFactory(
        user=UserFactory(**user_fields), role=OrganisationMembership.Role.ADMIN
    )
    return membership.organisation, membership.user


def run(now, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return record_follow_up_surveys(now=now)


def test_six_months_after_the_first_support_the_admin_gets_the_survey(
    django_capture_on_commit_callbacks,
):
    project = ProjectFactory(name="Green Growth", acronym="")
    company, admin = company_with_admin(preferred_language="en", first_name="Ada")
    attended(project, company, datetime.date(2025, 3, 10))
    attended(project, company, datetime.date(2025, 4, 10))

    assert run(at(2025, 9, 9), django_capture_on_commit_callbacks) == []
    run(at(2025, 9, 10), django_capture_on_commit_callbacks)

    survey = FollowUpSurvey.objects.get()
    assert (survey.project, survey.organisation, survey.wave) == (project, company, 6)
    assert survey.first_supported_on == datetime.date(2025, 3, 10)
    assert survey.due_on == datetime.date(2025, 9, 10)
    assert survey.sent_at == at(2025, 9, 10)
    [message] = mail.outbox
    assert message.to == [admin.email]
    assert message.subject == "Four questions about Green Growth"
    assert "Hello Ada" in message.body
    assert f"https://portal.example.org/en/follow-up/{survey.token()}/" in message.body


def test_the_twelve_month_survey_is_a_second_wave(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    company, _admin = company_with_admin()
    attended(project, company, datetime.date(2024, 11, 20))

    run(at(2025, 5, 20), django_capture_on_commit_callbacks)
    run(at(2025, 11, 20), django_capture_on_commit_callbacks)

    assert list(FollowUpSurvey.objects.order_by("wave").values_list("wave", "due_on")) == [
        (6, datetime.date(2025, 5, 20)),
        (12, datetime.date(2025, 11, 20)),
    ]
    # The six-month survey; later the twelve-month survey and the six-month one's reminder.
    assert list(Notification.objects.order_by("id").values_list("kind", flat=True)) == [
        Notification.Kind.FOLLOW_UP_SURVEY,
        Notification.Kind.FOLLOW_UP_SURVEY,
        Notification.Kind.FOLLOW_UP_REMINDER,
    ]


def test_the_schedule_running_twice_sends_once(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    company, _admin = company_with_admin()
    attended(project, company, datetime.date(2025, 3, 10))

    first = run(at(2025, 9, 10, 9), django_capture_on_commit_callbacks)
    second = run(at(2025, 9, 10, 10), django_capture_on_commit_callbacks)

    assert len(first) == 1
    assert second == []
    assert FollowUpSurvey.objects.count() == 1
    assert Notification.objects.filter(kind=Notification.Kind.FOLLOW_UP_SURVEY).count() == 1
    assert len(mail.outbox) == 1


def test_every_admin_of_the_company_is_asked_and_members_are_not(
    django_capture_on_commit_callbacks,
):
    project = ProjectFactory()
    company, first_admin = company_with_admin()
    second_admin = OrganisationMembershipFactory(organisation=company).user
    OrganisationMembershipFactory(organisation=company, role=OrganisationMembership.Role.MEMBER)
    attended(project, company, datetime.date(2025, 3, 10))

    run(at(2025, 9, 10), django_capture_on_commit_callbacks)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [first_admin.email, second_admin.email]
    )


def test_only_attended_support_of_an_enterprise_in_a_project_counts(
    django_capture_on_commit_callbacks,
):
    project = ProjectFactory()
    absent, _ = company_with_admin()
    attended(project, absent, datetime.date(2025, 3, 10), attended=False)
    park = ScienceParkFactory()
    OrganisationMembershipFactory(organisation=park)
    attended(project, park, datetime.date(2025, 3, 10))
    outside, _ = company_with_admin()
    start = datetime.datetime(2025, 3, 10, 9, tzinfo=STOCKHOLM)
    RegistrationFactory(
        event=EventFactory(starts_at=start, ends_at=start + datetime.timedelta(hours=2)),
        organisation=outside,
        attended=True,
    )

    run(at(2025, 9, 10), django_capture_on_commit_callbacks)

    assert not FollowUpSurvey.objects.exists()
    assert mail.outbox == []


def test_the_first_support_in_each_project_counts_separately(django_capture_on_commit_callbacks):
    earlier, later = ProjectFactory(), ProjectFactory()
    company, _admin = company_with_admin()
    attended(earlier, company, datetime.date(2025, 1, 15))
    attended(later, company, datetime.date(2025, 3, 10))
    # A later event of the earlier project does not move its first support.
    attended(earlier, company, datetime.date(2025, 3, 10))

    run(at(2025, 7, 15), django_capture_on_commit_callbacks)
    run(at(2025, 9, 10), django_capture_on_commit_callbacks)

    assert set(FollowUpSurvey.objects.values_list("project", "due_on")) == {
        (earlier.pk, datetime.date(2025, 7, 15)),
        (later.pk, datetime.date(2025, 9, 10)),
    }


def test_a_survey_missed_for_a_few_days_is_sent_and_an_old_support_is_not_asked_about(
    django_capture_on_commit_callbacks,
):
    project = ProjectFactory()
    recent, _ = company_with_admin()
    attended(project, recent, datetime.date(2025, 3, 1))
    long_ago, _ = company_with_admin()
    attended(project, long_ago, datetime.date(2023, 3, 1))

    run(at(2025, 9, 20), django_capture_on_commit_callbacks)

    [survey] = FollowUpSurvey.objects.all()
    assert survey.organisation == recent
    assert survey.due_on == datetime.date(2025, 9, 1)


def test_month_ends_fall_due_on_the_last_day_of_the_shorter_month(
    django_capture_on_commit_callbacks,
):
    project = ProjectFactory()
    company, _admin = company_with_admin()
    attended(project, company, datetime.date(2025, 8, 31))

    run(at(2026, 2, 27), django_capture_on_commit_callbacks)
    assert not FollowUpSurvey.objects.exists()
    run(at(2026, 2, 28), django_capture_on_commit_callbacks)

    assert FollowUpSurvey.objects.get().due_on == datetime.date(2026, 2, 28)


def test_one_reminder_after_two_weeks_without_an_answer(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    company, admin = company_with_admin(preferred_language="sv")
    attended(project, company, datetime.date(2025, 3, 10))
    run(at(2025, 9, 10), django_capture_on_commit_callbacks)

    assert run(at(2025, 9, 23), django_capture_on_commit_callbacks) == []
    [reminder] = run(at(2025, 9, 24), django_capture_on_commit_callbacks)
    assert run(at(2025, 9, 25), django_capture_on_commit_callbacks) == []
    assert run(at(2025, 10, 24), django_capture_on_commit_callbacks) == []

    assert reminder.kind == Notification.Kind.FOLLOW_UP_REMINDER
    assert FollowUpSurvey.objects.get().reminded_at == at(2025, 9, 24)
    _survey_mail, second = mail.outbox
    assert second.to == [admin.email]
    assert second.subject.startswith("Påminnelse: fyra frågor om")
    assert "/follow-up/" in second.body
    assert "/en/" not in second.body


def test_an_answered_survey_gets_no_reminder(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    company, admin = company_with_admin()
    attended(project, company, datetime.date(2025, 3, 10))
    run(at(2025, 9, 10), django_capture_on_commit_callbacks)
    answer_follow_up_survey(
        survey=FollowUpSurvey.objects.get(),
        user=admin,
        answers={
            "new_product_or_process": True,
            "new_marketing_or_organisation": False,
            "jobs_created": Decimal(2),
            "research_collaboration": False,
        },
    )

    assert run(at(2025, 9, 30), django_capture_on_commit_callbacks) == []
    assert len(mail.outbox) == 1


def test_a_reminder_recorded_before_an_answer_is_skipped_at_sending(
    django_capture_on_commit_callbacks,
):
    project = ProjectFactory()
    company, _admin = company_with_admin()
    attended(project, company, datetime.date(2025, 3, 10))
    run(at(2025, 9, 10), django_capture_on_commit_callbacks)
    # Recorded, then answered before the worker sends it.
    [reminder] = record_follow_up_surveys(now=at(2025, 9, 24))
    FollowUpSurvey.objects.update(
        answered_at=at(2025, 9, 24, 11),
        new_product_or_process=False,
        new_marketing_or_organisation=False,
        jobs_created=0,
        research_collaboration=False,
    )
    deliver_notification(notification_id=reminder.pk)

    reminder.refresh_from_db()
    assert reminder.status == Notification.Status.SKIPPED
    assert len(mail.outbox) == 1


def test_a_company_without_an_admin_is_asked_once_it_has_one(django_capture_on_commit_callbacks):
    project = ProjectFactory()
    company = OrganisationFactory()
    attended(project, company, datetime.date(2025, 3, 10))

    run(at(2025, 9, 10), django_capture_on_commit_callbacks)
    assert FollowUpSurvey.objects.get().sent_at is None
    admin = OrganisationMembershipFactory(organisation=company).user
    run(at(2025, 9, 11), django_capture_on_commit_callbacks)

    assert FollowUpSurvey.objects.get().sent_at == at(2025, 9, 11)
    assert [message.to for message in mail.outbox] == [[admin.email]]
