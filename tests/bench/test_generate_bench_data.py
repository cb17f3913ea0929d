import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from bench.management.commands.generate_bench_data import (
    BENCH_ME_EMAIL,
    BENCH_ME_REGISTRATIONS,
    BENCH_NATIONAL_PROJECT_SLUG,
    SCALES,
)
from companies.models import Organisation, normalise_organisation_number
from events.models import Event, Registration
from networks.models import Network, NetworkMembership
from projects.models import Project
from reports.figures import Report, Scope
from tests.conftest import requires_postgres
from tests.factories import UserFactory

pytestmark = [requires_postgres, pytest.mark.django_db]


def test_generated_dataset_has_the_scale_and_keeps_the_rules():
    call_command("generate_bench_data", scale="tiny")
    size = SCALES["tiny"]
    assert Event.objects.count() == size.events
    assert Registration.objects.count() == size.registrations
    assert Network.objects.count() == size.networks
    assert NetworkMembership.objects.count() == size.network_memberships
    assert Organisation.objects.companies().count() == size.companies
    assert Registration.objects.filter(user__email=BENCH_ME_EMAIL).count() == BENCH_ME_REGISTRATIONS
    # Confirmed seats never exceed the capacity; a waiting list only where there is one.
    overbooked = (
        Event.objects.exclude(capacity=None)
        .annotate(confirmed=Count("registrations", filter=Q(registrations__status="confirmed")))
        .filter(confirmed__gt=F("capacity"))
    )
    assert not overbooked.exists()
    assert not Registration.objects.waitlisted().filter(event__capacity=None).exists()
    assert not Registration.objects.filter(event__status=Event.Status.DRAFT).exists()
    for company in Organisation.objects.companies()[:20]:
        number = company.organisation_number
        assert normalise_organisation_number(number) == number


def test_the_national_programme_reports_every_registration_and_stays_out_of_the_way():
    call_command("generate_bench_data", scale="tiny")
    national = Project.objects.get(slug=BENCH_NATIONAL_PROJECT_SLUG)
    report = Report(user=UserFactory(is_superuser=True), scope=Scope.PROJECT, subject=national)
    assert report.row_count() == SCALES["tiny"].registrations
    # The pages the benchmark loads show the same projects as without it.
    assert Project.objects.visible().order_by("pk").first().pk == 1
    assert national not in Project.objects.active()[:6]
    assert Event.objects.filter(projects__isnull=True).count() == 0
    # Its enterprises have follow-ups, some answered, as the report page reads them.
    [six, *_later] = report.follow_up()
    assert six.wave == 6
    assert 0 < six.answered < six.surveys


def test_generator_refuses_to_mix_with_existing_data_without_flush():
    call_command("generate_bench_data", scale="tiny")
    with pytest.raises(CommandError, match="--flush"):
        call_command("generate_bench_data", scale="tiny")
    call_command("generate_bench_data", scale="tiny", flush=True)
    assert Registration.objects.count() == SCALES["tiny"].registrations
