"""The survey mail's context, for the notifications outbox (registered in apps.py)."""

from __future__ import annotations

from companies.models import Organisation
from notifications.emails import absolute_url

from .models import FollowUpSurvey


def survey_email_context(notification) -> dict | None:
    """The survey or its reminder; None once it is answered or the recipient no longer
    administers the company."""
    survey = (
        FollowUpSurvey.objects.unanswered()
        .select_related("project", "organisation")
        .filter(pk=notification.context.get("survey"))
        .first()
    )
    if survey is None:
        return None
    if not Organisation.objects.administered_by(notification.recipient).filter(
        pk=survey.organisation_id
    ):
        return None
    return {
        "survey": survey,
        "project": survey.project,
        "organisation": survey.organisation,
        "answer_url": absolute_url(survey.get_absolute_url()),
    }
