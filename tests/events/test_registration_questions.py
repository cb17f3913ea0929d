"""Registration questions: staff ask them per event, registrants answer them, staff read the
answers (and nobody else)."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events.models import STANDARD_QUESTIONS, Registration, RegistrationAnswer, RegistrationQuestion
from events.services import duplicate_event, record_answers, switch_standard_questions
from tests.admin_roles import build_world
from tests.events.test_admin_permissions import event_form_data
from tests.factories import (
    EventFactory,
    OrganisationMembershipFactory,
    RegistrationFactory,
    RegistrationQuestionFactory,
)

pytestmark = pytest.mark.django_db

Kind = RegistrationQuestion.Kind


def representative():
    membership = OrganisationMembershipFactory()
    return membership.user, membership.organisation


@pytest.fixture
def event():
    event = EventFactory(title="Circular packaging day")
    RegistrationQuestionFactory(
        event=event,
        kind=Kind.TEXT,
        text_sv="Vad vill du lära dig?",
        text_en="What do you want to learn?",
        order=1,
    )
    RegistrationQuestionFactory(
        event=event,
        kind=Kind.ONE_CHOICE,
        text_sv="Vilken workshop?",
        text_en="Which workshop?",
        choices_sv="Förpackningar\nLogistik",
        choices_en="Packaging\nLogistics",
        is_required=True,
        order=2,
    )
    RegistrationQuestionFactory(
        event=event,
        kind=Kind.SEVERAL_CHOICES,
        text_sv="Vilka måltider?",
        text_en="",
        choices_sv="Lunch\nMiddag\nFika",
        order=3,
    )
    RegistrationQuestionFactory(
        event=event,
        kind=Kind.YES_NO,
        text_sv="Får vi fotografera dig?",
        text_en="May we photograph you?",
        is_required=True,
        on_sign_in_sheet=True,
        standard=RegistrationQuestion.Standard.PHOTO_CONSENT,
        order=4,
    )
    return event


def field(event, text_sv) -> str:
    return f"answers-q{event.questions.get(text_sv=text_sv).pk}"


def answers_data(event, **overrides) -> dict:
    data = {
        field(event, "Vad vill du lära dig?"): "Mono-material design",
        field(event, "Vilken workshop?"): "1",
        field(event, "Vilka måltider?"): ["0", "2"],
        field(event, "Får vi fotografera dig?"): "no",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def register(client, event, **overrides):
    user, company = representative()
    client.force_login(user)
    response = client.post(
        f"/en/events/{event.slug}/register/",
        {"organisation": company.pk, **answers_data(event, **overrides)},
        follow=True,
    )
    return user, company, response


# Asking ---------------------------------------------------------------------------------------


def test_the_registration_form_asks_the_questions_in_the_visitors_language(client, event):
    user, _company = representative()
    client.force_login(user)
    english = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "What do you want to learn?" in english
    assert "Logistics" in english
    # No English given: the Swedish question and choices stand in.
    assert "Vilka måltider?" in english
    assert "Middag" in english
    swedish = client.get(f"/events/{event.slug}/").content.decode()
    assert "Vad vill du lära dig?" in swedish
    assert "Logistik" in swedish
    assert "Ja" in swedish


def test_nobody_logged_out_is_asked_and_the_page_names_no_questions(client, event):
    page = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "What do you want to learn?" not in page


def test_a_question_with_choices_needs_two_and_as_many_in_english(event):
    question = RegistrationQuestion(
        event=event, kind=Kind.ONE_CHOICE, text_sv="Vilken?", choices_sv="Bara en"
    )
    with pytest.raises(ValidationError) as raised:
        question.clean()
    assert "choices_sv" in raised.value.message_dict
    question.choices_sv = "Ett\nTvå"
    question.choices_en = "One"
    with pytest.raises(ValidationError) as raised:
        question.clean()
    assert "choices_en" in raised.value.message_dict
    question.choices_en = "One\nTwo"
    question.clean()
    text = RegistrationQuestion(event=event, kind=Kind.TEXT, text_sv="Vad?", choices_sv="A\nB")
    with pytest.raises(ValidationError):
        text.clean()


# Answering ------------------------------------------------------------------------------------


def test_registering_records_the_answers_with_the_questions_as_asked(client, event):
    user, _company, response = register(client, event)
    assert "You are registered" in response.content.decode()
    registration = Registration.objects.get(user=user)
    answers = {a.question_sv: a for a in registration.answers.all()}
    assert answers["Vad vill du lära dig?"].answer_sv == "Mono-material design"
    assert (answers["Vilken workshop?"].answer_sv, answers["Vilken workshop?"].answer_en) == (
        "Logistik",
        "Logistics",
    )
    assert answers["Vilka måltider?"].answer_sv == "Lunch; Fika"
    photo = answers["Får vi fotografera dig?"]
    assert (photo.answer_sv, photo.answer_en, photo.is_yes) == ("nej", "no", False)
    assert photo.standard == RegistrationQuestion.Standard.PHOTO_CONSENT
    assert {a.user for a in answers.values()} == {user}


def test_an_optional_question_left_blank_records_nothing(client, event):
    user, _company, _response = register(
        client,
        event,
        **{field(event, "Vad vill du lära dig?"): "", field(event, "Vilka måltider?"): None},
    )
    questions = set(
        RegistrationAnswer.objects.filter(registration__user=user).values_list(
            "question_sv", flat=True
        )
    )
    assert questions == {"Vilken workshop?", "Får vi fotografera dig?"}


def test_a_missing_required_answer_is_refused_and_nothing_typed_is_lost(client, event):
    user, company = representative()
    client.force_login(user)
    data = {"organisation": company.pk, **answers_data(event)}
    del data[field(event, "Vilken workshop?")]
    response = client.post(f"/en/events/{event.slug}/register/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Answer this question." in page
    assert "Answer the questions marked below to register." in page
    assert "Mono-material design" in page  # the text typed is still there
    assert f'value="{company.pk}" selected' in page
    assert 'value="no" required id="id_answers-q' in page
    assert "checked" in page
    assert not Registration.objects.filter(user=user).exists()


def test_a_choice_that_is_not_offered_is_refused(client, event):
    user, _company, _response = register(client, event, **{field(event, "Vilken workshop?"): "7"})
    assert not Registration.objects.filter(user=user).exists()


def test_an_answer_to_another_events_question_is_left_out(event):
    registration = RegistrationFactory(event=EventFactory())
    question = event.questions.get(kind=Kind.TEXT)
    assert record_answers(registration=registration, answers={question: "Anything"}) == []


def test_editing_or_deleting_a_question_keeps_the_answers_as_given(client, event):
    user, _company, _response = register(client, event)
    question = event.questions.get(text_sv="Vilken workshop?")
    question.text_sv = "Vilket spår?"
    question.choices_sv = "Design\nLogistik\nInköp"
    question.save()
    answer = RegistrationAnswer.objects.get(question=question)
    assert (answer.question_sv, answer.answer_sv) == ("Vilken workshop?", "Logistik")
    question.delete()
    answer.refresh_from_db()
    assert answer.question is None
    assert answer.answer_sv == "Logistik"
    # Staff still read it, under the words it was asked in.
    columns = event.answer_columns()
    assert columns[-1].header == "Which workshop?"
    registration = Registration.objects.prefetch_related("answers").get(user=user)
    assert registration.answer_cells(columns)[-1] == "Logistics"


def test_a_walk_in_answers_the_questions_too():
    world = build_world()
    event = EventFactory(
        hosts=[world.park_a], starts_at=timezone.now() - datetime.timedelta(minutes=15)
    )
    question = RegistrationQuestionFactory(
        event=event, kind=Kind.YES_NO, text_en="May we photograph you?", is_required=True
    )
    from django.test import Client

    client = Client()
    client.force_login(world.users["staff_a"])
    url = reverse("events:check_in_walk_in", args=[event.slug])
    person = {
        "first_name": "Dag",
        "last_name": "Walker",
        "email": "dag@walk.example",
        "organisation": "",
    }
    event.allows_private_persons = True
    event.save()
    refused = client.post(url, person)
    assert "Answer this question." in refused.content.decode()
    assert not Registration.objects.filter(event=event).exists()
    client.post(url, {**person, f"answers-q{question.pk}": "yes"})
    assert RegistrationAnswer.objects.get(registration__event=event).is_yes is True


# Staff ----------------------------------------------------------------------------------------


@pytest.fixture
def world():
    return build_world()


def test_staff_switch_standard_questions_on_and_off_in_the_event_form(client, world):
    client.force_login(world.users["staff_a"])
    data = event_form_data(world, hosts=[world.park_a])
    data["standard_questions"] = ["dietary", "photo_consent"]
    response = client.post(reverse("admin:events_event_add"), data)
    assert response.status_code == 302
    event = world.park_a.hosted_events.get(slug="a-new-event")
    assert set(event.questions.values_list("standard", flat=True)) == {"dietary", "photo_consent"}
    photo = event.questions.get(standard="photo_consent")
    assert photo.text_sv == STANDARD_QUESTIONS["photo_consent"]["text_sv"]
    assert (photo.kind, photo.is_required, photo.on_sign_in_sheet) == (Kind.YES_NO, True, True)

    page = client.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert STANDARD_QUESTIONS["dietary"]["text_en"] in page  # the inline shows it to edit
    data = event_form_data(world, hosts=[world.park_a], slug=event.slug, event=event)
    data.update(
        {
            "standard_questions": ["photo_consent", "list_consent"],
            "questions-TOTAL_FORMS": "2",
            "questions-INITIAL_FORMS": "2",
        }
    )
    for index, question in enumerate(event.questions.all()):
        data.update(
            {
                f"questions-{index}-id": question.pk,
                f"questions-{index}-event": event.pk,
                f"questions-{index}-kind": question.kind,
                f"questions-{index}-text_sv": question.text_sv,
                f"questions-{index}-text_en": question.text_en,
                f"questions-{index}-order": question.order,
                **({f"questions-{index}-is_required": "on"} if question.is_required else {}),
            }
        )
    response = client.post(reverse("admin:events_event_change", args=[event.pk]), data)
    assert response.status_code == 302, response.context["errors"]
    assert set(event.questions.values_list("standard", flat=True)) == {
        "photo_consent",
        "list_consent",
    }


def test_staff_add_their_own_question_in_the_event_form(client, world):
    client.force_login(world.users["staff_a"])
    data = event_form_data(world, hosts=[world.park_a])
    data.update(
        {
            "questions-TOTAL_FORMS": "1",
            "questions-0-kind": Kind.ONE_CHOICE,
            "questions-0-text_sv": "Vilken bransch?",
            "questions-0-text_en": "Which sector?",
            "questions-0-choices_sv": "Livsmedel\nTillverkning",
            "questions-0-choices_en": "Food",
            "questions-0-order": "1",
        }
    )
    refused = client.post(reverse("admin:events_event_add"), data)
    assert refused.status_code == 200
    assert "Give as many English choices as Swedish ones." in refused.content.decode()
    data["questions-0-choices_en"] = "Food\nManufacturing"
    assert client.post(reverse("admin:events_event_add"), data).status_code == 302
    question = RegistrationQuestion.objects.get()
    assert question.choice_labels("en") == ["Food", "Manufacturing"]


def test_the_standard_questions_switch_adds_each_once_and_removes_only_standard_ones(event):
    own = event.questions.get(text_sv="Vad vill du lära dig?")
    switch_standard_questions(event=event, standards=["dietary"])
    switch_standard_questions(event=event, standards=["dietary"])
    assert event.questions.filter(standard="dietary").count() == 1
    assert not event.questions.filter(standard="photo_consent").exists()
    assert event.questions.filter(pk=own.pk).exists()


def test_a_duplicated_event_asks_the_same_questions(event):
    copy = duplicate_event(event=event, starts_at=event.starts_at + datetime.timedelta(weeks=4))
    assert list(copy.questions.values_list("text_sv", flat=True)) == list(
        event.questions.values_list("text_sv", flat=True)
    )


def answered_event_of(world, client):
    event = EventFactory(hosts=[world.park_a], title="Circular packaging day")
    switch_standard_questions(event=event, standards=["dietary", "photo_consent"])
    user, company = representative()
    user.first_name, user.last_name = "Åsa", "Öberg"
    user.save()
    client.force_login(user)
    dietary = event.questions.get(standard="dietary")
    photo = event.questions.get(standard="photo_consent")
    client.post(
        f"/events/{event.slug}/register/",
        {
            "organisation": company.pk,
            f"answers-q{dietary.pk}": "=1+1 vegan",
            f"answers-q{photo.pk}": "yes",
        },
    )
    assert Registration.objects.filter(event=event, user=user).exists()
    client.logout()
    return event


def test_the_sign_in_sheet_shows_photo_consent_and_the_list_every_answer(client, world):
    event = answered_event_of(world, client)
    client.force_login(world.users["staff_a"])
    page = client.get(
        reverse("admin:events_event_participants", args=[event.pk]), HTTP_ACCEPT_LANGUAGE="sv"
    ).content.decode()
    start = page.index('class="sign-sheet"')
    sheet = page[start : page.index("</table>", start)]
    assert STANDARD_QUESTIONS["photo_consent"]["text_sv"] in sheet
    assert "<td>ja</td>" in sheet
    assert "vegan" not in sheet  # dietary needs are not for the sheet passed round the room
    answers = page[page.index('class="answers"') :]
    assert "=1+1 vegan" in answers


def test_the_admin_csv_has_a_column_per_question(client, world):
    event = answered_event_of(world, client)
    client.force_login(world.users["staff_a"])
    response = client.get(reverse("admin:events_event_participants_csv", args=[event.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert header[-2:] == [
        STANDARD_QUESTIONS["dietary"]["text_sv"],
        STANDARD_QUESTIONS["photo_consent"]["text_sv"],
    ]
    assert row[-2:] == ["'=1+1 vegan", "ja"]


def test_the_event_report_csv_and_excel_have_the_answers(client, world):
    from openpyxl import load_workbook

    event = answered_event_of(world, client)
    client.force_login(world.users["staff_a"])
    query = {"scope": f"event-{event.pk}"}
    response = client.get("/en/reports/participants.csv", query)
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][-2:] == [
        STANDARD_QUESTIONS["dietary"]["text_en"],
        STANDARD_QUESTIONS["photo_consent"]["text_en"],
    ]
    assert rows[1][-2:] == ["'=1+1 vegan", "yes"]
    workbook = load_workbook(
        io.BytesIO(client.get("/reports/participants.xlsx", query).getvalue()), read_only=True
    )
    sheet = workbook.worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0][-1] == STANDARD_QUESTIONS["photo_consent"]["text_sv"]
    assert values[1][-2:] == ["'=1+1 vegan", "ja"]


def test_a_report_on_several_events_has_no_answer_columns(client, world):
    event = answered_event_of(world, client)
    client.force_login(world.users["staff_a"])
    response = client.get(
        "/en/reports/participants.csv", {"scope": f"organisation-{world.park_a.pk}"}
    )
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "vegan" not in text
    assert event.title in text


def test_the_public_page_and_api_never_show_answers(client, world):
    event = answered_event_of(world, client)
    assert "vegan" not in client.get(f"/en/events/{event.slug}/").content.decode()
    api = client.get(f"/api/v1/events/{event.slug}/")
    assert api.status_code == 200
    assert "vegan" not in api.content.decode()
    assert "answer" not in api.content.decode()


def test_a_registrant_sees_no_answers_on_the_event_page(client, world):
    event = answered_event_of(world, client)
    registration = Registration.objects.get(event=event)
    client.force_login(registration.user)
    assert "vegan" not in client.get(f"/en/events/{event.slug}/").content.decode()


def test_the_registration_admin_shows_the_answers(client, world):
    event = answered_event_of(world, client)
    registration = Registration.objects.get(event=event)
    client.force_login(world.users["staff_a"])
    page = client.get(
        reverse("admin:events_registration_change", args=[registration.pk])
    ).content.decode()
    assert "=1+1 vegan" in page
    client.force_login(world.users["staff_b"])
    assert (
        client.get(reverse("admin:events_registration_change", args=[registration.pk])).status_code
        != 200
    )


def test_a_question_typed_like_a_formula_is_defused_in_the_csv_headers(client, world):
    event = EventFactory(hosts=[world.park_a])
    RegistrationQuestionFactory(event=event, text_sv="=HYPERLINK(1)", text_en="")
    client.force_login(world.users["staff_a"])
    response = client.get(reverse("admin:events_event_participants_csv", args=[event.pk]))
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert header[-1] == "'=HYPERLINK(1)"
    report = client.get("/reports/participants.csv", {"scope": f"event-{event.pk}"})
    text = b"".join(report.streaming_content).decode("utf-8-sig")
    assert next(csv.reader(io.StringIO(text)))[-1] == "'=HYPERLINK(1)"


def test_a_coordinator_reads_the_event_with_its_standard_questions(client, world):
    event = EventFactory(hosts=[world.park_a], projects=[world.project_a])
    switch_standard_questions(event=event, standards=["photo_consent"])
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("admin:events_event_change", args=[event.pk]))
    assert response.status_code == 200
    assert "Consent to be photographed" in response.content.decode()
