"""One world of two sides, A and B, built once per test module.

Side A owns every object the URL walk requests: a science park, a company, a project, a
network, an event with a registration, news, notifications and a prepared report export. Side B
has the same roles with nothing of A's: the "other" users of the permission walk.

The registrant of A's event is the person whose personal data must stay with A's hosts, A's
project coordinators and the registrant.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.roles import COORDINATOR, SCIENCE_PARK_STAFF, ensure_role_groups
from api.models import ApiToken
from companies.models import DeMinimisStatement, OrganisationMembership, SizeDeclaration
from events.models import AttendanceCertificate, CheckInLog, CoHostInvitation, Registration
from funding.models import DeMinimisEntry
from networks.models import NetworkMembership
from privacy.models import Consent
from regions.models import Region
from reports.models import ReportExport
from tests.factories import (
    ArticleFactory,
    DigestSubscriptionFactory,
    DocumentFactory,
    EventFactory,
    EventReportFactory,
    FollowUpSurveyFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    NotificationFactory,
    OrganisationFactory,
    OrganisationMembershipFactory,
    OrganiserMessageFactory,
    ProjectFactory,
    ProjectGoalFactory,
    RegistrationFactory,
    ScienceParkFactory,
    SizeDeclarationFactory,
    ThematicAreaFactory,
    UserFactory,
    county,
)

EXPORT_BYTES = b"PK\x03\x04 a prepared report"
REGISTRANT_EMAIL = "rut.registrant@privacy.example"
REGISTRANT_NAME = "Rutabaga Registrantsson"
# The roles of the walk: nobody, then the users of side B, then whoever the URL belongs to.
OTHER_ROLES = ["anonymous", "sme_other", "staff_other", "coordinator_other"]
ROLES = [*OTHER_ROLES, "entitled"]


@dataclass
class World:
    users: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


def staff_of(park, groups):
    user = UserFactory(is_staff=True)
    user.groups.add(groups[SCIENCE_PARK_STAFF])
    OrganisationMembershipFactory(
        user=user, organisation=park, role=OrganisationMembership.Role.STAFF
    )
    return user


def coordinator_of(project, groups):
    user = UserFactory(is_staff=True)
    user.groups.add(groups[COORDINATOR])
    project.coordinators.add(user)
    return user


def certified_attendance(park, company, world):
    """Someone (not the registrant) who attended A's event last week, with a certificate."""
    certified = UserFactory(first_name="Cert", last_name="Holder")
    world.users["certified"] = certified
    last_week = timezone.now() - datetime.timedelta(days=7)
    # Taking part was de minimis aid, granted by project A: the ledger has an entry.
    past_event = EventFactory(
        title="Past A",
        slug="past-a",
        hosts=[park],
        starts_at=last_week,
        de_minimis_aid_sek=Decimal("23000"),
        aid_valuation="fixed",
        aid_granting_project=world.objects["project_a"],
    )
    world.objects["past_event"] = past_event
    registration = RegistrationFactory(
        event=past_event, user=certified, organisation=company, attended=True
    )
    return AttendanceCertificate.objects.issue(registration)


