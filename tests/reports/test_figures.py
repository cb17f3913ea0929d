"""Figures of the report page against expected values computed by hand."""

import datetime
from decimal import Decimal

import pytest

from companies.models import SizeClass
from companies.services import declare_size_facts
from events.models import Event, Registration
from projects.models import ProjectGoal
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    ProjectFactory,
    ProjectGoalFactory,
    RegistrationFactory,
    ScienceParkFactory,
    county,
)

from .helpers import coordinator_of, past, scope, staff_of

pytestmark = pytest.mark.django_db


def summary(client, user, **params):
    client.force_login(user)
    response = client.get("/en/reports/", params)
    assert response.status_code == 200
    return response.context["summary"]


def sizes(figures) -> dict:
    return {value: n for value, _label, n in figures.by_size if n}


def test_one_company_at_three_events_counts_once(client):
    project = ProjectFactory()
    company = OrganisationFactory()
    for month in (3, 4, 5):
        event = EventFactory(projects=[project], support_hours=Decimal(3), **past(2021, month))
        RegistrationFactory(event=event, organisation=company, attended=True)

    figures = summary(client, coordinator_of(project), scope=scope("project", project))

    assert figures.enterprises == 1
    assert figures.rco01 == figures.rco04 == 1
    assert figures.participants == 3
    assert figures.events == 3
    assert figures.support_hours == Decimal(9)
    assert figures.hours_per_enterprise == Decimal(9)
    assert figures.attendance_percent == 100


def test_two_people_of_the_same_company_count_once(client):
    project = ProjectFactory()
    company = OrganisationFactory()
    event = EventFactory(projects=[project], support_hours=Decimal(2), **past(2021, 3))
    RegistrationFactory.create_batch(2, event=event, organisation=company, attended=True)

    figures = summary(client, coordinator_of(project), scope=scope("project", project))

    assert (figures.enterprises, figures.participants, figures.support_hours) == (1, 2, 4)
    # Both people worked for one enterprise: 4 hours of support for it.
    assert figures.hours_per_enterprise == Decimal(4)


def test_cancelled_and_waitlisted_registrations_never_count(client):
    project = ProjectFactory()
    event = EventFactory(projects=[project], **past(2021, 3))
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=event, attended=False)  # a no-show
    RegistrationFactory(event=event, attended=None)  # attendance never taken
    RegistrationFactory(event=event, attended=True)

    coordinator = coordinator_of(project)
    figures = summary(client, coordinator, scope=scope("project", project))

    assert figures.enterprises == 1
    assert figures.participants == 1
    assert figures.registrations == 4  # all but the cancelled one
    assert figures.waitlisted == 1
    assert figures.cancelled == 1
    assert figures.confirmed_held == 3
    assert figures.attendance_percent == 33
    assert sum(n for _v, _l, n in figures.by_size) == 1
    # Everyone is listed, counted or not.
    response = client.get("/en/reports/participants.csv", {"scope": scope("project", project)})
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 + 5


