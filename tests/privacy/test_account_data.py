import datetime
import json
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from events.services import mark_attendance
from networks.models import NetworkMembership
from notifications.models import Notification
from privacy.models import Consent
from privacy.services import give_consent
from projects.models import ProjectGoal
from projects.progress import goal_values
from tests.factories import (
    TEST_PASSWORD,
    DigestSubscriptionFactory,
    EventFactory,
    NetworkMembershipFactory,
    NotificationFactory,
    OrganisationMembershipFactory,
    ProjectFactory,
    ProjectGoalFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    """A company representative with a registration, a network membership and a consent."""
    membership = OrganisationMembershipFactory(organisation__headcount=12)
    user, organisation = membership.user, membership.organisation
    project = ProjectFactory()
    # Held yesterday: attendance is recorded from shortly before an event starts.
    event = EventFactory(
        projects=[project],
        title="Circular packaging workshop",
        starts_at=timezone.now() - datetime.timedelta(days=1),
    )
    registration = RegistrationFactory(event=event, user=user, organisation=organisation)
    mark_attendance(registrations=[registration], attended=True)
    NetworkMembershipFactory(organisation=organisation, contact_user=user, message="Call me")
    give_consent(user=user, purpose=Consent.Purpose.CONTACTED_BY_HOSTS)
    NotificationFactory(registration=registration, status="sent")
    DigestSubscriptionFactory(user=user, is_active=True)
    return user


def test_download_holds_everything_about_me_and_nothing_about_others(client, person):
    stranger = RegistrationFactory(user__email="stranger@example.org")
    client.force_login(person)
    response = client.get(reverse("privacy:data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == person.email
    assert data["email_addresses"][0]["email"] == person.email
    assert len(data["organisation_memberships"]) == 1
    assert data["organisations"][0]["headcount"] == 12
    assert data["event_registrations"][0]["event"] == "Circular packaging workshop"
    assert data["event_registrations"][0]["attended"] is True
    assert data["network_memberships"][0]["message"] == "Call me"
    assert data["consents"][0]["purpose"] == "contacted_by_hosts"
    assert data["emails"][0]["kind"] == "registration_confirmed"
    assert data["emails"][0]["event__title"] == "Circular packaging workshop"
    assert data["digest_subscription"]["weekly_digest"] is True
    assert data["messages_from_organisers"] is True
    assert "stranger@example.org" not in response.content.decode()
    assert stranger.event.title not in response.content.decode()


def test_download_needs_login(client):
    response = client.get(reverse("privacy:data"))
    assert response.status_code == 302


def test_wrong_password_deletes_nothing_and_says_so_at_the_field(client, person):
    client.force_login(person)
    response = client.post(reverse("privacy:delete"), {"password": "not it"})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert type(person).objects.filter(pk=person.pk).exists()


def report_figures(projects) -> dict:
    """Every figure a funder report is built from."""
    attended = Registration.objects.attended().select_related("organisation")
    return {
        "goals": {
            (goal.project_id, goal.metric): goal_values([goal])[goal.pk]
            for goal in ProjectGoal.objects.filter(project__in=projects)
        },
        "attended_per_organisation": Counter(r.organisation_id for r in attended),
        "attended_per_size_class": Counter(r.organisation.size_class for r in attended),
        "registrations": Registration.objects.count(),
        "network_members": NetworkMembership.objects.active().count(),
    }


def test_deleting_my_account_erases_me_and_keeps_every_report_figure(client, person):
    project = person.registrations.get().event.projects.get()
    for metric in ProjectGoal.Metric.values:
        ProjectGoalFactory(project=project, metric=metric, manual_value=3)
    # Other people at the same event, so that the figures are not trivially zero.
    for _ in range(3):
        other = RegistrationFactory(event=person.registrations.get().event)
        mark_attendance(registrations=[other], attended=True)
    before = report_figures([project])
    assert before["goals"][(project.pk, "participants")] == 4
    registration = person.registrations.get()

    client.force_login(person)
    response = client.post(reverse("privacy:delete"), {"password": TEST_PASSWORD})

    assert response.status_code == 302
    assert not type(person).objects.filter(pk=person.pk).exists()
    assert not Consent.objects.exists()
    assert not Notification.objects.filter(registration=registration).exists()
    assert "_auth_user_id" not in client.session
    registration.refresh_from_db()
    assert registration.user is None
    assert registration.organisation is not None
    assert registration.attended is True
    assert NetworkMembership.objects.get(organisation=registration.organisation).message == ""
    assert report_figures([project]) == before
    assert client.get(reverse("privacy:consents")).status_code == 302


def test_password_guessing_on_the_delete_form_is_rate_limited(client, person):
    client.force_login(person)
    statuses = [
        client.post(reverse("privacy:delete"), {"password": "guess"}).status_code for _ in range(6)
    ]
    assert statuses == [200] * 5 + [429]
    assert type(person).objects.filter(pk=person.pk).exists()


def test_nothing_that_points_at_a_person_can_block_their_erasure(django_user_model):
    # Every foreign key to the user erases (CASCADE) or forgets (SET_NULL) them, so that
    # /me/delete/ never fails on an app added later.
    relations = {
        f"{rel.field.model._meta.label}.{rel.field.name}": rel.on_delete.__name__
        for rel in django_user_model._meta.get_fields(include_hidden=True)
        if (rel.one_to_many or rel.one_to_one) and rel.auto_created and not rel.concrete
    }
    assert relations["notifications.Notification.recipient"] == "CASCADE"
    assert relations["news.Article.created_by"] == "SET_NULL"  # hidden (related_name="+") too
    assert {name for name, rule in relations.items() if rule not in ("CASCADE", "SET_NULL")} == (
        set()
    )
