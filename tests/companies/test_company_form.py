"""The company registration form: amounts in kronor or euro, a registered number's way to the
company, the way back to the event one came from, and the marks of required fields."""

from decimal import Decimal

import pytest

from companies.models import Organisation, SizeDeclaration
from companies.money import Currency, eur_to_sek, to_eur
from tests.factories import (
    EventFactory,
    OrganisationMembershipFactory,
    ScienceParkFactory,
    UserFactory,
)

from .test_public_views import company_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def sme(client):
    user = UserFactory()
    client.force_login(user)
    return user


def test_kronor_are_converted_to_whole_euro_half_up(settings):
    settings.SEK_PER_EUR = Decimal("11.20")
    assert to_eur(Decimal("1120000"), Currency.SEK) == Decimal("100000")
    assert to_eur(Decimal("5.6"), Currency.SEK) == Decimal("1")  # 0.5 euro rounds up
    assert to_eur(Decimal("5.59"), Currency.SEK) == Decimal("0")
    assert to_eur(Decimal("1234.5"), Currency.EUR) == Decimal("1235")
    assert eur_to_sek(Decimal("100000")) == Decimal("1120000")


def test_amounts_in_kronor_are_stored_in_euro_at_the_configured_rate(client, sme, settings):
    settings.SEK_PER_EUR = Decimal("11.50")
    client.post(
        "/en/organisations/new/",
        company_data(
            currency="SEK", annual_turnover_eur="115000000", balance_sheet_total_eur="23000000"
        ),
    )
    company = Organisation.objects.get(name="Small Circular AB")
    assert company.annual_turnover_eur == Decimal("10000000")
    assert company.balance_sheet_total_eur == Decimal("2000000")
    declaration = SizeDeclaration.objects.get(organisation=company)
    assert declaration.annual_turnover_eur == Decimal("10000000")


def test_amounts_in_euro_are_stored_as_typed(client, sme):
    client.post("/en/organisations/new/", company_data(currency="EUR"))
    assert Organisation.objects.get().annual_turnover_eur == Decimal("3000000")


def test_the_same_turnover_restated_in_kronor_is_no_new_declaration(client, sme, settings):
    settings.SEK_PER_EUR = Decimal("10")
    client.post("/en/organisations/new/", company_data())
    company = Organisation.objects.get()
    client.post(
        f"/en/organisations/{company.slug}/edit/",
        company_data(currency="SEK", annual_turnover_eur="30000000"),
    )
    assert SizeDeclaration.objects.filter(organisation=company).count() == 1


def test_an_unknown_currency_is_refused_at_the_field_and_nothing_is_lost(client, sme):
    response = client.post("/en/organisations/new/", company_data(currency="USD"))
    page = response.content.decode()
    assert 'id="id_currency_error"' in page
    assert 'value="3000000"' in page
    assert not Organisation.objects.exists()


def test_a_registered_company_number_offers_to_ask_to_join_it(client, sme):
    OrganisationMembershipFactory(
        organisation__organisation_number="5560360793", organisation__name="Taken AB"
    )
    response = client.post("/en/organisations/new/", company_data())
    page = response.content.decode()
    assert "Taken AB is already registered with this number." in page
    assert (
        '<a href="/en/organisations/join/?organisation_number=556036-0793">'
        "Ask to join this company</a>"
    ) in page
    assert Organisation.objects.count() == 1
    # The link fills in the number; asking is one press of the button.
    join = client.get("/en/organisations/join/?organisation_number=556036-0793")
    assert 'value="556036-0793"' in join.content.decode()


def test_a_registered_number_of_another_kind_of_organisation_offers_no_join(client, sme):
    ScienceParkFactory(organisation_number="5560360793")
    page = client.post("/en/organisations/new/", company_data()).content.decode()
    assert "An organisation with this number is already registered." in page
    assert "Ask to join this company" not in page


def test_the_company_form_keeps_its_own_number_when_edited(client, sme):
    client.post("/en/organisations/new/", company_data())
    company = Organisation.objects.get()
    response = client.post(
        f"/en/organisations/{company.slug}/edit/", company_data(municipality="Enköping")
    )
    assert response.status_code == 302
    company.refresh_from_db()
    assert company.municipality == "Enköping"


def test_registering_from_an_event_returns_to_the_event(client, sme):
    event = EventFactory(slug="open-lab", allows_private_persons=False)
    event_page = client.get(f"/en/events/{event.slug}/").content.decode()
    assert "/en/organisations/new/?next=/en/events/open-lab/" in event_page
    response = client.post("/en/organisations/new/?next=/en/events/open-lab/", company_data())
    assert response.status_code == 302
    assert response.url == "/en/events/open-lab/"


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_a_next_address_off_the_site_is_ignored(client, sme, next_url):
    response = client.post(f"/en/organisations/new/?next={next_url}", company_data())
    assert response.url == Organisation.objects.get().get_absolute_url()


def test_required_fields_are_marked(client, sme):
    page = client.get("/en/organisations/new/").content.decode()
    assert "Fields marked with an asterisk (*) are required." in page
    assert '<label for="id_name" class="required">' in page
    assert '<label for="id_municipality">' in page