def test_a_company_that_grew_is_counted_as_declared_at_the_time(client):
    project = ProjectFactory()
    company = OrganisationFactory()
    declare_size_facts(
        organisation=company,
        headcount=20,
        annual_turnover_eur=Decimal(3_000_000),
        balance_sheet_total_eur=None,
        declared_on=datetime.date(2021, 1, 1),
    )
    declare_size_facts(
        organisation=company,
        headcount=120,
        annual_turnover_eur=Decimal(30_000_000),
        balance_sheet_total_eur=None,
        declared_on=datetime.date(2022, 1, 1),
    )
    # Today it is large; neither report may say so.
    declare_size_facts(
        organisation=company,
        headcount=400,
        annual_turnover_eur=Decimal(90_000_000),
        balance_sheet_total_eur=None,
        declared_on=datetime.date(2024, 1, 1),
    )
    small_times = EventFactory(projects=[project], **past(2021, 6))
    medium_times = EventFactory(projects=[project], **past(2022, 6))
    # Declared on the day of the event: in force that day.
    on_the_day = EventFactory(projects=[project], **past(2024, 1, 1))
    for event in (small_times, medium_times, on_the_day):
        RegistrationFactory(event=event, organisation=company, attended=True)
    coordinator = coordinator_of(project)
    project_scope = scope("project", project)

    whole = summary(client, coordinator, scope=project_scope)
    assert whole.enterprises == 1
    assert sizes(whole) == {SizeClass.SMALL: 1}  # as at its first support

    in_2022 = summary(client, coordinator, scope=project_scope, date_from="2022-01-01")
    assert sizes(in_2022) == {SizeClass.MEDIUM: 1}
    assert in_2022.participants == 2

    medium_only = summary(client, coordinator, scope=project_scope, size_class="medium")
    assert (medium_only.enterprises, medium_only.participants) == (1, 1)
    assert sizes(medium_only) == {SizeClass.MEDIUM: 1}

    large_only = summary(client, coordinator, scope=project_scope, size_class="large")
    assert (large_only.enterprises, large_only.participants) == (1, 1)
    assert whole.undeclared_enterprises == 0

    csv = client.get("/en/reports/participants.csv", {"scope": project_scope})
    rows = b"".join(csv.streaming_content).decode().splitlines()[1:]
    assert [row.split(",")[10] for row in rows] == ["Small", "Medium", "Large"]


def test_without_an_earlier_declaration_the_current_facts_decide_and_are_noted(client):
    project = ProjectFactory()
    company = OrganisationFactory(headcount=5)  # micro by today's facts
    declare_size_facts(
        organisation=company,
        headcount=60,
        annual_turnover_eur=None,
        balance_sheet_total_eur=None,
        declared_on=datetime.date(2023, 1, 1),
    )
    company.headcount = 5
    company.save()
    unknown = OrganisationFactory(headcount=None)
    event = EventFactory(projects=[project], **past(2021, 6))
    RegistrationFactory(event=event, organisation=company, attended=True)
    RegistrationFactory(event=event, organisation=unknown, attended=True)

    figures = summary(client, coordinator_of(project), scope=scope("project", project))

    assert sizes(figures) == {SizeClass.MICRO: 1, SizeClass.UNKNOWN: 1}
    assert figures.undeclared_enterprises == 2


def test_a_declaration_made_between_two_supports_leaves_the_first_undeclared(client):
    project = ProjectFactory()
    declared_late = OrganisationFactory(county=county("C"), headcount=5)
    declared_early = OrganisationFactory(county=county("AB"), headcount=5)
    without_county = OrganisationFactory(county=None, headcount=5)
    for company, day in ((declared_late, (2022, 1, 1)), (declared_early, (2020, 1, 1))):
        declare_size_facts(
            organisation=company,
            headcount=60,
            annual_turnover_eur=None,
            balance_sheet_total_eur=None,
            declared_on=datetime.date(*day),
        )
        company.headcount = 5
        company.save()
    before = EventFactory(projects=[project], **past(2021, 6))
    after = EventFactory(projects=[project], **past(2022, 6))
    for event in (before, after):
        RegistrationFactory(event=event, organisation=declared_late, attended=True)
    RegistrationFactory(event=before, organisation=declared_early, attended=True)
    RegistrationFactory(event=after, organisation=without_county, attended=True)

    figures = summary(client, coordinator_of(project), scope=scope("project", project))

    assert figures.enterprises == 3
    # The late declarer counts as its current facts said at its first support (micro), the
    # early one as declared (medium); both undeclared ones are noted.
    assert sizes(figures) == {SizeClass.MICRO: 2, SizeClass.MEDIUM: 1}
    assert figures.undeclared_enterprises == 2
    assert [(code, n) for code, _name, n in figures.by_county] == [("AB", 1), ("C", 1), ("", 1)]


