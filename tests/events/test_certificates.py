"""Certificates of attendance (issue #15 §2): a PDF for each participant who attended, a public
check of its code, emailed the day after the event, and resent by staff."""

import datetime
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from events.models import AttendanceCertificate, Registration
from notifications.models import Notification
from notifications.services import deliver_notification, record_attendance_certificates
from tests.admin_roles import action_post, build_world
from tests.factories import EventFactory, ProjectFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def past_event(world):
    """A workshop that ended yesterday afternoon, counted for an ERDF project."""
    yesterday = timezone.localtime() - datetime.timedelta(days=1)
    starts = yesterday.replace(hour=9, minute=0, second=0, microsecond=0)
    return EventFactory(
        title="Circular packaging workshop",
        hosts=[world.park_a],
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        projects=[
            ProjectFactory(name="Smart Industry Sweden", funding_programme="erdf"),
            ProjectFactory(name="Regional fund", funding_programme="regional"),
        ],
    )


def attendee(event, **extra):
    return RegistrationFactory(
        event=event,
        user__first_name="Åsa",
        user__last_name="Öberg",
        attended=True,
        checked_in_at=event.starts_at,
        **extra,
    )


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_an_attendee_downloads_the_certificate_in_their_language(client, past_event):
    registration = attendee(past_event)
    client.force_login(registration.user)
    response = client.get(f"/events/{past_event.slug}/certificate/")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    code = AttendanceCertificate.objects.get(registration=registration).code
    for expected in (
        "Intyg om deltagande",
        "Åsa Öberg",
        "Circular packaging workshop",
        "Park A",
        "Stödtimmar: 3",
        "Smart Industry Sweden",
        "Europeiska unionen",
        code,
    ):
        assert expected in text, expected
    # The regional project is no EU funding line.
    assert "Regional fund" not in text

    english_text = pdf_text(client.get(f"/en/events/{past_event.slug}/certificate/").content)
    assert "Certificate of attendance" in english_text
    assert "Co-funded by the European Union" in english_text
    # The same certificate every time.
    assert code in english_text
    assert AttendanceCertificate.objects.count() == 1


@pytest.mark.parametrize(
    "case", ["not attended", "no-show", "event ahead", "someone else", "cancelled seat"]
)
def test_no_certificate_for_those_who_did_not_attend(client, world, past_event, case):
    registration = attendee(past_event)
    user = registration.user
    event = past_event
    if case == "not attended":
        Registration.objects.filter(pk=registration.pk).update(attended=None)
    elif case == "no-show":
        Registration.objects.filter(pk=registration.pk).update(attended=False)
    elif case == "event ahead":
        event = EventFactory(hosts=[world.park_a], starts_at=timezone.now())
        attendee(event, user=user)
    elif case == "someone else":
        user = world.users["sme"]
    elif case == "cancelled seat":
        Registration.objects.filter(pk=registration.pk).update(
            status=Registration.Status.CANCELLED, attended=None
        )
    client.force_login(user)
    assert client.get(reverse("events:certificate", args=[event.slug])).status_code == 404
    assert not AttendanceCertificate.objects.exists()


def test_verify_confirms_a_genuine_certificate_and_shows_nothing_else(client, past_event):
    registration = attendee(past_event)
    certificate = AttendanceCertificate.objects.issue(registration)
    response = client.get(f"/verify/{certificate.code.lower()}/")
    content = response.content.decode()
    assert response.status_code == 200
    assert "Intyget om deltagande är äkta." in content
    assert "Åsa Öberg" in content
    assert "Circular packaging workshop" in content
    assert registration.user.email not in content
    assert registration.organisation.name not in content


def test_verify_refuses_unknown_and_withdrawn_codes(client, past_event):
    registration = attendee(past_event)
    certificate = AttendanceCertificate.objects.issue(registration)
    for code in ("AAAA-BBBB-CCCC", "not a code", "A" * 300):
        assert client.get(reverse("verify_certificate", args=[code])).status_code == 404
    # Attendance corrected afterwards: the certificate no longer stands.
    Registration.objects.filter(pk=registration.pk).update(attended=False)
    assert client.get(certificate.get_absolute_url()).status_code == 404


def test_certificates_are_emailed_the_day_after_once(
    past_event, django_capture_on_commit_callbacks
):
    first = attendee(past_event)
    RegistrationFactory(event=past_event, attended=False)
    RegistrationFactory(event=EventFactory(), attended=None)
    with django_capture_on_commit_callbacks(execute=True):
        recorded = record_attendance_certificates()
    assert [n.registration for n in recorded] == [first]
    assert record_attendance_certificates() == []
    (message,) = [m for m in mail.outbox if "Circular packaging workshop" in m.subject]
    assert f"/events/{past_event.slug}/certificate/" in message.body
    assert first.certificate.code in message.body


def test_an_event_that_ends_today_waits_until_tomorrow(world):
    event = EventFactory(
        hosts=[world.park_a], starts_at=timezone.now() - datetime.timedelta(hours=4)
    )
    Registration.objects.filter(pk=attendee(event).pk).update(attended=True)
    assert record_attendance_certificates(now=timezone.now()) == []
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    assert len(record_attendance_certificates(now=tomorrow)) == 1


def test_staff_resend_a_certificate_from_the_admin(client, world, past_event):
    registration = attendee(past_event)
    not_attended = RegistrationFactory(event=past_event)
    client.force_login(world.users["staff_a"])
    response = client.post(
        reverse("admin:events_registration_changelist"),
        action_post("resend_certificate", registration, not_attended),
        follow=True,
    )
    content = response.content.decode()
    assert "1 certificate will be emailed." in content
    assert "1 left out" in content
    notification = Notification.objects.get(kind="attendance_certificate")
    assert notification.registration == registration
    deliver_notification(notification_id=notification.pk)
    assert any("Circular packaging workshop" in m.subject for m in mail.outbox)


def test_staff_of_another_park_cannot_resend(client, world, past_event):
    registration = attendee(past_event)
    client.force_login(world.users["staff_b"])
    client.post(
        reverse("admin:events_registration_changelist"),
        action_post("resend_certificate", registration),
    )
    assert not Notification.objects.filter(kind="attendance_certificate").exists()
