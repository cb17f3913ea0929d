"""Answers to registration questions are personal data: in the download, gone with the account
and with the retention rule."""

import datetime
import json

import pytest
from django.urls import reverse

from events.models import Registration, RegistrationAnswer, RegistrationQuestion
from events.services import record_answers
from privacy.services import anonymise_expired_participant_data
from tests.factories import (
    TEST_PASSWORD,
    EventFactory,
    ProjectFactory,
    RegistrationFactory,
    RegistrationQuestionFactory,
)

pytestmark = pytest.mark.django_db


def answered(event=None, *, answer="Glutenfri kost"):
    event = event or EventFactory(title="Circular packaging workshop")
    question = event.questions.first() or RegistrationQuestionFactory(
        event=event,
        kind=RegistrationQuestion.Kind.TEXT,
        text_sv="Har du allergier?",
        text_en="Any allergies?",
        standard=RegistrationQuestion.Standard.DIETARY,
    )
    registration = RegistrationFactory(event=event)
    record_answers(registration=registration, answers={question: answer})
    return registration


def test_my_data_download_has_my_answers(client):
    registration = answered()
    other = answered(registration.event, answer="Someone else's")
    client.force_login(registration.user)
    data = json.loads(client.get(reverse("privacy:data")).content)
    (entry,) = data["event_registrations"]
    assert entry["answers"] == [
        {
            "question": "Har du allergier?",
            "question_en": "Any allergies?",
            "answer": "Glutenfri kost",
            "answer_en": "Glutenfri kost",
            "answered_at": entry["answers"][0]["answered_at"],
        }
    ]
    assert "Someone else" not in json.dumps(data)
    assert other.answers.exists()


def test_deleting_my_account_deletes_my_answers_and_keeps_the_registration(client):
    registration = answered()
    client.force_login(registration.user)
    client.post(reverse("privacy:delete"), {"password": TEST_PASSWORD})
    registration.refresh_from_db()
    assert registration.user is None
    assert not RegistrationAnswer.objects.exists()


def test_deleting_a_user_any_other_way_deletes_their_answers_too():
    registration = answered()
    registration.user.delete()
    assert not RegistrationAnswer.objects.exists()
    assert Registration.objects.filter(pk=registration.pk).exists()


def test_the_retention_rule_deletes_the_answers_of_expired_events(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 365
    today = datetime.date(2031, 6, 1)
    expired = answered(
        EventFactory(projects=[ProjectFactory(ends_on=today - datetime.timedelta(days=400))])
    )
    kept = answered(
        EventFactory(projects=[ProjectFactory(ends_on=today - datetime.timedelta(days=10))])
    )
    assert anonymise_expired_participant_data(today=today) == 1
    assert not expired.answers.exists()
    assert kept.answers.exists()
    # Idempotent: a second run finds nothing more to do.
    assert anonymise_expired_participant_data(today=today) == 0
    assert kept.answers.exists()
