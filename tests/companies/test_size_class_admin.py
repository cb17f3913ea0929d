"""SME facts entered in the admin give the same size class, and the same report figures, as
the company's own form: the size class is computed by the database whatever the entry path."""

import datetime

import pytest
from django.urls import reverse

from companies.models import SizeClass, SizeDeclaration
from companies.services import declare_size_facts
from tests.factories import EventFactory, OrganisationFactory, ProjectFactory, RegistrationFactory
from tests.reports.helpers import coordinator_of, past, scope

pytestmark = pytest.mark.django_db


def change_form_data(response) -> dict:
    """What the admin change page would post back unchanged: its form and every inline."""
    data = {}

    def add(form, prefix=""):
        for name in form.fields:
            value = form[name].value()
            key = f"{prefix}{name}"
            if value is None or value is False:
                continue
            if isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            elif value is True:
                data[key] = "on"
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form, f"{formset.prefix}-")
        for form in formset.forms:
            add(form, f"{form.prefix}-")
    return data


def sizes_in_report(client, project) -> dict:
    """The report page's enterprises by size class, as the coordinator reads them."""
    client.force_login(coordinator_of(project))
    response = client.get("/en/reports/", {"scope": scope("project", project)})
    assert response.status_code == 200
    return {str(label): n for _value, label, n in response.context["summary"].by_size if n}


@pytest.fixture
def supported_company():
    """A company that said it was large in 2019 and attended a project's event in 2021."""
    company = OrganisationFactory(name="Nordkvist Sensorer AB")
    declare_size_facts(
        organisation=company,
        headcount=300,
        annual_turnover_eur=None,
        balance_sheet_total_eur=None,
        declared_on=datetime.date(2019, 1, 1),
    )
    project = ProjectFactory()
    event = EventFactory(projects=[project], **past(2021, 3))
    RegistrationFactory(event=event, organisation=company, attended=True)
    return company, project


def test_declaration_added_on_its_admin_page_gets_its_size_class(
    client, superuser, supported_company
):
    company, project = supported_company
    client.force_login(superuser)

    response = client.post(
        reverse("admin:companies_sizedeclaration_add"),
        {
            "organisation": company.pk,
            "declared_on": "2020-06-01",
            "headcount": "5",
            "annual_turnover_eur": "1000000",
            "balance_sheet_total_eur": "",
        },
    )

    assert response.status_code == 302
    declaration = SizeDeclaration.objects.get(organisation=company, declared_on="2020-06-01")
    assert declaration.size_class == SizeClass.MICRO
    assert declaration.declared_by == superuser
    changelist = client.get(reverse("admin:companies_sizedeclaration_changelist"))
    assert "Micro" in changelist.content.decode()
    # The newest declaration is the company's current facts too.
    company.refresh_from_db()
    assert (company.headcount, company.size_class) == (5, SizeClass.MICRO)
    assert sizes_in_report(client, project) == {"Micro": 1}


def test_changed_facts_change_the_size_class_on_the_declarations_page(
    client, superuser, supported_company
):
    company, project = supported_company
    declaration = company.size_declarations.get()
    client.force_login(superuser)

    response = client.post(
        reverse("admin:companies_sizedeclaration_change", args=[declaration.pk]),
        {
            "organisation": company.pk,
            "declared_on": "2019-01-01",
            "headcount": "40",
            "annual_turnover_eur": "",
            "balance_sheet_total_eur": "",
        },
        follow=True,
    )

    assert "2019-01-01: Small" in response.content.decode()
    declaration.refresh_from_db()
    assert declaration.size_class == SizeClass.SMALL
    assert sizes_in_report(client, project) == {"Small": 1}


def test_declaration_added_in_the_organisation_pages_inline_gets_its_size_class(
    client, superuser, supported_company
):
    company, project = supported_company
    client.force_login(superuser)
    url = reverse("admin:companies_organisation_change", args=[company.pk])
    data = change_form_data(client.get(url))
    data.update(
        {
            "size_declarations-TOTAL_FORMS": "2",
            "size_declarations-1-declared_on": "2020-06-01",
            "size_declarations-1-headcount": "5",
            "size_declarations-1-annual_turnover_eur": "1000000",
            "size_declarations-1-organisation": str(company.pk),
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    assert dict(
        SizeDeclaration.objects.filter(organisation=company).values_list(
            "declared_on", "size_class"
        )
    ) == {datetime.date(2019, 1, 1): "large", datetime.date(2020, 6, 1): "micro"}
    assert sizes_in_report(client, project) == {"Micro": 1}


def test_sme_facts_saved_on_the_organisation_form_become_a_declaration(
    client, superuser, supported_company
):
    company, project = supported_company
    client.force_login(superuser)
    url = reverse("admin:companies_organisation_change", args=[company.pk])
    data = change_form_data(client.get(url))
    data.update(
        {
            "headcount": "5",
            "annual_turnover_eur": "1000000",
            "balance_sheet_total_eur": "",
            "sme_facts_declared_on": "2020-06-01",
        }
    )

    response = client.post(url, data)

    assert response.status_code == 302, response.context["errors"]
    declaration = SizeDeclaration.objects.get(organisation=company, declared_on="2020-06-01")
    assert (declaration.headcount, declaration.size_class) == (5, SizeClass.MICRO)
    assert declaration.declared_by == superuser
    assert sizes_in_report(client, project) == {"Micro": 1}


def test_saving_the_organisation_form_unchanged_declares_nothing(
    client, superuser, supported_company
):
    company, _project = supported_company
    client.force_login(superuser)
    url = reverse("admin:companies_organisation_change", args=[company.pk])

    response = client.post(url, change_form_data(client.get(url)))

    assert response.status_code == 302
    assert SizeDeclaration.objects.filter(organisation=company).count() == 1
