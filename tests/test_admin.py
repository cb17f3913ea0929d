"""Every admin changelist, add and change page answers for the superuser with data present."""

import datetime

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from companies.models import DeMinimisStatement
from companies.services import declare_size_facts
from events.models import CheckInLog, CoHostInvitation
from privacy.services import give_consent
from regions.models import Region
from tests.factories import (
    ArticleFactory,
    DigestSubscriptionFactory,
    DocumentFactory,
    EventFactory,
    FollowUpSurveyFactory,
    NetworkMembershipFactory,
    NotificationFactory,
    OrganisationMembershipFactory,
    OrganiserMessageFactory,
    PhotoFactory,
    ProjectGoalFactory,
    RegistrationFactory,
    ScienceParkFactory,
    ThematicAreaFactory,
    de_minimis_event,
)

pytestmark = pytest.mark.django_db

MODELS = sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


@pytest.fixture
def data(superuser):
    event = EventFactory()
    registration = RegistrationFactory(event=event)
    CheckInLog.objects.create(
        event=event, registration=registration, action="checked_in", source="check_in_page"
    )
    NetworkMembershipFactory()
    OrganisationMembershipFactory()
    ProjectGoalFactory()
    event.programme_items.create(title="Welcome")
    event.speakers.create(name="CSR Västsverige")
    declare_size_facts(
        organisation=event.hosts.get(),
        headcount=40,
        annual_turnover_eur=None,
        balance_sheet_total_eur=None,
    )
    ThematicAreaFactory()
    give_consent(user=superuser, purpose="listed_publicly")
    Region.objects.create(name="Skaraborg", slug="skaraborg").counties.add("O")
    ArticleFactory(events=[event])
    DocumentFactory(report=PhotoFactory(report__event=event).report)
    NotificationFactory()
    DigestSubscriptionFactory()
    CoHostInvitation.objects.create(event=event, organisation=ScienceParkFactory())
    ApiToken.objects.create(organisation=event.hosts.get(), name="Park website")
    OrganiserMessageFactory(event=event)
    FollowUpSurveyFactory()
    aided = RegistrationFactory(
        event=de_minimis_event(starts_at=timezone.now() - datetime.timedelta(days=7)),
        attended=True,
    )
    DeMinimisStatement.objects.create(organisation=aided.organisation, confirmed_at=timezone.now())


@pytest.mark.parametrize(("app_label", "model_name"), MODELS)
def test_changelist_and_add_pages_answer(client, superuser, data, app_label, model_name):
    client.force_login(superuser)
    changelist = client.get(reverse(f"admin:{app_label}_{model_name}_changelist"))
    assert changelist.status_code == 200
    add = client.get(reverse(f"admin:{app_label}_{model_name}_add"))
    assert add.status_code in (200, 403)  # 403 only where adding is deliberately closed


@pytest.mark.parametrize(("app_label", "model_name"), MODELS)
def test_change_page_answers(client, superuser, data, app_label, model_name):
    client.force_login(superuser)
    model = next(
        m
        for m in admin.site._registry
        if (m._meta.app_label, m._meta.model_name) == (app_label, model_name)
    )
    obj = model._default_manager.first()
    assert obj is not None, f"the fixture must create a {model_name}"
    response = client.get(reverse(f"admin:{app_label}_{model_name}_change", args=[obj.pk]))
    assert response.status_code == 200
