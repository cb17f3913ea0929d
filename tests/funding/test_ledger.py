"""The de minimis ledger: one entry per attended participation in an event that is aid, on
every path that records attendance, summed per single undertaking over a rolling three years
(figures worked out by hand)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from companies.models import DeMinimisStatement, OtherDeMinimisAid, RelatedEnterprise
from events.models import CheckInLog, Registration
from events.services import (
    cancel_registration,
    mark_attendance,
    record_attendance,
    register_walk_in,
)
from funding.models import DeMinimisEntry, three_years_ending, undertaking_total
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    RegistrationFactory,
    ScienceParkFactory,
    SizeDeclarationFactory,
    UserFactory,
    de_minimis_event,
)
from tests.reports.helpers import past

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rate(settings):
    settings.SEK_PER_EUR = "11.50"


def running_event(**fields):
    """A de minimis event under way now, so attendance may be recorded."""
    now = timezone.now()
    return de_minimis_event(
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(hours=2),
        **fields,
    )


def held_on(day: datetime.date, company, aid_sek="115000"):
    """An attended participation in a de minimis event on `day` (a model save, as an import)."""
    event = de_minimis_event(aid_sek=Decimal(aid_sek), **past(day.year, day.month, day.day))
    return RegistrationFactory(event=event, organisation=company, attended=True)


def by(user):
    return {"by": user}


@pytest.mark.parametrize(
    "path",
    ["check_in_page", "qr_code", "admin_form", "admin_action", "walk_in", "model_save"],
)
def test_every_path_that_records_attendance_writes_one_entry(path):
    event = running_event(aid_sek=Decimal("23000"))
    company = OrganisationFactory()
    staff = UserFactory()
    if path == "walk_in":
        registration = register_walk_in(
            event=event,
            email="walk@example.com",
            first_name="Walk",
            last_name="In",
            organisation=company,
            by=staff,
        )
    else:
        registration = RegistrationFactory(event=event, organisation=company)
        if path == "admin_action":
            mark_attendance(
                registrations=Registration.objects.filter(pk=registration.pk),
                attended=True,
                by=staff,
            )
        elif path == "model_save":
            registration.attended = True
            registration.save()
        else:
            record_attendance(registration=registration, attended=True, by=staff, source=path)

    entry = DeMinimisEntry.objects.get()
    assert entry.registration_id == registration.pk
    assert entry.organisation == company
    assert entry.project == event.aid_granting_project
    assert entry.granting_body == event.aid_granting_project.owner.name
    assert entry.granted_on == timezone.localdate(event.starts_at)
    # SEK 23,000 at 11.50 SEK per EUR = EUR 2,000.
    assert (entry.aid_sek, entry.sek_per_eur, entry.aid_eur) == (
        Decimal("23000"),
        Decimal("11.5"),
        Decimal("2000.00"),
    )


def test_undoing_attendance_or_cancelling_removes_the_entry():
    event = running_event()
    registration = RegistrationFactory(event=event)
    staff = UserFactory()
    record_attendance(
        registration=registration, attended=True, by=staff, source=CheckInLog.Source.CHECK_IN_PAGE
    )
    assert DeMinimisEntry.objects.count() == 1

    record_attendance(
        registration=registration, attended=None, by=staff, source=CheckInLog.Source.CHECK_IN_PAGE
    )
    assert DeMinimisEntry.objects.count() == 0

    record_attendance(
        registration=registration, attended=True, by=staff, source=CheckInLog.Source.CHECK_IN_PAGE
    )
    cancel_registration(registration=registration)
    assert DeMinimisEntry.objects.count() == 0


def test_no_entry_for_events_that_are_not_aid_or_for_participants_who_are_not_companies():
    RegistrationFactory(event=EventFactory(**past(2025, 3)), attended=True)
    RegistrationFactory(
        event=de_minimis_event(**past(2025, 3)), organisation=ScienceParkFactory(), attended=True
    )
    RegistrationFactory(event=de_minimis_event(**past(2025, 3)), organisation=None, attended=True)

    assert not DeMinimisEntry.objects.exists()


def test_marking_an_event_as_aid_afterwards_enters_its_attended_participations():
    event = EventFactory(**past(2025, 3))
    attended = RegistrationFactory(event=event, attended=True)
    RegistrationFactory(event=event, attended=False)
    project = attended.event.projects.first() or de_minimis_event().aid_granting_project

    event.de_minimis_aid_sek = Decimal("11500")
    event.aid_valuation = "fixed"
    event.aid_granting_project = project
    event.save()

    assert list(DeMinimisEntry.objects.values_list("registration_id", "aid_eur")) == [
        (attended.pk, Decimal("1000.00"))
    ]

    event.de_minimis_aid_sek = None
    event.aid_valuation = ""
    event.aid_granting_project = None
    event.save()
    assert not DeMinimisEntry.objects.exists()


def test_the_three_year_window_crosses_a_year_boundary():
    # On 5 January 2027 the window is 6 January 2024 – 5 January 2027.
    assert three_years_ending(datetime.date(2027, 1, 5)) == (
        datetime.date(2024, 1, 6),
        datetime.date(2027, 1, 5),
    )
    company = OrganisationFactory()
    held_on(datetime.date(2024, 1, 5), company, "115000")  # EUR 10,000: just outside
    held_on(datetime.date(2024, 1, 6), company, "230000")  # EUR 20,000: just inside
    held_on(datetime.date(2026, 12, 30), company, "345000")  # EUR 30,000
    held_on(datetime.date(2027, 1, 6), company, "460000")  # EUR 40,000: after the day

    total = undertaking_total(company, on=datetime.date(2027, 1, 5))

    assert total.ledger_eur == Decimal("50000.00")
    # A day later the first inside entry has left and the last has come in.
    later = undertaking_total(company, on=datetime.date(2027, 1, 6))
    assert later.ledger_eur == Decimal("70000.00")


def test_the_single_undertaking_sums_the_company_and_its_linked_enterprises():
    parent = OrganisationFactory(organisation_number="5560360793")
    daughter = OrganisationFactory(organisation_number="5565843464")
    stranger = OrganisationFactory(organisation_number="5567788997")
    # The daughter declares the parent as linked (more than 50 %).
    declaration = SizeDeclarationFactory(organisation=daughter)
    RelatedEnterprise.objects.create(
        declaration=declaration,
        relation=RelatedEnterprise.Relation.LINKED,
        name=parent.name,
        organisation_number=parent.organisation_number,
        share_percent=Decimal("100"),
        headcount=Decimal("3"),
        annual_turnover=Decimal("1"),
        balance_sheet_total=Decimal("1"),
    )
    day = datetime.date(2025, 10, 1)
    held_on(day, parent, "1150000")  # EUR 100,000
    held_on(day, daughter, "2300000")  # EUR 200,000
    held_on(day, stranger, "575000")  # EUR 50,000, another undertaking

    on = datetime.date(2025, 12, 1)
    # Both companies see the same undertaking: EUR 300,000, exactly the ceiling.
    for company in (daughter, parent):
        total = undertaking_total(company, on=on)
        assert total.total_eur == Decimal("300000.00")
        assert not total.exceeds_ceiling
    assert undertaking_total(daughter, on=on, adding_eur=Decimal("0.01")).exceeds_ceiling
    assert undertaking_total(stranger, on=on).total_eur == Decimal("50000.00")


def test_other_aid_the_company_stated_counts_within_the_window():
    company = OrganisationFactory()
    statement = DeMinimisStatement.objects.create(organisation=company, confirmed_at=timezone.now())
    OtherDeMinimisAid.objects.create(
        statement=statement,
        granting_body="Tillväxtverket",
        granted_on=datetime.date(2023, 6, 1),
        amount_eur=Decimal("250000"),
    )
    OtherDeMinimisAid.objects.create(
        statement=statement,
        granting_body="Vinnova",
        granted_on=datetime.date(2022, 6, 1),  # outside the window ending 2025-12-01
        amount_eur=Decimal("90000"),
    )
    held_on(datetime.date(2025, 10, 1), company, "690000")  # EUR 60,000

    total = undertaking_total(company, on=datetime.date(2025, 12, 1))

    assert (total.ledger_eur, total.other_eur) == (Decimal("60000.00"), Decimal("250000"))
    assert total.total_eur == Decimal("310000.00")
    assert total.exceeds_ceiling
