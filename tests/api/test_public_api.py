"""The read-only public API (issue 17 §1): the same rows as the public pages for the same
filters, never a person, cursor pages, conditional GET, CORS, CSV, a valid OpenAPI schema and
an anonymous rate limit that an organisation's token lifts."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openapi_spec_validator import validate

from accounts.roles import SCIENCE_PARK_STAFF, ensure_role_groups
from api.models import ApiToken
from companies.models import Organisation, OrganisationMembership
from events.models import Event
from networks.models import Network
from projects.models import Project
from tests.factories import (
    ArticleFactory,
    EventFactory,
    NetworkFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    ProjectFactory,
    ProjectGoalFactory,
    RegistrationFactory,
    ScienceParkFactory,
    ThematicAreaFactory,
    UserFactory,
    county,
)

pytestmark = pytest.mark.django_db

PERSON_EMAIL = "ada.lovelace@private.example"
PERSON_NAME = "Lovelace"


@pytest.fixture
def demo():
    """Public and non-public rows of every kind, and people who must never show."""
    person = UserFactory(email=PERSON_EMAIL, first_name="Ada", last_name=PERSON_NAME)
    kalmar, uppsala = county("H"), county("C")
    energy = ThematicAreaFactory(name="Energy", slug="energy")
    park = ScienceParkFactory(name="STUNS", slug="stuns", county=uppsala)
    other_park = ScienceParkFactory(name="Kalmar Science Park", slug="ksp", county=kalmar)
    OrganisationFactory(name="Hidden AB", slug="hidden-ab", is_listed=False)
    OrganisationMembershipFactory(user=person, organisation=park)
    project = ProjectFactory(name="Smart growth", slug="smart-growth", owner=park)
    project.coordinators.add(person)
    project.partners.add(other_park)
    ProjectGoalFactory(project=project, target_value=10)
    ProjectFactory(name="Draft project", slug="draft-project", status=Project.Status.DRAFT)
    network = NetworkFactory(
        name="Packaging", slug="packaging", hosts=[park], contact_information=PERSON_EMAIL
    )
    network.counties.add(uppsala)
    NetworkFactory(name="Old network", slug="old-network", is_archived=True)
    EventFactory(
        title="Kalmar food day", county=kalmar, hosts=[other_park], kind=Event.Kind.SEMINAR
    )
    in_uppsala = EventFactory(title="Uppsala energy breakfast", hosts=[park], projects=[project])
    in_uppsala.thematic_areas.add(energy)
    in_uppsala.network = network
    in_uppsala.save()
    EventFactory(title="Cancelled meetup", status=Event.Status.CANCELLED, hosts=[park])
    EventFactory(title="Draft workshop", status=Event.Status.DRAFT, hosts=[park])
    EventFactory(
        title="Last year's fair",
        starts_at=timezone.now() - datetime.timedelta(days=300),
        ends_at=timezone.now() - datetime.timedelta(days=300, hours=-3),
    )
    RegistrationFactory(event=in_uppsala, user=person, organisation=park)
    ArticleFactory(title="Published news", organisation=park).thematic_areas.add(energy)
    ArticleFactory(title="Draft news", status="draft", organisation=park)
    article = ArticleFactory(title="By a person", organisation=park)
    article.created_by = person
    article.save()
    return {"park": park, "network": network, "project": project}


def fetch_all(client, path, query=None) -> list[dict]:
    """Every item of a list endpoint, following the cursor pages."""
    query = {**(query or {}), "page_size": 2}
    response = client.get(path, query)
    assert response.status_code == 200, response.content
    body = response.json()
    items = list(body["results"])
    while body["next"]:
        response = client.get(body["next"])
        body = response.json()
        items += body["results"]
    return items


def slugs_on_page(client, path, query, kind) -> set[str]:
    page = client.get(path, {**query, "page_size": 100}).content.decode()
    return set(re.findall(rf'href="/en/{kind}/([a-z0-9-]+)/"', page))


@pytest.mark.parametrize("county", ["H", "Kalmar", "kalmar län", "Kalmar County"])
def test_events_in_kalmar(client, demo, county):
    items = fetch_all(client, "/api/v1/events/", {"county": county})
    assert [item["title"] for item in items] == ["Kalmar food day"]
    assert items[0]["county"] == "H"
    assert items[0]["hosts"] == [
        {"slug": "ksp", "name": "Kalmar Science Park", "kind": "science_park"}
    ]
    assert items[0]["url"].endswith("/events/" + items[0]["slug"] + "/")


def test_an_event_says_seats_left_and_whether_registration_is_open(client, demo):
    [item] = fetch_all(client, "/api/v1/events/", {"q": "energy breakfast"})
    assert item["capacity"] == 20
    assert item["seats_left"] == 19
    assert item["registration_open"] is True
    assert item["themes"] == [{"slug": "energy", "name": "Energy"}]
    assert item["network"] == "packaging"
    assert item["projects"] == ["smart-growth"]
    [cancelled] = fetch_all(client, "/api/v1/events/", {"q": "Cancelled meetup"})
    assert cancelled["cancelled"] is True
    assert cancelled["registration_open"] is False


EVENT_QUERIES = [
    {},
    {"county": "H"},
    {"county": "C"},
    {"theme": "energy"},
    {"kind": "seminar"},
    {"format": "on_site"},
    {"organisation": "stuns"},
    {"network": "packaging"},
    {"project": "smart-growth"},
    {"q": "breakfast"},
    {"starts_after": "2000-01-01"},
]


@pytest.mark.parametrize("query", EVENT_QUERIES)
def test_the_event_endpoint_lists_what_the_event_page_lists(client, demo, query):
    api = {item["slug"] for item in fetch_all(client, "/api/v1/events/", query)}
    page = slugs_on_page(client, "/en/events/", query, "events")
    assert api == page


@pytest.mark.parametrize(
    ("endpoint", "page", "kind", "query"),
    [
        ("networks", "/en/networks/", "networks", {}),
        ("networks", "/en/networks/", "networks", {"county": "C"}),
        ("projects", "/en/projects/", "projects", {}),
        ("organisations", "/en/organisations/", "organisations", {}),
        ("organisations", "/en/organisations/", "organisations", {"kind": "science_park"}),
        ("news", "/en/news/", "news", {}),
        ("news", "/en/news/", "news", {"theme": "energy"}),
    ],
)
def test_every_list_endpoint_lists_what_its_page_lists(client, demo, endpoint, page, kind, query):
    api = {item["slug"] for item in fetch_all(client, f"/api/v1/{endpoint}/", query)}
    assert api == slugs_on_page(client, page, query, kind)
    assert api


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/events/draft-workshop/",
        "/api/v1/projects/draft-project/",
        "/api/v1/organisations/hidden-ab/",
    ],
)
def test_what_no_public_page_shows_the_api_does_not_show(client, demo, path):
    Event.objects.filter(title="Draft workshop").update(slug="draft-workshop")
    assert client.get(path).status_code == 404


def every_answer(client, demo) -> list[str]:
    answers = []
    for endpoint in ("events", "networks", "projects", "organisations", "news", "themes"):
        for fmt in ("json", "csv"):
            answers.append(client.get(f"/api/v1/{endpoint}/", {"output": fmt}).content.decode())
    for item in (
        [f"events/{slug}" for slug in Event.objects.published().values_list("slug", flat=True)]
        + [f"networks/{slug}" for slug in Network.objects.values_list("slug", flat=True)]
        + ["projects/smart-growth", "organisations/stuns", "counties/C"]
    ):
        response = client.get(f"/api/v1/{item}/")
        assert response.status_code == 200, item
        answers.append(response.content.decode())
    answers.append(client.get("/api/v1/schema/").content.decode())
    return answers


def test_no_answer_holds_personal_data(client, demo):
    for answer in every_answer(client, demo):
        assert PERSON_EMAIL not in answer
        assert PERSON_NAME not in answer
        assert "@private.example" not in answer


def test_a_project_has_partners_funders_and_goal_progress(client, demo):
    body = client.get("/api/v1/projects/smart-growth/").json()
    assert body["owner"]["slug"] == "stuns"
    assert body["partners"] == [{"slug": "ksp", "name": "Kalmar Science Park", "role": "partner"}]
    [goal] = body["goals"]
    assert goal["target_value"] == 10
    assert goal["current_value"] == 0
    assert goal["percent_of_target"] == 0


def test_cursor_pages_hold_up_to_100(client):
    EventFactory.create_batch(3)
    body = client.get("/api/v1/events/", {"page_size": 1000}).json()
    assert len(body["results"]) == 3
    assert body["next"] is None
    first = client.get("/api/v1/events/", {"page_size": 2}).json()
    assert len(first["results"]) == 2
    assert "cursor=" in first["next"]


def test_a_filter_the_api_does_not_understand_is_a_400(client):
    response = client.get("/api/v1/events/", {"county": "ZZ"})
    assert response.status_code == 400
    assert "county" in response.json()


def test_an_unchanged_answer_is_a_304_and_any_site_may_read_it(client, demo):
    first = client.get("/api/v1/events/", HTTP_ORIGIN="https://stuns.se")
    assert first["Access-Control-Allow-Origin"] == "*"
    assert first["ETag"]
    assert first["Last-Modified"]
    again = client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    since = client.get("/api/v1/events/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    Event.objects.filter(title_en="Kalmar food day").update(title_en="Kalmar food fair")
    changed = client.get("/api/v1/events/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert "Kalmar food fair" in changed.content.decode()
    # Pages outside the API allow no other site.
    assert "Access-Control-Allow-Origin" not in client.get("/en/events/")


def test_csv(client, demo):
    response = client.get("/api/v1/events/", {"output": "csv", "county": "H"})
    assert response["Content-Type"].startswith("text/csv")
    [row] = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["title"] == "Kalmar food day"
    assert row["hosts"] == "ksp"


def test_a_formula_in_a_title_comes_out_of_the_csv_as_text(client):
    EventFactory(title='=HYPERLINK("http://evil.example","x")')
    content = client.get("/api/v1/events/", {"output": "csv"}).content.decode()
    assert "'=HYPERLINK" in content


def test_the_schema_is_valid_openapi_3_and_documented_for_people(client):
    response = client.get("/api/v1/schema/", {"output": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/events/" in schema["paths"]
    parameters = {p["name"] for p in schema["paths"]["/api/v1/events/"]["get"]["parameters"]}
    assert {"county", "theme", "kind", "organisation", "network", "project", "q"} <= parameters
    docs = client.get("/en/api/")
    assert docs.status_code == 200
    assert "/api/v1/events/" in docs.content.decode()
    assert "Open data API" in docs.content.decode()
    assert "cdn" not in docs.content.decode().lower()


def test_anonymous_callers_are_limited_and_a_token_lifts_the_limit(client, settings):
    settings.API_ANON_RATE = "3/min"
    for _ in range(3):
        assert client.get("/api/v1/themes/").status_code == 200
    limited = client.get("/api/v1/themes/")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0

    token = ApiToken.objects.create(organisation=ScienceParkFactory(), name="stuns.se")
    for _ in range(5):
        response = client.get("/api/v1/themes/", HTTP_AUTHORIZATION=f"Token {token.issued_key}")
        assert response.status_code == 200

    token.is_active = False
    token.save()
    revoked = client.get("/api/v1/themes/", HTTP_AUTHORIZATION=f"Token {token.issued_key}")
    assert revoked.status_code == 401
    assert client.get("/api/v1/themes/", HTTP_AUTHORIZATION="Token a\x00b").status_code == 401


def test_the_event_list_reads_a_constant_number_of_queries(client, django_assert_num_queries):
    park = ScienceParkFactory()
    theme = ThematicAreaFactory()
    project = ProjectFactory()

    def make(n):
        for event in EventFactory.create_batch(n, hosts=[park], projects=[project]):
            event.thematic_areas.add(theme)

    make(10)
    client.get("/api/v1/events/", {"page_size": 100})  # warm the content type cache etc.
    # The page of events (seats counted inside), then hosts, themes and projects of all of them.
    with django_assert_num_queries(4) as ten:
        assert len(client.get("/api/v1/events/", {"page_size": 100}).json()["results"]) == 10
    make(90)
    with django_assert_num_queries(len(ten.captured_queries)):
        assert len(client.get("/api/v1/events/", {"page_size": 100}).json()["results"]) == 100


def staff_of(park):
    user = UserFactory(is_staff=True)
    user.groups.add(ensure_role_groups()[SCIENCE_PARK_STAFF])
    OrganisationMembershipFactory(
        user=user, organisation=park, role=OrganisationMembership.Role.STAFF
    )
    return user


def test_staff_create_a_token_for_their_organisation_but_not_for_another(client):
    park, other = ScienceParkFactory(), ScienceParkFactory()
    client.force_login(staff_of(park))
    url = reverse("admin:api_apitoken_add")
    refused = client.post(url, {"organisation": other.pk, "name": "Their site", "is_active": "on"})
    assert refused.status_code == 200
    assert not ApiToken.objects.exists()
    done = client.post(
        url, {"organisation": park.pk, "name": "Our site", "is_active": "on"}, follow=True
    )
    assert done.status_code == 200
    token = ApiToken.objects.get()
    assert token.organisation == park
    assert isinstance(token.organisation, Organisation)

    # The key is shown once, right after it is made, and works; the database holds no key.
    shown = [str(message) for message in done.context["messages"]]
    (key,) = [
        word.strip("–, ")
        for message in shown
        for word in message.split()
        if word.startswith(token.key_prefix)
    ]
    assert len(key) >= 40
    assert key not in {str(value) for value in ApiToken.objects.values_list(flat=False).get()}
    client.logout()
    assert client.get("/api/v1/themes/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200

    client.force_login(staff_of(park))
    change_page = client.get(reverse("admin:api_apitoken_change", args=[token.pk]))
    assert token.key_prefix in change_page.content.decode()
    assert key not in change_page.content.decode()


def test_a_stored_digest_is_no_key():
    token = ApiToken.objects.create(organisation=ScienceParkFactory(), name="stuns.se")
    stored = ApiToken.objects.get()
    assert not hasattr(stored, "issued_key")
    assert token.issued_key not in (stored.key_digest, stored.key_prefix)
    assert ApiToken.objects.for_key(token.issued_key).get() == stored
    assert not ApiToken.objects.for_key(stored.key_digest).exists()
