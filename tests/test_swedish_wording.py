"""Swedish that a Swede would write (#14 §3), and dates that no reader takes for American."""

import datetime
import json
import re

import pytest
from django.core import mail
from django.utils import timezone, translation

from companies.models import OrganisationMembership
from companies.services import declare_size_facts
from networks.models import NetworkMembership
from tests.factories import (
    EventFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    OrganisationMembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(committing_client):
    # Account mail leaves through the outbox once the request's transaction commits.
    return committing_client


BAD_SWEDISH = ["epost", "Epost", "mailet", "Verifierings-mail", "Kom ihåg mig:"]


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_login_and_sign_up_write_e_postadress_and_no_colon_after_the_checkbox(client):
    for url in ("/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        page = text(client.get(url))
        assert [bad for bad in BAD_SWEDISH if bad in page] == [], url
    login = text(client.get("/accounts/login/"))
    assert re.search(r">Kom ihåg mig</label>", login)


def test_the_verification_pages_and_mails_say_mejl_and_name_the_portal(client):
    response = client.post(
        "/accounts/signup/",
        {
            "first_name": "Anna",
            "last_name": "Andersson",
            "email": "anna@example.org",
            "password1": "ett-langt-losenord-42",
            "password2": "ett-langt-losenord-42",
        },
        follow=True,
    )
    page = text(response)
    assert [bad for bad in BAD_SWEDISH if bad in page] == []
    [message] = mail.outbox
    assert "Klusterportalen" in message.body
    assert "Hej från" not in message.body
    assert [bad for bad in BAD_SWEDISH if bad in message.body] == []


def test_password_reset_mail_is_the_portals_own(client):
    UserFactory(email="anna@example.org", first_name="Anna", last_name="Andersson")
    client.post("/accounts/password/reset/", {"email": "anna@example.org"})
    [message] = mail.outbox
    assert message.subject == "[Klusterportalen] Välj ett nytt lösenord"
    assert message.body.startswith("Hej Anna Andersson,")
    assert "Klusterportalen" in message.body


def test_an_invalid_organisation_number_is_explained_in_swedish(client):
    client.force_login(UserFactory())
    page = client.post(
        "/organisations/new/", {"name": "Nytt AB", "organisation_number": "556036-0794"}
    ).content.decode()
    assert "Det här är inte ett giltigt svenskt organisationsnummer" in page
    assert "Enter a valid" not in page


def test_admin_widgets_and_inlines_read_as_swedish_sentences(client, superuser):
    client.force_login(superuser)
    catalogue = text(client.get("/admin/jsi18n/"))  # JSON: "V\u00e4lj ..."
    assert json.dumps("Välj markerade %s") in catalogue
    assert json.dumps("Ta bort markerade %s") in catalogue
    assert json.dumps("Välj vald %s") not in catalogue
    form = text(client.get("/admin/events/event/add/"))
    assert "räknas för projekt" not in form
    assert "Programpunkt: l\\u00e4gg till en rad" in form  # the inline's JSON
    assert "Lägg till ytterligare Programpunkt" not in form


def test_a_declared_size_class_is_uppgivet(client):
    membership = OrganisationMembershipFactory(role=OrganisationMembership.Role.ADMIN)
    company = membership.organisation
    client.force_login(membership.user)
    declare_size_facts(
        organisation=company,
        headcount=12,
        annual_turnover_eur=1_000_000,
        balance_sheet_total_eur=None,
        declared_on=datetime.date(2026, 3, 1),
    )
    with translation.override("sv"):
        page = text(client.get(company.get_absolute_url()))
    assert "(uppgivet 1 mars 2026)" in page
    assert "uppgett" not in page


def test_a_pending_network_request_reads_as_a_sentence(client):
    membership = OrganisationMembershipFactory(
        organisation__name="Grön Teknik AB", role=OrganisationMembership.Role.ADMIN
    )
    network = NetworkFactory(join_policy="approval")
    NetworkMembershipFactory(
        network=network,
        organisation=membership.organisation,
        status=NetworkMembership.Status.PENDING,
    )
    client.force_login(membership.user)
    with translation.override("sv"):
        page = text(client.get(network.get_absolute_url()))
    assert "Grön Teknik AB</strong>: ansökan väntar på arrangörernas godkännande" in page


def test_english_pages_write_dates_day_first_or_iso(client):
    starts_at = datetime.datetime(2026, 8, 12, 9, 0, tzinfo=timezone.get_default_timezone())
    event = EventFactory(starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=2))
    with translation.override("en"):
        english = text(client.get(event.get_absolute_url()))
    assert "12 August 2026" in english
    assert "08/12/2026" not in english
    assert "August 12, 2026" not in english
    with translation.override("sv"):
        swedish = text(client.get(event.get_absolute_url()))
    assert "12 augusti 2026" in swedish
