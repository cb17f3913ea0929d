"""The CSV file is the same whether PostgreSQL writes it (COPY) or Python does."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from companies.models import SizeClass, SizeDeclaration
from companies.services import declare_size_facts
from events.models import Registration
from projects.models import ProjectPartner
from reports.exports import copied_csv_chunks, crlf_line_ends, python_csv_chunks
from reports.figures import Report, Scope
from tests.conftest import requires_postgres
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    ProjectFactory,
    RegistrationFactory,
    ScienceParkFactory,
    UserFactory,
)

from .helpers import past, scope, staff_of

pytestmark = pytest.mark.django_db


def as_bytes(chunks) -> bytes:
    return b"".join(chunk if isinstance(chunk, bytes) else chunk.encode() for chunk in chunks)


@pytest.fixture
def awkward_project():
    """A project whose participant list holds every kind of value a CSV writer can get wrong,
    with one event the partner's staff may read names at and one they may not."""
    project = ProjectFactory()
    partner = ScienceParkFactory()
    ProjectPartner.objects.create(project=project, organisation=partner)
    grown = OrganisationFactory(
        name='Cellvia "Labs", Uppsala',
        organisation_number="5560360793",
        sector="Life science\nand health",
        headcount=60,
    )
    declare_size_facts(
        organisation=grown,
        headcount=12,
        annual_turnover_eur=Decimal(1_000_000),
        balance_sheet_total_eur=None,
        declared_on=datetime.date(2021, 1, 1),
    )
    # It grew before the second event.
    declare_size_facts(
        organisation=grown,
        headcount=60,
        annual_turnover_eur=Decimal(9_000_000),
        balance_sheet_total_eur=None,
        declared_on=datetime.date(2022, 1, 1),
    )
    bare = OrganisationFactory(
        name="Åkes Café", organisation_number="12345", municipality="", sector="", county=None
    )
    # Late on a Saturday in UTC, early on Sunday in Stockholm, on the day clocks go forward.
    night = datetime.datetime(2021, 3, 28, 0, 30, tzinfo=timezone.get_current_timezone())
    own = EventFactory(
        title='Open lab, "the day"\nafter',
        projects=[project],
        hosts=[partner],
        support_hours=Decimal("6.5"),
        starts_at=night,
        ends_at=night + datetime.timedelta(hours=4),
    )
    other = EventFactory(title="Seminar", projects=[project], **past(2022, 10, 30))
    RegistrationFactory(
        event=own,
        user=UserFactory(first_name="Åsa", last_name='Öberg, "Doc"', email="asa@x.example"),
        organisation=grown,
        attended=True,
        checked_in_at=night + datetime.timedelta(minutes=5, seconds=7, microseconds=999_999),
    )
    RegistrationFactory(event=own, organisation=bare, attended=False)
    RegistrationFactory(event=own, organisation=None, status=Registration.Status.WAITLISTED)
    RegistrationFactory(event=own, user=None, organisation=grown, attended=True)
    RegistrationFactory(event=other, organisation=grown, status=Registration.Status.CANCELLED)
    RegistrationFactory(
        event=other,
        organisation=bare,
        attended=True,
        checked_in_at=other.starts_at + datetime.timedelta(hours=2),
    )
    return project, partner


@requires_postgres
@pytest.mark.parametrize("language", ["sv", "en"])
def test_postgresql_writes_the_same_csv_as_python(awkward_project, language):
    project, partner = awkward_project
    staff = staff_of(partner)
    superuser = UserFactory(is_superuser=True)
    with translation.override(language):
        for user in (staff, superuser):
            report = Report(user=user, scope=Scope.PROJECT, subject=project)
            copied = as_bytes(copied_csv_chunks(report))
            assert copied == as_bytes(python_csv_chunks(report))
        narrowed = Report(
            user=staff, scope=Scope.PROJECT, subject=project, size_class=SizeClass.SMALL
        )
        assert as_bytes(copied_csv_chunks(narrowed)) == (as_bytes(python_csv_chunks(narrowed)))


