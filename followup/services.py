"""Writes of the result follow-up: surveys become due, are mailed and reminded once, and are
answered online by the company or recorded by staff after a phone call.

`record_follow_up_surveys` runs from the beat schedule and is safe to run twice, or twice at
once: a survey is unique per project, enterprise and wave, and each message is unique per survey
and recipient in the outbox (its `dedupe_key`).
"""

from __future__ import annotations

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from companies.models import Organisation, OrganisationMembership
from events.models import Registration
from notifications.models import Notification
from notifications.services import record_notification

from .models import FollowUpSurvey

# A survey that became due while the schedule did not run is still sent this long after; an
# enterprise supported long before the follow-up existed is not asked about it years later.
CATCH_UP = datetime.timedelta(days=30)
# Month ends: 31 August plus six months is 28 February, while 28 February less six months is
# 28 August; the search for first supports reaches a few days further either way, and each
# candidate's own due day decides.
MONTH_END_SLACK = datetime.timedelta(days=3)


def first_supports_in_projects(*, since: datetime.date, until: datetime.date):
    """Each enterprise's first support (attended event, local day) in each project, for the
    pairs whose first support fell within [since, until]."""
    return (
        Registration.objects.attended()
        .filter(organisation__kind=Organisation.Kind.COMPANY, event__projects__isnull=False)
        .order_by()
        .values("organisation_id", "event__projects")
        .annotate(first=Min(TruncDate("event__starts_at")))
        .filter(first__gte=since, first__lte=until)
    )


def create_due_surveys(*, today: datetime.date) -> int:
    """Create the surveys that fell due in the catch-up window; returns how many candidates
    there were (existing surveys are left as they are)."""
    earliest_due = today - CATCH_UP
    candidates = []
    for wave in settings.FOLLOW_UP_WAVES_MONTHS:
        months = relativedelta(months=wave)
        for row in first_supports_in_projects(
            since=earliest_due - months - MONTH_END_SLACK, until=today - months + MONTH_END_SLACK
        ):
            due_on = row["first"] + months
            if earliest_due <= due_on <= today:
                candidates.append(
                    FollowUpSurvey(
                        project_id=row["event__projects"],
                        organisation_id=row["organisation_id"],
                        wave=wave,
                        first_supported_on=row["first"],
                        due_on=due_on,
                    )
                )
    # Another run may have created some of them a moment ago: the unique constraint decides.
    FollowUpSurvey.objects.bulk_create(candidates, ignore_conflicts=True)
    return len(candidates)


def company_admins(organisation_id: int):
    return (
        OrganisationMembership.objects.active()
        .filter(organisation_id=organisation_id, role=OrganisationMembership.Role.ADMIN)
        .select_related("user")
    )


def _mail_admins(survey: FollowUpSurvey, kind: str) -> list[Notification]:
    recorded = [
        record_notification(
            kind=kind,
            recipient=membership.user,
            dedupe_key=f"{kind}:{survey.pk}:{membership.user_id}",
            context={"survey": survey.pk},
        )
        for membership in company_admins(survey.organisation_id)
        if membership.user.is_active
    ]
    return [notification for notification in recorded if notification]


def record_follow_up_surveys(*, now: datetime.datetime | None = None) -> list[Notification]:
    """Create the surveys now due, mail each to its company's admins and remind them once
    after FOLLOW_UP_REMINDER_DAYS; returns the messages recorded by this run."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    create_due_surveys(today=today)
    recorded: list[Notification] = []
    unsent = FollowUpSurvey.objects.unanswered().filter(
        sent_at__isnull=True, due_on__gte=today - CATCH_UP, due_on__lte=today
    )
    for survey in unsent:
        with transaction.atomic():
            messages = _mail_admins(survey, Notification.Kind.FOLLOW_UP_SURVEY)
            # A company without an admin is tried again on the next run (or phoned).
            if company_admins(survey.organisation_id).exists():
                FollowUpSurvey.objects.filter(pk=survey.pk, sent_at__isnull=True).update(
                    sent_at=now
                )
            recorded += messages
    reminder_after = datetime.timedelta(days=settings.FOLLOW_UP_REMINDER_DAYS)
    for survey in FollowUpSurvey.objects.due_for_reminder(sent_before=now - reminder_after):
        with transaction.atomic():
            recorded += _mail_admins(survey, Notification.Kind.FOLLOW_UP_REMINDER)
            FollowUpSurvey.objects.filter(pk=survey.pk, reminded_at__isnull=True).update(
                reminded_at=now
            )
    return recorded


ANSWER_FIELDS = (
    "new_product_or_process",
    "new_marketing_or_organisation",
    "jobs_created",
    "research_collaboration",
)


def answer_follow_up_survey(*, survey: FollowUpSurvey, user, answers: dict) -> bool:
    """Record the company's own answer; False when the survey was answered already."""
    values = {name: answers[name] for name in ANSWER_FIELDS}
    with transaction.atomic():
        answered = FollowUpSurvey.objects.filter(pk=survey.pk, answered_at__isnull=True).update(
            **values,
            answered_at=timezone.now(),
            answered_by=user,
            channel=FollowUpSurvey.Channel.ONLINE,
        )
    return bool(answered)


def record_phone_answer(
    *, survey: FollowUpSurvey, recorded_by, respondent: str, answered_at: datetime.datetime
) -> FollowUpSurvey:
    """Mark the answers set on `survey` as given by `respondent` on the phone at
    `answered_at`, recorded now by a member of staff, and save it."""
    survey.channel = FollowUpSurvey.Channel.PHONE
    survey.respondent = respondent
    survey.answered_at = answered_at
    survey.answered_by = None
    survey.recorded_by = recorded_by
    survey.recorded_at = timezone.now()
    survey.save()
    return survey
