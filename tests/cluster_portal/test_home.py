import pytest

from networks.models import Network
from tests.factories import EventFactory, NetworkFactory, ProjectFactory, ScienceParkFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_home_shows_events_open_networks_projects_and_parks(client, prefix):
    EventFactory(title="Upcoming workshop")
    NetworkFactory(name="Open network")
    NetworkFactory(name="Closed circle", join_policy=Network.JoinPolicy.INVITATION)
    ProjectFactory(name="Boost project")
    ScienceParkFactory(name="Krinova")
    response = client.get(f"{prefix}/")
    page = response.content.decode()
    assert response.status_code == 200
    for text in ("Upcoming workshop", "Open network", "Boost project", "Krinova"):
        assert text in page
    assert "Closed circle" not in page


def test_home_is_swedish_by_default_and_english_under_en(client):
    assert '<html lang="sv">' in client.get("/").content.decode()
    assert '<html lang="en">' in client.get("/en/").content.decode()


@pytest.mark.parametrize(
    "url", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_account_pages_use_the_site_layout(client, url):
    page = client.get(url).content.decode()
    assert 'class="site-header"' in page
    assert 'id="main"' in page


@pytest.mark.parametrize(
    ("url", "swedish", "english"),
    [
        ("/", "Kommande evenemang", "Upcoming events"),
        ("/events/?page=abc", "En del av adressen kunde inte tolkas", "could not be understood"),
        ("/networks/", "Sök och filtrera", "Search and filter"),
        ("/projects/", "Finansieringsprogram", "Funding programme"),
        ("/organisations/", "Typ av organisation", "Kind of organisation"),
        ("/accounts/login/", "Inget konto än?", "No account yet?"),
    ],
)
def test_pages_speak_swedish_by_default_and_english_under_en(client, url, swedish, english):
    assert swedish in client.get(url).content.decode()
    assert english in client.get("/en" + url).content.decode()


@pytest.mark.parametrize("rows", [5, 200])
def test_home_query_count_does_not_grow_with_rows(client, rows, django_assert_max_num_queries):
    host = ScienceParkFactory()
    EventFactory.create_batch(rows, hosts=[host])
    NetworkFactory.create_batch(rows, hosts=[host])
    ProjectFactory.create_batch(rows, owner=host)
    ScienceParkFactory.create_batch(rows)
    with django_assert_max_num_queries(9):
        response = client.get("/en/")
    assert response.status_code == 200
