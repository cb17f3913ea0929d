import pytest
import yaml
from django.core.management import CommandError, call_command

from companies.models import Organisation
from demo.seeding import FACTS_FILE
from events.models import Event, Registration
from networks.models import Network
from projects.models import Project

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Organisation, Project, Network, Event, Registration)
    }


def test_seed_demo_twice_gives_the_same_counts(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert first["Event"] > 20


def test_seed_demo_contains_every_science_park_of_the_facts_file(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    facts = yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))
    parks = set(Organisation.objects.science_parks().values_list("name", flat=True))
    assert {park["name"] for park in facts["science_parks"]} <= parks


def test_every_science_park_hosts_two_upcoming_events_some_full(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    for park in Organisation.objects.science_parks():
        assert Event.objects.published().upcoming().filter(hosts=park).count() >= 2, park
    full = [
        e
        for e in Event.objects.published().upcoming().with_seat_counts()
        if e.capacity is not None and e.confirmed_count >= e.capacity
    ]
    assert full, "some demo events are full"
    assert Registration.objects.waitlisted().exists()


def test_demo_accounts_log_in(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    assert client.login(email="admin@example.com", password="cluster-demo")
    response = client.get("/admin/")
    assert response.status_code == 200


def test_seed_demo_refuses_without_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert Organisation.objects.count() == 0
    call_command("seed_demo", "--force")
    assert Organisation.objects.science_parks().exists()
