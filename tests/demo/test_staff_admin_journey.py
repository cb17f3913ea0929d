"""The issue's "done when": logged in as staff@stuns.example.com on the demo data, a person
manages a STUNS event from creation to attendance without seeing anything of Krinova's."""

import datetime

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from events.models import Event, Registration
from events.services import register_for_event
from networks.models import Network
from tests.factories import OrganisationMembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("seed_demo")


def test_stuns_staff_manage_an_event_from_creation_to_attendance(client, demo):
    staff = User.objects.get(email="staff@stuns.example.com")
    client.force_login(staff)
    foreign_titles = set(
        Event.objects.exclude(pk__in=Event.objects.manageable_by(staff)).values_list(
            "title", flat=True
        )
    ) | set(
        Network.objects.exclude(pk__in=Network.objects.manageable_by(staff)).values_list(
            "name", flat=True
        )
    )
    # Titles shared with a STUNS event or network cannot tell anything apart.
    foreign_titles -= set(Event.objects.manageable_by(staff).values_list("title", flat=True))
    foreign_titles -= set(Network.objects.manageable_by(staff).values_list("name", flat=True))
    assert len(foreign_titles) > 10

    pages = [reverse("admin:index")]
    for model in admin.site._registry:
        try:
            pages.append(
                reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            )
        except NoReverseMatch:
            continue
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 403), url
        content = response.content.decode()
        leaked = [title for title in foreign_titles if f">{escape(title)}<" in content]
        assert not leaked, (url, leaked)

    stuns = staff.organisation_memberships.get().organisation
    add = client.get(reverse("admin:events_event_add"))
    assert add.context["adminform"].form.initial["hosts"] == [stuns.pk]
    response = client.post(
        reverse("admin:events_event_add"),
        {
            "title_sv": "Frukostmöte om life science",
            "title_en": "Life science breakfast",
            "slug": "life-science-breakfast",
            "kind": Event.Kind.SEMINAR,
            "status": Event.Status.DRAFT,
            "language": Event.Language.SWEDISH,
            "hosts": [stuns.pk],
            "starts_at_0": "2031-03-04",
            "starts_at_1": "08:00:00",
            "ends_at_0": "2031-03-04",
            "ends_at_1": "09:30:00",
            "format": Event.Format.ON_SITE,
            "venue_name": "STUNS",
            "city": "Uppsala",
            "county": "C",
            "capacity": "1",
            "support_hours": "1.5",
            "waitlist_mode": Event.WaitlistMode.AUTOMATIC,
            "offer_hours": "24",
            "programme_items-TOTAL_FORMS": "1",
            "programme_items-INITIAL_FORMS": "0",
            "programme_items-0-title_sv": "Kaffe och presentationer",
            "programme_items-0-title_en": "Coffee and introductions",
            "programme_items-0-order": "1",
            "speakers-TOTAL_FORMS": "0",
            "speakers-INITIAL_FORMS": "0",
            "questions-TOTAL_FORMS": "0",
            "questions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(slug="life-science-breakfast")
    client.post(
        reverse("admin:events_event_changelist"),
        {"action": "publish", "_selected_action": [event.pk]},
    )
    event.refresh_from_db()
    assert event.status == Event.Status.PUBLISHED

    first, second = (OrganisationMembershipFactory() for _ in range(2))
    seated = register_for_event(event=event, user=first.user, organisation=first.organisation)
    waiting = register_for_event(event=event, user=second.user, organisation=second.organisation)
    assert waiting.status == Registration.Status.WAITLISTED

    changelist = reverse("admin:events_registration_changelist")
    client.post(changelist, {"action": "promote", "_selected_action": [waiting.pk]})
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.WAITLISTED  # the capacity rule holds
    # Attendance years ahead is refused; on the day of the event it is recorded.
    client.post(changelist, {"action": "mark_attended", "_selected_action": [seated.pk]})
    seated.refresh_from_db()
    assert seated.attended is None
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(
        starts_at=now - datetime.timedelta(minutes=30), ends_at=now + datetime.timedelta(hours=1)
    )
    client.post(changelist, {"action": "mark_attended", "_selected_action": [seated.pk]})
    seated.refresh_from_db()
    assert seated.attended is True

    sheet = client.get(reverse("admin:events_event_participants", args=[event.pk]))
    assert first.user.email in sheet.content.decode()
    history = client.get(reverse("admin:events_event_history", args=[event.pk]))
    assert "Published." in history.content.decode()