def test_the_csv_file_has_every_value_and_names_only_where_entitled(client, awkward_project):
    project, partner = awkward_project
    client.force_login(staff_of(partner))

    response = client.get("/en/reports/participants.csv", {"scope": scope("project", project)})

    content = as_bytes(response.streaming_content)
    assert content.startswith("\ufeff".encode())
    assert content.count(b"\r\n") == 7  # a newline inside a value stays as it is
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert len(rows) == 7
    assert rows[1] == [
        'Open lab, "the day"\nafter',
        "2021-03-28",
        "6.50",
        'Åsa Öberg, "Doc"',
        "asa@x.example",
        'Cellvia "Labs", Uppsala',
        "556036-0793",
        "Company",
        "Uppsala",
        "Uppsala",
        "Small",
        "Life science\nand health",
        "Confirmed",
        "yes",
        "2021-03-28 00:35:07",
    ]
    by_status = {row[12]: row for row in rows[2:]}
    assert by_status["On the waiting list"][5:11] == ["", "", "", "", "", ""]
    assert rows[2][6:11] == ["12345", "Company", "", "", "Unknown"]
    # The partner's staff read names only at the event their organisation hosted.
    assert [bool(row[4]) for row in rows[1:4]] == [True, True, True]
    assert [row[3:5] for row in rows[5:]] == [["", ""], ["", ""]]
    assert rows[6][13:] == ["yes", "2022-10-30 11:00:00"]
    assert rows[5][10] == "Medium"


def test_line_ends_inside_quoted_values_survive_any_chunk_boundary():
    data = b'a,"x\n""y\n",b\nc,d\n'
    expected = b'a,"x\n""y\n",b\r\nc,d\r\n'
    for cut in range(len(data) + 1):
        first, quoted = crlf_line_ends(data[:cut], False)
        second, quoted = crlf_line_ends(data[cut:], quoted)
        assert first + second == expected
        assert not quoted


HEADCOUNT_OF = {SizeClass.MICRO: 1, SizeClass.SMALL: 12, SizeClass.MEDIUM: 60, SizeClass.LARGE: 300}


@requires_postgres
def test_postgresql_and_python_agree_on_the_size_declared_at_the_time():
    project = ProjectFactory()
    event = EventFactory(title="Workshop", projects=[project], **past(2022, 10, 30))
    declarations = {
        # declared that very day: in force at the event
        "on the day": [(datetime.date(2022, 10, 30), SizeClass.MEDIUM)],
        # the latest of two earlier declarations counts, not the one after the event
        "twice before": [
            (datetime.date(2020, 5, 1), SizeClass.MICRO),
            (datetime.date(2022, 10, 29), SizeClass.SMALL),
            (datetime.date(2022, 10, 31), SizeClass.LARGE),
        ],
        # declared only after the event: its current facts (a headcount of 300) decide
        "only after": [(datetime.date(2022, 11, 1), SizeClass.MICRO)],
    }
    for name, declared in declarations.items():
        organisation = OrganisationFactory(name=name, headcount=300)
        for day, size in declared:
            SizeDeclaration.objects.create(
                organisation=organisation, declared_on=day, headcount=HEADCOUNT_OF[size]
            )
        RegistrationFactory(event=event, organisation=organisation, attended=True)
    report = Report(user=UserFactory(is_superuser=True), scope=Scope.PROJECT, subject=project)

    with translation.override("en"):
        copied = as_bytes(copied_csv_chunks(report))
        assert copied == as_bytes(python_csv_chunks(report))

    rows = list(csv.reader(io.StringIO(copied.decode("utf-8-sig"), newline="")))
    assert {row[5]: row[10] for row in rows[1:]} == {
        "on the day": "Medium",
        "twice before": "Small",
        "only after": "Large",
    }
