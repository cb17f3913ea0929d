"""What /me/ offers besides the lists: cancelling each registration (after a confirmation),
past events with their attendance, the personal data download, the profile and, for a
coordinator, each project's dashboard and report."""

import datetime

import pytest
from django.utils import timezone

from events.models import Registration
from tests.factories import EventFactory, ProjectFactory, RegistrationFactory, UserFactory
from tests.reports.helpers import coordinator_of

pytestmark = pytest.mark.django_db


def my_page(client, user) -> str:
    client.force_login(user)
    response = client.get("/en/me/")
    assert response.status_code == 200
    return response.content.decode()


def test_each_upcoming_registration_has_a_cancel_link_to_its_confirmation(client):
    user = UserFactory()
    confirmed = RegistrationFactory(user=user)
    waiting = RegistrationFactory(user=user, status=Registration.Status.WAITLISTED)
    html = my_page(client, user)
    assert f'href="/en/events/{confirmed.event.slug}/cancel/?back=me">Cancel registration' in html
    assert f'href="/en/events/{waiting.event.slug}/cancel/?back=me">Leave the waiting list' in html


def test_past_events_say_whether_attendance_was_recorded(client):
    user = UserFactory()
    held = timezone.now() - datetime.timedelta(days=30)
    times = {"starts_at": held, "ends_at": held + datetime.timedelta(hours=2)}
    RegistrationFactory(user=user, attended=True, event=EventFactory(title="Went", **times))
    RegistrationFactory(user=user, event=EventFactory(title="Missed", **times))
    html = my_page(client, user)
    assert "– attended" in html
    assert "– no attendance recorded" in html


def test_links_to_personal_data_and_profile(client):
    html = my_page(client, UserFactory())
    assert 'href="/en/me/data/"' in html
    assert 'href="/en/me/profile/"' in html


def test_coordinator_reaches_each_projects_dashboard_and_report(client):
    project = ProjectFactory(name="Innovationsboost")
    ProjectFactory(name="Someone else's")
    html = my_page(client, coordinator_of(project))
    assert "Projects I coordinate" in html
    assert f'href="/en/reports/projects/{project.slug}/"' in html
    assert f'href="/en/reports/?scope=project-{project.pk}"' in html
    assert "Someone else's" not in html


def test_no_project_section_for_others(client):
    assert "Projects I coordinate" not in my_page(client, UserFactory())
