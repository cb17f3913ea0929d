import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from cluster_portal.celery import app
from events.models import Registration
from notifications.models import Notification
from privacy.services import anonymise_expired_participant_data
from privacy.tasks import anonymise_expired_participant_data as retention_task
from tests.factories import EventFactory, NotificationFactory, ProjectFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2031, 6, 1)


@pytest.fixture(autouse=True)
def _one_year_retention(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365


def registration_for(*projects, attended=True):
    event = EventFactory(projects=list(projects))
    return RegistrationFactory(event=event, attended=attended)


def test_participants_are_anonymised_once_the_project_ended_longer_ago_than_the_setting():
    expired = registration_for(ProjectFactory(ends_on=TODAY - datetime.timedelta(days=366)))
    on_the_day = registration_for(ProjectFactory(ends_on=TODAY - datetime.timedelta(days=365)))
    kept = registration_for(ProjectFactory(ends_on=TODAY - datetime.timedelta(days=364)))

    assert anonymise_expired_participant_data(today=TODAY) == 2

    for registration in (expired, on_the_day, kept):
        registration.refresh_from_db()
    assert expired.user is None
    assert on_the_day.user is None
    assert kept.user is not None
    # The anonymous facts stay for the reports.
    assert expired.organisation_id is not None
    assert expired.attended is True
    assert expired.status == Registration.Status.CONFIRMED


def test_an_event_counting_for_a_running_project_keeps_its_participants():
    ended = ProjectFactory(ends_on=TODAY - datetime.timedelta(days=800))
    running = ProjectFactory(ends_on=TODAY + datetime.timedelta(days=30))
    open_ended = ProjectFactory(ends_on=None)
    shared = registration_for(ended, running)
    undated = registration_for(ended, open_ended)
    no_project = RegistrationFactory(event=EventFactory())

    assert anonymise_expired_participant_data(today=TODAY) == 0
    for registration in (shared, undated, no_project):
        registration.refresh_from_db()
        assert registration.user is not None


def test_running_twice_changes_nothing_more():
    registration_for(ProjectFactory(ends_on=TODAY - datetime.timedelta(days=400)))
    assert anonymise_expired_participant_data(today=TODAY) == 1
    assert anonymise_expired_participant_data(today=TODAY) == 0


def test_management_command_and_daily_task_run_the_rule(capsys):
    ended_long_ago = timezone.localdate() - datetime.timedelta(days=400)
    first = registration_for(ProjectFactory(ends_on=ended_long_ago))
    call_command("anonymise_expired_participants")
    assert "Anonymised 1 registration(s)" in capsys.readouterr().out
    first.refresh_from_db()
    assert first.user is None

    second = registration_for(ProjectFactory(ends_on=ended_long_ago))
    assert retention_task.apply().get() == 1
    second.refresh_from_db()
    assert second.user is None


def test_the_task_is_on_the_beat_schedule():
    entries = [entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()]
    assert "privacy.tasks.anonymise_expired_participant_data" in entries
    assert "privacy.tasks.anonymise_expired_participant_data" in app.tasks


def test_emails_about_expired_events_go_with_the_names():
    expired = registration_for(ProjectFactory(ends_on=TODAY - datetime.timedelta(days=400)))
    kept = registration_for(ProjectFactory(ends_on=TODAY + datetime.timedelta(days=10)))
    NotificationFactory(registration=expired)
    NotificationFactory(
        kind="event_reminder", registration=None, event=expired.event, recipient=expired.user
    )
    NotificationFactory(registration=kept)

    anonymise_expired_participant_data(today=TODAY)

    assert list(Notification.objects.values_list("registration", flat=True)) == [kept.pk]
