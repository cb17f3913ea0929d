"""The size-class rules of Recommendation 2003/361/EC, each checked against figures worked out
by hand: partner and linked enterprises (Art. 6), public control (Art. 3(4)) and the
two-consecutive-years rule (Art. 4(2))."""

import datetime
from decimal import Decimal

import pytest

from companies.models import (
    Currency,
    RelatedEnterprise,
    SizeClass,
    SizeDeclaration,
    latest_closed_reference_year,
    settle_size_class,
)
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    ProjectFactory,
    RegistrationFactory,
    SizeDeclarationFactory,
)
from tests.reports.helpers import coordinator_of, past, scope

pytestmark = pytest.mark.django_db

MICRO, SMALL, MEDIUM, LARGE = SizeClass.MICRO, SizeClass.SMALL, SizeClass.MEDIUM, SizeClass.LARGE


def declare(organisation, year, headcount, turnover, balance, **fields):
    """A signed declaration whose aggregate is the figures given (no related enterprises)."""
    return SizeDeclarationFactory(
        organisation=organisation,
        declared_on=datetime.date(year + 1, 5, 1),
        reference_year=year,
        own_headcount=Decimal(headcount),
        own_annual_turnover=Decimal(turnover),
        own_balance_sheet_total=Decimal(balance),
        **fields,
    )


def with_enterprises(declaration, *enterprises):
    related = [RelatedEnterprise(declaration=declaration, **fields) for fields in enterprises]
    RelatedEnterprise.objects.bulk_create(related)
    declaration.apply_totals()
    declaration.save()
    declaration.refresh_from_db()
    return declaration


def test_partner_figures_count_in_proportion_to_the_share():
    # Own 6 AWU, EUR 1.5m turnover, 1.2m balance sheet; a 40 % partner with 10 AWU, 2m, 1m:
    # 6 + 4 = 10 AWU (not below 10: not micro); 1.5m + 0.8m = 2.3m; 1.2m + 0.4m = 1.6m.
    declaration = with_enterprises(
        declare(OrganisationFactory(), 2024, "6", "1500000", "1200000"),
        {
            "relation": RelatedEnterprise.Relation.PARTNER,
            "name": "Partner AB",
            "share_percent": Decimal("40"),
            "headcount": Decimal("10"),
            "annual_turnover": Decimal("2000000"),
            "balance_sheet_total": Decimal("1000000"),
        },
    )

    assert declaration.headcount == Decimal("10.00")
    assert declaration.annual_turnover_eur == Decimal("2300000")
    assert declaration.balance_sheet_total_eur == Decimal("1600000")
    assert declaration.size_class == SMALL


def test_linked_figures_count_in_full_and_fractions_of_work_units_are_kept():
    # Own 5 AWU, 1m, 1m; a linked enterprise (60 %) with 2.6 AWU, 0.5m, 0.5m counts in full:
    # 7.6 AWU; a 30 % partner with 7 AWU adds 2.1: 9.7 AWU, still below 10, so micro (rounding
    # to whole staff would make it 10 and small). Turnover 1m + 0.5m + 0.3 × 1m = 1.8m.
    declaration = with_enterprises(
        declare(OrganisationFactory(), 2024, "5", "1000000", "1000000"),
        {
            "relation": RelatedEnterprise.Relation.LINKED,
            "name": "Moderbolaget AB",
            "organisation_number": "5560360793",
            "share_percent": Decimal("60"),
            "headcount": Decimal("2.6"),
            "annual_turnover": Decimal("500000"),
            "balance_sheet_total": Decimal("500000"),
        },
        {
            "relation": RelatedEnterprise.Relation.PARTNER,
            "name": "Partner AB",
            "share_percent": Decimal("30"),
            "headcount": Decimal("7"),
            "annual_turnover": Decimal("1000000"),
            "balance_sheet_total": Decimal("1000000"),
        },
    )

    assert declaration.headcount == Decimal("9.70")
    assert declaration.annual_turnover_eur == Decimal("1800000")
    assert declaration.balance_sheet_total_eur == Decimal("1800000")
    assert declaration.size_class == MICRO


def test_figures_in_sek_are_converted_to_euros_at_the_stored_rate():
    # SEK 23,000,000 / 11.5 = EUR 2,000,000 (exactly the micro ceiling); 25,300,000 / 11.5 =
    # 2,200,000. 9 AWU: micro on the turnover alone.
    declaration = declare(
        OrganisationFactory(),
        2024,
        "9",
        "23000000",
        "25300000",
        currency=Currency.SEK,
        sek_per_eur=Decimal("11.5"),
    )
    declaration.apply_totals()
    declaration.save()
    declaration.refresh_from_db()

    assert declaration.annual_turnover_eur == Decimal("2000000")
    assert declaration.balance_sheet_total_eur == Decimal("2200000")
    assert declaration.size_class == MICRO


def test_a_company_controlled_by_public_bodies_is_not_an_sme():
    declaration = declare(OrganisationFactory(), 2024, "5", "100000", "100000")
    assert declaration.size_class == MICRO

    declaration.publicly_controlled = True
    declaration.save()
    declaration.refresh_from_db()

    assert declaration.size_class == LARGE
    assert declaration.size_class_in_force == LARGE