def build_world() -> World:
    groups = ensure_role_groups()
    world = World()
    o = world.objects
    theme = ThematicAreaFactory(name="Life science", slug="life-science")
    region = Region.objects.create(name="East Middle Sweden", slug="east-middle-sweden")
    region.counties.add(county("C"))
    o.update(theme=theme, region=region, county=county("C"), group=groups[COORDINATOR])
    for side in ("a", "b"):
        park = ScienceParkFactory(name=f"Park {side.upper()}", slug=f"park-{side}")
        company = OrganisationFactory(name=f"Company {side.upper()} AB", slug=f"company-{side}")
        project = ProjectFactory(name=f"Project {side.upper()}", slug=f"project-{side}", owner=park)
        sme = UserFactory()
        OrganisationMembershipFactory(user=sme, organisation=company)
        world.users[f"staff_{side}"] = staff_of(park, groups)
        world.users[f"coordinator_{side}"] = coordinator_of(project, groups)
        world.users[f"sme_{side}"] = sme
        o.update({f"park_{side}": park, f"company_{side}": company, f"project_{side}": project})
    world.users["anonymous"] = None
    world.users["superuser"] = UserFactory(is_staff=True, is_superuser=True)
    # The "other" roles are side B's users.
    world.users["sme_other"] = world.users["sme_b"]
    world.users["staff_other"] = world.users["staff_b"]
    world.users["coordinator_other"] = world.users["coordinator_b"]

    park, company, project = o["park_a"], o["company_a"], o["project_a"]
    registrant = UserFactory(
        email=REGISTRANT_EMAIL, first_name="Rutabaga", last_name="Registrantsson"
    )
    world.users["registrant"] = registrant
    company_membership = OrganisationMembershipFactory(
        user=registrant, organisation=company, role=OrganisationMembership.Role.MEMBER
    )
    # Someone asking to join company A: its admin decides.
    OrganisationMembershipFactory(
        organisation=company,
        role=OrganisationMembership.Role.MEMBER,
        status=OrganisationMembership.Status.PENDING,
    )
    network = NetworkFactory(name="Network A", slug="network-a", hosts=[park], project=project)
    event = EventFactory(title="Event A", slug="event-a", hosts=[park], projects=[project])
    event.network = network
    event.save(update_fields=["network"])
    draft = EventFactory(title="Draft A", slug="draft-a", hosts=[park], status="draft")
    registration = RegistrationFactory(event=event, user=registrant, organisation=company)
    past = timezone.now() - datetime.timedelta(days=1)
    article = ArticleFactory(
        title="News A", slug="news-a", organisation=park, networks=[network], events=[event]
    )
    report_export = ReportExport.objects.create(
        requested_by=world.users["coordinator_a"],
        parameters=f"scope=project-{project.pk}",
        title=project.name,
        status=ReportExport.Status.DONE,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
        finished_at=past,
    )
    report_export.file.save("project-a.xlsx", ContentFile(EXPORT_BYTES), save=True)
    o.update(
        registrant=registrant,
        company_membership=company_membership,
        size_declaration=SizeDeclaration.objects.create(
            organisation=company,
            declared_on=datetime.date(2025, 1, 1),
            headcount=12,
        ),
        signed_declaration=SizeDeclarationFactory(
            organisation=company, declared_on=datetime.date(2025, 6, 1)
        ),
        de_minimis_statement=DeMinimisStatement.objects.create(
            organisation=company, confirmed_at=timezone.now()
        ),
        goal=ProjectGoalFactory(project=project),
        network=network,
        network_membership=NetworkMembershipFactory(
            network=network, organisation=company, status=NetworkMembership.Status.PENDING
        ),
        event=event,
        draft_event=draft,
        registration=registration,
        email_address=registrant.emailaddress_set.get(),
        article=article,
        draft_article=ArticleFactory(
            title="Draft news A", slug="draft-news-a", organisation=park, status="draft"
        ),
        event_report=EventReportFactory(event=event, organisation=park),
        document=DocumentFactory(organisation=park),
        notification=NotificationFactory(registration=registration),
        digest_subscription=DigestSubscriptionFactory(user=registrant),
        consent=Consent.objects.create(
            user=registrant, purpose=Consent.Purpose.LISTED_PUBLICLY, text_version="test"
        ),
        report_export=report_export,
        certificate=certified_attendance(park, company, world),
        check_in_log=CheckInLog.objects.create(
            event=event,
            registration=registration,
            action=CheckInLog.Action.UNDONE,
            source=CheckInLog.Source.CHECK_IN_PAGE,
            recorded_by=world.users["staff_a"],
        ),
        # Park C asks park A to co-host: A's staff decide.
        cohost_invitation=CoHostInvitation.objects.create(
            event=EventFactory(hosts=[ScienceParkFactory(name="Park C", slug="park-c")]),
            organisation=park,
        ),
        api_token=ApiToken.objects.create(organisation=park, name="Park A's website"),
        organiser_message=OrganiserMessageFactory(event=event, sender=world.users["staff_a"]),
        # Company A's follow-up in project A: its admin answers, park A's staff record by phone.
        follow_up_survey=FollowUpSurveyFactory(project=project, organisation=company),
    )
    # Someone first on Park C's waiting list, offered a freed seat: the offer is theirs alone.
    offer_event = o["cohost_invitation"].event
    world.users["offered"] = offered = UserFactory()
    RegistrationFactory(
        event=offer_event,
        user=offered,
        organisation=None,
        status=Registration.Status.WAITLISTED,
        offer_expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    o["offer_event"] = offer_event
    o["de_minimis_entry"] = DeMinimisEntry.objects.get(registration__event=o["past_event"])
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The world, built once per module inside a transaction that is rolled back at the end;
    each test's own transaction nests inside it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def world_files(world, settings):
    """The world's files, put back in this test's own MEDIA_ROOT."""
    export = world.report_export
    export.file.storage.save(export.file.name, ContentFile(EXPORT_BYTES))
    return world
