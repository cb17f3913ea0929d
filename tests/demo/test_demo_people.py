import pytest
from django.core.management import call_command

from accounts.models import User
from demo.seeding import DEMO_ACCOUNTS

pytestmark = pytest.mark.django_db


def test_the_demo_people_have_real_looking_names_and_different_ones(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    people = list(User.objects.all())
    assert len(people) > 40
    assert [p.email for p in people if not (p.first_name and p.last_name)] == []
    assert [p.email for p in people if {"Demo", "Coordinator"} & {p.first_name, p.last_name}] == []
    names = {p.get_full_name() for p in people}
    assert len(names) == len(people)
    sme = User.objects.get(email=DEMO_ACCOUNTS["sme"])
    assert str(sme) == "Erik Johansson"

    client.force_login(User.objects.get(email=DEMO_ACCOUNTS["admin"]))
    page = client.get("/admin/events/registration/").content.decode()
    participants = User.objects.filter(registrations__isnull=False).distinct()
    assert any(p.get_full_name() in page for p in participants)
