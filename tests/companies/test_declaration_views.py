"""The guided SME declaration as a company admin makes it: figures, the arithmetic to check,
the signature; then its history, its PDF, and staff's logged corrections in the admin."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from companies.models import (
    OrganisationMembership,
    RelatedEnterprise,
    SizeClass,
    SizeDeclaration,
    SizeDeclarationCorrection,
    latest_closed_reference_year,
)
from tests.companies.test_size_class_admin import change_form_data
from tests.factories import (
    OrganisationFactory,
    OrganisationMembershipFactory,
    SizeDeclarationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def company_admin():
    membership = OrganisationMembershipFactory(
        organisation=OrganisationFactory(
            name="Ljusdal Sensor AB", organisation_number="5560360793"
        ),
        user__first_name="Anna",
        user__last_name="Berg",
    )
    return membership.organisation, membership.user


def figures(**overrides) -> dict:
    year = latest_closed_reference_year(timezone.localdate())
    data = {
        "reference_year": str(year),
        "currency": "SEK",
        "own_headcount": "6",
        "own_annual_turnover": "11500000",
        "own_balance_sheet_total": "5750000",
        "structure": "related",
        "related-TOTAL_FORMS": "2",
        "related-INITIAL_FORMS": "0",
        "related-MIN_NUM_FORMS": "0",
        "related-MAX_NUM_FORMS": "10",
        "related-0-relation": "partner",
        "related-0-name": "Delägaren AB",
        "related-0-organisation_number": "",
        "related-0-share_percent": "25",
        "related-0-headcount": "8",
        "related-0-annual_turnover": "4600000",
        "related-0-balance_sheet_total": "2300000",
    }
    data.update(overrides)
    return data


def url(name, organisation, **kwargs):
    """The page's path without a language prefix (Swedish); "/en" + it is the English one."""
    with translation.override("sv"):
        return reverse(f"companies:{name}", kwargs={"slug": organisation.slug, **kwargs})


def test_the_review_step_shows_the_arithmetic_and_keeps_nothing(client, company_admin, settings):
    settings.SEK_PER_EUR = "11.50"
    organisation, admin = company_admin
    client.force_login(admin)

    response = client.post("/en" + url("declaration_new", organisation), figures())

    assert response.status_code == 200
    page = response.content.decode()
    # 6 + 25 % of 8 = 8 AWU; SEK 11.5m + 1.15m = 12.65m = EUR 1.1m; 5.75m + 0.575m = 6.325m
    # = EUR 550,000: micro.
    assert "12,650,000" in page
    assert "1,100,000" in page
    assert "550,000" in page
    assert "<strong>Micro</strong>" in page
    assert not SizeDeclaration.objects.exists()