def test_an_event_of_two_projects_counts_in_both_and_once_for_its_host(client):
    host = ScienceParkFactory()
    first, second = ProjectFactory(), ProjectFactory()
    shared = EventFactory(hosts=[host], projects=[first, second], **past(2021, 3))
    only_first = EventFactory(hosts=[host], projects=[first], **past(2021, 4))
    company, other = OrganisationFactory(), OrganisationFactory()
    RegistrationFactory(event=shared, organisation=company, attended=True)
    RegistrationFactory(event=shared, organisation=other, attended=True)
    RegistrationFactory(event=only_first, organisation=company, attended=True)
    coordinator = coordinator_of(first, second)

    in_first = summary(client, coordinator, scope=scope("project", first))
    in_second = summary(client, coordinator, scope=scope("project", second))
    hosted = summary(client, staff_of(host), scope=scope("organisation", host))

    assert (in_first.events, in_first.participants, in_first.enterprises) == (2, 3, 2)
    assert (in_second.events, in_second.participants, in_second.enterprises) == (1, 2, 2)
    assert (hosted.events, hosted.participants, hosted.enterprises) == (2, 3, 2)
    assert hosted.support_hours == Decimal(9)


def test_a_county_filter_narrows_every_figure_alike(client):
    project = ProjectFactory()
    uppsala = OrganisationFactory(county=county("C"), headcount=5)
    stockholm = OrganisationFactory(county=county("AB"), headcount=30)
    stockholm_too = OrganisationFactory(county=county("AB"), headcount=100)
    workshop = EventFactory(projects=[project], support_hours=Decimal(3), **past(2021, 3))
    seminar = EventFactory(
        projects=[project], kind=Event.Kind.SEMINAR, support_hours=Decimal(2), **past(2021, 4)
    )
    RegistrationFactory(event=workshop, organisation=uppsala, attended=True)
    RegistrationFactory(event=workshop, organisation=stockholm, attended=True)
    RegistrationFactory(event=seminar, organisation=stockholm, attended=True)
    RegistrationFactory(event=seminar, organisation=stockholm_too, attended=False)
    RegistrationFactory(event=seminar, organisation=uppsala, attended=True)
    coordinator = coordinator_of(project)
    project_scope = scope("project", project)

    everything = summary(client, coordinator, scope=project_scope)
    assert (everything.enterprises, everything.participants) == (2, 4)
    assert everything.support_hours == Decimal(10)

    ab = summary(client, coordinator, scope=project_scope, county="AB")
    assert ab.enterprises == 1
    assert ab.participants == 2
    assert ab.registrations == 3
    assert ab.attendance_percent == 67
    assert ab.support_hours == Decimal(5)
    assert ab.hours_per_enterprise == Decimal(5)
    assert sizes(ab) == {SizeClass.SMALL: 1}
    assert [(code, n) for code, _name, n in ab.by_county] == [("AB", 1)]
    assert [(kind, people, firms) for kind, _l, _e, people, firms in ab.by_kind] == [
        ("seminar", 1, 1),
        ("workshop", 1, 1),
    ]
    csv = client.get("/en/reports/participants.csv", {"scope": project_scope, "county": "AB"})
    rows = b"".join(csv.streaming_content).decode().splitlines()[1:]
    assert len(rows) == 3
    assert all(",Stockholm," in row for row in rows)


def test_goal_progress_agrees_with_the_unfiltered_figures(client):
    project = ProjectFactory()
    ProjectGoalFactory(project=project, target_value=200)
    ProjectGoalFactory(project=project, metric=ProjectGoal.Metric.RCO01, target_value=10)
    event = EventFactory(projects=[project], **past(2021, 3))
    RegistrationFactory.create_batch(3, event=event, attended=True)
    RegistrationFactory(event=event, organisation=ScienceParkFactory(), attended=True)

    client.force_login(coordinator_of(project))
    response = client.get("/en/reports/", {"scope": scope("project", project)})

    figures = response.context["summary"]
    goals = {g.goal.metric: g for g in response.context["goals"]}
    assert goals["companies_reached"].value == figures.organisations == 4
    assert goals["rco01"].value == figures.rco01 == 3
    assert goals["rco01"].percent == 30
    assert "3 of 10" in response.content.decode()