@pytest.mark.parametrize(
    ("held", "before", "now", "expected"),
    [
        (SMALL, SMALL, MEDIUM, SMALL),  # one year above: the class holds
        (SMALL, MEDIUM, MEDIUM, MEDIUM),  # two years above: it changes
        (MEDIUM, MEDIUM, SMALL, MEDIUM),  # one year below: it holds
        (MEDIUM, SMALL, SMALL, SMALL),  # two years below: it changes
        (MEDIUM, MICRO, SMALL, SMALL),  # two years below, to the nearer class
        (MICRO, LARGE, MEDIUM, MEDIUM),  # two years above, to the nearer class
        (SMALL, MEDIUM, MICRO, SMALL),  # one above, one below: it holds
        (SMALL, SMALL, SMALL, SMALL),
    ],
)
def test_a_class_changes_only_after_two_consecutive_years(held, before, now, expected):
    assert settle_size_class(held, before, now) == expected


def test_the_class_in_force_follows_the_declarations_year_by_year():
    company = OrganisationFactory()
    # 2021 small; 2022 medium figures (one year: still small); 2023 medium (now medium);
    # 2024 small figures (one year: still medium).
    years = {
        2021: declare(company, 2021, "30", "5000000", "5000000"),
        2022: declare(company, 2022, "60", "5000000", "5000000"),
        2023: declare(company, 2023, "70", "5000000", "5000000"),
        2024: declare(company, 2024, "30", "5000000", "5000000"),
    }

    in_force = {
        year: SizeDeclaration.objects.get(pk=d.pk).size_class_in_force for year, d in years.items()
    }
    assert in_force == {2021: SMALL, 2022: SMALL, 2023: MEDIUM, 2024: MEDIUM}
    assert SizeDeclaration.objects.get(pk=years[2022].pk).size_class == MEDIUM


def test_a_year_declared_late_settles_the_years_after_it_again():
    company = OrganisationFactory()
    declare(company, 2022, "30", "5000000", "5000000")
    later = declare(company, 2024, "60", "5000000", "5000000")
    # Without 2023, the year before 2024 is unknown: 2024's figures decide.
    assert SizeDeclaration.objects.get(pk=later.pk).size_class_in_force == MEDIUM

    declare(company, 2023, "30", "5000000", "5000000")  # small in 2023 too

    assert SizeDeclaration.objects.get(pk=later.pk).size_class_in_force == SMALL


def test_reports_count_the_class_in_force_at_the_time_of_support(client):
    company = OrganisationFactory()
    declare(company, 2023, "30", "5000000", "5000000")  # declared 2024-05-01, small
    declare(company, 2024, "60", "5000000", "5000000")  # declared 2025-05-01, medium figures
    project = ProjectFactory()
    event = EventFactory(projects=[project], **past(2025, 9))
    RegistrationFactory(event=event, organisation=company, attended=True)

    client.force_login(coordinator_of(project))
    response = client.get("/en/reports/", {"scope": scope("project", project)})

    by_size = {str(label): n for _value, label, n in response.context["summary"].by_size if n}
    assert by_size == {"Small": 1}


@pytest.mark.parametrize(
    ("day", "year"),
    [
        (datetime.date(2026, 7, 31), 2024),  # last year's accounts are not due until August
        (datetime.date(2026, 8, 1), 2025),
        (datetime.date(2026, 12, 31), 2025),
    ],
)
def test_the_latest_closed_reference_year(day, year):
    assert latest_closed_reference_year(day) == year


def test_stale_declarations_are_over_a_year_old_or_older_than_the_latest_accounts():
    company = OrganisationFactory()
    fresh = declare(company, 2025, "5", "1", "1")  # declared 2026-05-01
    on = datetime.date(2026, 7, 1)  # 2025 is still the latest closed year on 1 July

    assert not SizeDeclaration.objects.filter(pk=fresh.pk).stale_on(on).exists()
    assert SizeDeclaration.objects.filter(pk=fresh.pk).stale_on(datetime.date(2027, 5, 2)).exists()
    old_year = declare(OrganisationFactory(), 2023, "5", "1", "1")
    old_year.declared_on = datetime.date(2026, 6, 1)
    old_year.save()
    assert SizeDeclaration.objects.filter(pk=old_year.pk).stale_on(on).exists()


def test_reports_mark_enterprises_whose_declaration_was_stale_at_the_time_of_support(client):
    project = ProjectFactory()
    event = EventFactory(projects=[project], **past(2025, 9))
    fresh, stale, old_accounts = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    declare(fresh, 2024, "5", "1", "1")  # declared 2025-05-01 for 2024: fresh in September
    stale_declaration = declare(stale, 2024, "5", "1", "1")
    stale_declaration.declared_on = datetime.date(2024, 9, 9)  # a year and a day before
    stale_declaration.save()
    declare(old_accounts, 2022, "5", "1", "1")  # 2024's accounts were due by August 2025
    for company in (fresh, stale, old_accounts, OrganisationFactory()):
        RegistrationFactory(event=event, organisation=company, attended=True)

    client.force_login(coordinator_of(project))
    response = client.get("/en/reports/", {"scope": scope("project", project)})

    assert response.context["summary"].stale_declarations == 2
    assert response.context["summary"].undeclared_enterprises == 1
    assert "2 enterprises' SME declarations were more than a year old" in (
        response.content.decode()
    )