def test_a_signed_declaration_is_kept_with_its_partner_and_becomes_the_current_facts(
    client, company_admin, settings
):
    settings.SEK_PER_EUR = "11.50"
    organisation, admin = company_admin
    client.force_login(admin)

    response = client.post(
        url("declaration_new", organisation),
        figures(sign="1", signer_name="Anna Berg", signer_role="VD", confirm="on"),
    )

    assert response.status_code == 302
    declaration = SizeDeclaration.objects.get(organisation=organisation)
    assert (declaration.headcount, declaration.annual_turnover_eur) == (
        Decimal("8.00"),
        Decimal("1100000"),
    )
    assert declaration.sek_per_eur == Decimal("11.5")
    assert declaration.size_class == SizeClass.MICRO
    assert (declaration.signer_name, declaration.signer_role) == ("Anna Berg", "VD")
    assert declaration.signed_at is not None
    assert declaration.declared_by == admin
    assert declaration.related_enterprises.get().relation == RelatedEnterprise.Relation.PARTNER
    organisation.refresh_from_db()
    assert (organisation.headcount, organisation.size_class) == (8, SizeClass.MICRO)

    history = client.get(url("declarations", organisation))
    assert "Anna Berg" in history.content.decode()
    pdf = client.get(url("declaration_pdf", organisation, pk=declaration.pk))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_without_the_tick_nothing_is_signed(client, company_admin):
    organisation, admin = company_admin
    client.force_login(admin)

    response = client.post(
        url("declaration_new", organisation),
        figures(sign="1", signer_name="Anna Berg", signer_role="VD"),
    )

    assert response.status_code == 200
    assert "confirm" in response.context["signature"].errors
    assert not SizeDeclaration.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"related-0-share_percent": "60"}, "A partner enterprise holds 25 to 50 per cent"),
        (
            {"related-0-relation": "linked"},
            "Give a linked enterprise&#x27;s organisation number",
        ),
        ({"structure": "autonomous"}, "An autonomous enterprise has no partner"),
    ],
)
def test_inconsistent_ownership_is_refused_with_a_message(
    client, company_admin, overrides, message
):
    organisation, admin = company_admin
    client.force_login(admin)

    response = client.post("/en" + url("declaration_new", organisation), figures(**overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.templates[0].name == "companies/declaration_form.html"


def test_only_the_company_admin_makes_or_reads_declarations(client, company_admin):
    organisation, _admin = company_admin
    member = OrganisationMembershipFactory(
        organisation=organisation, role=OrganisationMembership.Role.MEMBER
    ).user
    declaration = SizeDeclarationFactory(organisation=organisation)

    assert client.get(url("declarations", organisation)).status_code == 302  # to log in
    client.force_login(member)
    assert client.get(url("declarations", organisation)).status_code == 404
    assert client.get(url("declaration_new", organisation)).status_code == 404
    pdf_url = url("declaration_pdf", organisation, pk=declaration.pk)
    assert client.get(pdf_url).status_code == 404


@pytest.mark.parametrize("language", ["", "/en"])
def test_the_declaration_pages_in_both_languages(client, company_admin, language):
    organisation, admin = company_admin
    client.force_login(admin)
    declaration = SizeDeclarationFactory(organisation=organisation)

    assert client.get(language + url("declaration_new", organisation)).status_code == 200
    assert client.get(language + url("declarations", organisation)).status_code == 200
    pdf = client.get(language + url("declaration_pdf", organisation, pk=declaration.pk))
    assert pdf.content.startswith(b"%PDF")


def test_staff_correct_a_signed_declaration_only_with_a_logged_reason(client, superuser):
    declaration = SizeDeclarationFactory(declared_on=datetime.date(2025, 5, 1))
    change_url = reverse("admin:companies_sizedeclaration_change", args=[declaration.pk])
    client.force_login(superuser)
    form = client.get(change_url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {
        name: ("on" if value is True else value)
        for name, value in data.items()
        if value not in (None, False)
    }
    data.update(
        {
            "related_enterprises-TOTAL_FORMS": "0",
            "related_enterprises-INITIAL_FORMS": "0",
            "corrections-TOTAL_FORMS": "0",
            "corrections-INITIAL_FORMS": "0",
            "own_headcount": "60",
        }
    )

    refused = client.post(change_url, data)
    assert refused.status_code == 200
    assert SizeDeclaration.objects.get(pk=declaration.pk).own_headcount == Decimal("5")

    data["correction_reason"] = "The annual report says 60 work units."
    accepted = client.post(change_url, data)

    assert accepted.status_code == 302
    declaration.refresh_from_db()
    assert (declaration.own_headcount, declaration.headcount) == (Decimal("60"), Decimal("60"))
    assert declaration.size_class == SizeClass.MEDIUM
    correction = SizeDeclarationCorrection.objects.get(declaration=declaration)
    assert correction.reason == "The annual report says 60 work units."
    assert correction.changes == {"own_headcount": ["5.00", "60"]}
    assert correction.corrected_by == superuser


def test_the_organisation_page_leaves_a_signed_declaration_as_it_was(client, superuser):
    declaration = SizeDeclarationFactory(declared_on=datetime.date(2025, 5, 1))
    change_url = reverse("admin:companies_organisation_change", args=[declaration.organisation.pk])
    client.force_login(superuser)
    data = change_form_data(client.get(change_url))
    prefix = next(key for key in data if key.endswith("-0-headcount")).removesuffix("headcount")
    data[prefix + "headcount"] = "300"

    response = client.post(change_url, data, follow=True)

    assert response.status_code == 200
    assert "Signed declarations were left as they were" in response.content.decode()
    assert SizeDeclaration.objects.get(pk=declaration.pk).headcount == Decimal("5.00")
