"""People have names: sign-up asks for them, /me/profile/ edits them, and the portal shows
them wherever it shows a person (emails, admin lists, sign-in sheets, reports, company lists).
"""

import json
import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from companies.models import OrganisationMembership
from tests.factories import (
    TEST_PASSWORD,
    EventFactory,
    OrganisationMembershipFactory,
    RegistrationFactory,
    ScienceParkFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(committing_client):
    # Sign-up mail leaves through the outbox once the request's transaction commits.
    return committing_client


SIGNUP = {
    "email": "anna.andersson@example.org",
    "password1": "ett-langt-losenord-42",
    "password2": "ett-langt-losenord-42",
}


def test_sign_up_asks_for_first_and_last_name_and_optional_job_title_and_phone(client):
    page = client.get("/accounts/signup/").content.decode()
    for name in ("first_name", "last_name", "job_title", "phone"):
        assert f'name="{name}"' in page
    assert re.search(r'<input[^>]*name="first_name"[^>]*required', page)
    assert re.search(r'<input[^>]*name="last_name"[^>]*required', page)
    assert not re.search(r'<input[^>]*name="job_title"[^>]*required', page)
    assert "Förnamn" in page
    assert "Efternamn" in page
    assert "Titel" in page

    response = client.post("/accounts/signup/", SIGNUP)
    assert response.status_code == 200
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    assert "Detta fält måste fyllas i." in response.content.decode()


def test_signing_up_saves_the_name_and_greets_the_person_by_name_in_the_portals_name(client):
    response = client.post(
        "/accounts/signup/",
        {**SIGNUP, "first_name": "Anna", "last_name": "Andersson", "job_title": "vd",
         "phone": "070-123 45 67"},
    )  # fmt: skip
    assert response.status_code == 302
    user = User.objects.get(email=SIGNUP["email"])
    assert (user.first_name, user.last_name, user.job_title, user.phone) == (
        "Anna",
        "Andersson",
        "vd",
        "070-123 45 67",
    )
    assert str(user) == "Anna Andersson"
    [message] = mail.outbox
    assert message.subject == "[Klusterportalen] Bekräfta din e-postadress"
    assert message.from_email.startswith("Klusterportalen <")
    assert message.body.startswith("Hej Anna Andersson,")
    assert "Hej från" not in message.body
    assert "Vänliga hälsningar\nKlusterportalen" in message.body


def test_mail_to_an_english_speaker_is_english_throughout(client):
    client.post("/en/accounts/signup/", {**SIGNUP, "first_name": "Anna", "last_name": "Andersson"})
    [message] = mail.outbox
    assert message.subject == "[Cluster Portal] Confirm your email address"
    assert message.from_email.startswith("Cluster Portal <")
    assert message.body.startswith("Hello Anna Andersson,")


def test_a_bad_phone_number_is_refused_with_a_swedish_message(client):
    response = client.post(
        "/accounts/signup/",
        {**SIGNUP, "first_name": "Anna", "last_name": "Andersson", "phone": "ring mig"},
    )
    assert "Ange ett telefonnummer med siffror" in response.content.decode()
    assert not User.objects.filter(email=SIGNUP["email"]).exists()


def test_the_profile_page_needs_login_and_edits_the_name(client):
    response = client.get("/me/profile/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url

    user = UserFactory(first_name="Anna", last_name="Andersson")
    client.force_login(user)
    page = client.get("/me/profile/").content.decode()
    assert 'value="Anna"' in page
    assert "Min profil" in page
    assert "My profile" in client.get("/en/me/profile/").content.decode()
    assert "Min profil" in client.get("/me/").content.decode()

    response = client.post(
        "/me/profile/",
        {"first_name": "Anna", "last_name": "Berg", "job_title": "Projektledare", "phone": ""},
    )
    assert response.status_code == 302
    assert response.url == "/me/"
    user.refresh_from_db()
    assert (user.last_name, user.job_title) == ("Berg", "Projektledare")
    assert "Inloggad som Anna Berg" in client.get("/me/").content.decode()


def test_the_profile_needs_both_names(client):
    user = UserFactory(first_name="Anna", last_name="Andersson")
    client.force_login(user)
    response = client.post("/me/profile/", {"first_name": "Anna", "last_name": " "})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.last_name == "Andersson"


def test_the_profile_returns_only_to_addresses_of_this_site(client):
    client.force_login(UserFactory())
    data = {"first_name": "Anna", "last_name": "Berg"}
    response = client.post("/me/profile/", {**data, "next": "/events/"})
    assert response.url == "/events/"
    response = client.post("/me/profile/", {**data, "next": "https://evil.example/"})
    assert response.url == "/me/"


def log_in(client, email):
    return client.post("/accounts/login/", {"login": email, "password": TEST_PASSWORD})


def test_an_account_without_a_name_is_asked_for_it_once_at_login(client):
    user = UserFactory(first_name="", last_name="")
    response = log_in(client, user.email)
    assert response.status_code == 302
    assert response.url == "/me/profile/?next=%2Fme%2F"
    page = client.get(response.url).content.decode()
    assert "Berätta vad du heter" in page

    client.logout()
    response = log_in(client, user.email)
    assert response.url == "/me/"


def test_an_account_with_a_name_goes_where_it_was_going(client):
    user = UserFactory(first_name="Anna", last_name="Andersson")
    response = client.post(
        "/accounts/login/?next=/events/", {"login": user.email, "password": TEST_PASSWORD}
    )
    assert response.url == "/events/"


def test_the_personal_data_download_has_the_name_job_title_and_phone(client):
    user = UserFactory(first_name="Anna", last_name="Andersson", job_title="vd", phone="0701234567")
    client.force_login(user)
    response = client.get("/me/data/")
    data = json.loads(b"".join(getattr(response, "streaming_content", [response.content])))
    account = data["account"]
    assert (account["first_name"], account["last_name"]) == ("Anna", "Andersson")
    assert (account["job_title"], account["phone"]) == ("vd", "0701234567")


def test_company_people_list_shows_names_and_no_email_in_brackets_twice(client):
    admin = OrganisationMembershipFactory(role=OrganisationMembership.Role.ADMIN)
    company = admin.organisation
    OrganisationMembershipFactory(
        organisation=company,
        user=UserFactory(first_name="Anna", last_name="Andersson", email="anna@example.org"),
        status=OrganisationMembership.Status.PENDING,
        role=OrganisationMembership.Role.MEMBER,
    )
    OrganisationMembershipFactory(
        organisation=company,
        user=UserFactory(first_name="", last_name="", email="x@example.org"),
        role=OrganisationMembership.Role.MEMBER,
    )
    client.force_login(admin.user)
    response = client.get(f"/organisations/{company.slug}/members/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Anna Andersson" in page
    assert "x@example.org &lt;x@example.org&gt;" not in page
    assert page.count("x@example.org</a>") == 1


def test_admin_lists_and_the_sign_in_sheet_name_people(client, superuser):
    park = ScienceParkFactory()
    event = EventFactory(hosts=[park])
    person = UserFactory(first_name="Anna", last_name="Andersson", email="a.a@example.org")
    RegistrationFactory(event=event, user=person)
    OrganisationMembershipFactory(user=person)
    client.force_login(superuser)
    memberships = client.get("/admin/companies/organisationmembership/").content.decode()
    assert "Anna Andersson" in memberships
    registrations = client.get("/admin/events/registration/").content.decode()
    assert "Anna Andersson" in registrations
    sheet = client.get(f"/admin/events/event/{event.pk}/participants/").content.decode()
    assert "Anna Andersson" in sheet


def test_the_report_participant_list_names_the_participant(client):
    from accounts.roles import COORDINATOR, ensure_role_groups
    from tests.factories import ProjectFactory

    coordinator = UserFactory()
    coordinator.groups.add(ensure_role_groups()[COORDINATOR])
    project = ProjectFactory()
    project.coordinators.add(coordinator)
    event = EventFactory(projects=[project])
    person = UserFactory(first_name="Anna", last_name="Andersson")
    RegistrationFactory(event=event, user=person, attended=True)
    client.force_login(coordinator)
    response = client.get(f"/en/reports/participants.csv?scope=project-{project.pk}")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    header, row = text.splitlines()[:2]
    assert header.split(",")[3] == "Participant"
    assert row.split(",")[3] == "Anna Andersson"


def test_a_verified_address_is_needed_before_the_name_question(client):
    """The question comes after allauth's own checks: an unverified account is not asked."""
    user = UserFactory(first_name="", last_name="")
    EmailAddress.objects.filter(user=user).update(verified=False)
    response = log_in(client, user.email)
    assert "profile" not in response.get("Location", "")
    user.refresh_from_db()
    assert user.asked_for_name_at is None
