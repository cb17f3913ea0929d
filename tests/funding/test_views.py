"""What a company and a coordinator do with the ledger: confirm other aid before registering,
download certificates after the support, and export a project's ledger."""

import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from companies.models import DeMinimisStatement, OrganisationMembership
from events.models import Registration
from funding.models import DeMinimisEntry
from tests.factories import (
    OrganisationFactory,
    OrganisationMembershipFactory,
    RegistrationFactory,
    de_minimis_event,
)
from tests.reports.helpers import coordinator_of, past

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def rate(settings):
    settings.SEK_PER_EUR = "11.50"


def path(name, *args, **query):
    with translation.override("sv"):
        url = reverse(name, args=args)
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


@pytest.fixture
def company_admin():
    membership = OrganisationMembershipFactory(
        organisation=OrganisationFactory(name="Ljusdal Sensor AB", organisation_number="5560360793")
    )
    return membership.organisation, membership.user


def test_registering_for_de_minimis_aid_needs_the_admins_statement_first(client, company_admin):
    organisation, admin = company_admin
    event = de_minimis_event(aid_sek=Decimal("23000"))
    client.force_login(admin)

    client.post(path("events:register", event.slug), {"organisation": organisation.pk})
    assert not Registration.objects.exists()

    statement_url = path("funding:statement", organisation.slug, event=event.slug)
    page = client.get("/en" + statement_url)
    # Nothing recorded yet: 0 + 0 + SEK 23,000 / 11.5 = EUR 2,000.
    assert "EUR 2,000.00" in page.content.decode()
    response = client.post(
        statement_url,
        {
            "aid-TOTAL_FORMS": "1",
            "aid-INITIAL_FORMS": "0",
            "aid-0-granting_body": "Tillväxtverket",
            "aid-0-granted_on": "2025-03-01",
            "aid-0-amount_eur": "12000",
            "confirm": "on",
        },
    )
    assert response.status_code == 302
    statement = DeMinimisStatement.objects.get(organisation=organisation)
    assert statement.other_aid.get().amount_eur == Decimal("12000")

    client.post(path("events:register", event.slug), {"organisation": organisation.pk})
    assert Registration.objects.get().organisation == organisation


def test_the_statement_warns_when_the_three_year_total_would_pass_the_ceiling(
    client, company_admin
):
    organisation, admin = company_admin
    event = de_minimis_event(aid_sek=Decimal("23000"))  # EUR 2,000
    client.force_login(admin)
    response = client.post(
        "/en" + path("funding:statement", organisation.slug, event=event.slug),
        {
            "aid-TOTAL_FORMS": "1",
            "aid-INITIAL_FORMS": "0",
            "aid-0-granting_body": "Tillväxtverket",
            "aid-0-granted_on": (timezone.localdate() - datetime.timedelta(days=30)).isoformat(),
            "aid-0-amount_eur": "299000",
            "confirm": "on",
        },
        follow=True,
    )

    # EUR 299,000 + 2,000 = 301,000.
    assert "EUR 301,000.00, more than the EUR 300,000" in response.content.decode()


def test_a_member_cannot_make_the_statement(client, company_admin):
    organisation, _admin = company_admin
    member = OrganisationMembershipFactory(
        organisation=organisation, role=OrganisationMembership.Role.MEMBER
    ).user
    client.force_login(member)

    assert client.get(path("funding:statement", organisation.slug)).status_code == 404


@pytest.mark.parametrize("language", ["", "/en"])
def test_the_company_downloads_its_certificate_after_the_support(client, company_admin, language):
    organisation, admin = company_admin
    event = de_minimis_event(**past(2025, 10))
    RegistrationFactory(event=event, organisation=organisation, user=admin, attended=True)
    entry = DeMinimisEntry.objects.get()
    client.force_login(admin)

    page = client.get(language + path("funding:company", organisation.slug))
    assert path("funding:certificate", entry.pk) in page.content.decode()
    pdf = client.get(language + path("funding:certificate", entry.pk))

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_no_certificate_before_the_event_nor_for_another_company(client, company_admin):
    organisation, admin = company_admin
    now = timezone.now()
    running = de_minimis_event(
        starts_at=now - datetime.timedelta(minutes=30), ends_at=now + datetime.timedelta(hours=1)
    )
    RegistrationFactory(event=running, organisation=organisation, attended=True)
    other = RegistrationFactory(event=de_minimis_event(**past(2025, 10)), attended=True)
    client.force_login(admin)

    for entry in DeMinimisEntry.objects.all():
        assert client.get(path("funding:certificate", entry.pk)).status_code == 404
    assert client.get(path("funding:company", other.organisation.slug)).status_code == 404


def test_the_coordinator_exports_the_ledger_as_csv_and_xlsx(client):
    event = de_minimis_event(aid_sek=Decimal("23000"), **past(2025, 10, 14))
    project = event.aid_granting_project
    company = OrganisationFactory(name="=HYPERLINK(evil)", organisation_number="5560360793")
    RegistrationFactory(event=event, organisation=company, attended=True)
    RegistrationFactory(event=de_minimis_event(**past(2025, 10)), attended=True)  # other project
    client.force_login(coordinator_of(project))
    query = {"project": project.slug, "date_from": "2025-01-01", "date_to": "2025-12-31"}

    csv = client.get(path("funding:ledger"), {**query, "format": "csv"})
    rows = csv.content.decode().splitlines()
    assert len(rows) == 2
    assert rows[1].startswith("556036-0793,'=HYPERLINK(evil),23000.00,2000.00,11.5000,2025-10-14,")
    assert "Kommissionens förordning (EU) 2023/2831" in rows[1]

    xlsx = client.get(path("funding:ledger"), {**query, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[1][0] == "556036-0793"
    assert values[1][1] == "'=HYPERLINK(evil)"
    assert Decimal(str(values[1][2])) == Decimal("23000")


def test_another_projects_ledger_is_not_offered(client):
    event = de_minimis_event(**past(2025, 10))
    other = de_minimis_event(**past(2025, 10)).aid_granting_project
    client.force_login(coordinator_of(event.aid_granting_project))

    response = client.get(path("funding:ledger"), {"project": other.slug, "format": "csv"})

    assert response.status_code == 404


def test_people_without_reports_get_no_ledger(client, company_admin):
    _organisation, admin = company_admin
    client.force_login(admin)
    assert client.get(path("funding:ledger")).status_code == 403
