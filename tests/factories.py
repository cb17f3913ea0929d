import datetime
from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from accounts.models import User
from companies.models import (
    Currency,
    Organisation,
    OrganisationMembership,
    RelatedEnterprise,
    SizeDeclaration,
    ThematicArea,
)
from events.models import AidValuation, Event, Registration, RegistrationQuestion
from networks.models import Network, NetworkMembership
from projects.models import Project, ProjectGoal
from regions.models import County

TEST_PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Person{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            obj.save()
            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"verified": True, "primary": True}
            )


def county(code: str = "C") -> County:
    # get_or_create: transactional tests flush the rows the data migration made.
    return County.objects.get_or_create(pk=code)[0]


class ThematicAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThematicArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Theme {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Company {n} AB")
    slug = factory.Sequence(lambda n: f"company-{n}")
    kind = Organisation.Kind.COMPANY
    county = factory.LazyFunction(lambda: county("C"))
    municipality = "Uppsala"
    is_listed = True


class ScienceParkFactory(OrganisationFactory):
    name = factory.Sequence(lambda n: f"Science Park {n}")
    slug = factory.Sequence(lambda n: f"science-park-{n}")
    kind = Organisation.Kind.SCIENCE_PARK


class OrganisationMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMembership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = OrganisationMembership.Role.ADMIN
    status = OrganisationMembership.Status.ACTIVE


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")
    owner = factory.SubFactory(ScienceParkFactory)
    funding_programme = Project.FundingProgramme.ERDF
    starts_on = datetime.date(2025, 1, 1)
    ends_on = datetime.date(2027, 12, 31)
    status = Project.Status.ACTIVE


class ProjectGoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProjectGoal

    project = factory.SubFactory(ProjectFactory)
    description = "Companies reached"
    metric = ProjectGoal.Metric.COMPANIES_REACHED
    target_value = 200
    unit = "companies"


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")
    description = "Companies share challenges and solutions."
    join_policy = Network.JoinPolicy.OPEN

    @factory.post_generation
    def hosts(obj, create, extracted, **kwargs):
        if create:
            obj.hosts.set(extracted or [ScienceParkFactory()])


class NetworkMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NetworkMembership

    network = factory.SubFactory(NetworkFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = NetworkMembership.Status.ACTIVE


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Workshop {n}")
    slug = factory.Sequence(lambda n: f"workshop-{n}")
    kind = Event.Kind.WORKSHOP
    description = "A workshop for small companies."
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    venue_name = "STUNS"
    city = "Uppsala"
    county = factory.LazyFunction(lambda: county("C"))
    capacity = 20
    status = Event.Status.PUBLISHED
    support_hours = Decimal("3")

    @factory.post_generation
    def hosts(obj, create, extracted, **kwargs):
        if create:
            obj.hosts.set(extracted or [ScienceParkFactory()])

    @factory.post_generation
    def projects(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.projects.set(extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    status = Registration.Status.CONFIRMED


class RegistrationQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationQuestion

    event = factory.SubFactory(EventFactory)
    kind = RegistrationQuestion.Kind.TEXT
    text_sv = factory.Sequence(lambda n: f"Fråga {n}")
    text_en = factory.Sequence(lambda n: f"Question {n}")


# -- news (issue 9) -------------------------------------------------------------------------


def jpeg_bytes(size=(64, 48), colour=(11, 93, 59)) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return buffer.getvalue()


MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "news.Article"
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"News {n}")
    slug = factory.Sequence(lambda n: f"news-{n}")
    summary = "A short summary of the news."
    body = "<p>What happened.</p>"
    organisation = factory.SubFactory(ScienceParkFactory)
    status = "published"
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    @factory.post_generation
    def networks(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.networks.set(extracted)

    @factory.post_generation
    def projects(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.projects.set(extracted)

    @factory.post_generation
    def events(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.events.set(extracted)

    @factory.post_generation
    def thematic_areas(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.thematic_areas.set(extracted)


class EventReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "news.EventReport"

    event = factory.SubFactory(EventFactory)
    organisation = factory.LazyAttribute(lambda o: o.event.hosts.first())
    body = "<p>Photos from the day.</p>"
    status = "published"
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "news.Photo"

    report = factory.SubFactory(EventReportFactory)
    image = factory.django.FileField(filename="photo.jpg", data=jpeg_bytes())
    alt_text = "People around a table with sticky notes."


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "news.Document"

    title = factory.Sequence(lambda n: f"Workshop report {n}")
    file = factory.django.FileField(filename="report.pdf", data=MINIMAL_PDF)
    organisation = factory.SubFactory(ScienceParkFactory)


# -- notifications (issue 6) ----------------------------------------------------------------


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "notifications.Notification"

    kind = "registration_confirmed"
    registration = factory.SubFactory(RegistrationFactory)
    event = factory.SelfAttribute("registration.event")
    recipient = factory.SelfAttribute("registration.user")
    language = factory.SelfAttribute("recipient.preferred_language")
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")


class DigestSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "notifications.DigestSubscription"

    user = factory.SubFactory(UserFactory)
    is_active = True


class OrganiserMessageFactory(factory.django.DjangoModelFactory):
    """A draft message to an event's confirmed participants, in both languages."""

    class Meta:
        model = "notifications.OrganiserMessage"

    event = factory.SubFactory(EventFactory)
    audience = "confirmed"
    sender = factory.SubFactory(UserFactory, is_staff=True)
    subject_sv = "Parkering vid STUNS"
    body_sv = "Parkera på gästparkeringen."
    subject_en = "Parking at STUNS"
    body_en = "Please use the visitors' car park."


# -- result follow-up (issue 16) ---------------------------------------------------------------


class FollowUpSurveyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "followup.FollowUpSurvey"

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    wave = 6
    first_supported_on = datetime.date(2025, 3, 10)
    due_on = datetime.date(2025, 9, 10)

    class Params:
        # An answer given online: every question answered.
        answered = factory.Trait(
            answered_at=factory.LazyFunction(timezone.now),
            channel="online",
            new_product_or_process=True,
            new_marketing_or_organisation=False,
            jobs_created=Decimal("1.5"),
            research_collaboration=False,
        )


# -- SME declarations and de minimis aid (issue 16) -----------------------------------------


class SizeDeclarationFactory(factory.django.DjangoModelFactory):
    """A company's signed guided declaration; its aggregate is the own figures unless
    `apply_totals()` is called after adding related enterprises."""

    class Meta:
        model = SizeDeclaration

    organisation = factory.SubFactory(OrganisationFactory)
    declared_on = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(n))
    reference_year = 2024
    currency = Currency.EUR
    own_headcount = Decimal("5")
    own_annual_turnover = Decimal("1000000")
    own_balance_sheet_total = Decimal("800000")
    headcount = factory.LazyAttribute(lambda o: o.own_headcount)
    annual_turnover_eur = factory.LazyAttribute(lambda o: o.own_annual_turnover)
    balance_sheet_total_eur = factory.LazyAttribute(lambda o: o.own_balance_sheet_total)
    signer_name = "Anna Berg"
    signer_role = "VD"
    signed_at = factory.LazyFunction(timezone.now)


class RelatedEnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RelatedEnterprise

    declaration = factory.SubFactory(SizeDeclarationFactory)
    relation = RelatedEnterprise.Relation.PARTNER
    name = factory.Sequence(lambda n: f"Partner {n} AB")
    share_percent = Decimal("40")
    headcount = Decimal("10")
    annual_turnover = Decimal("1000000")
    balance_sheet_total = Decimal("1000000")


def de_minimis_event(*, aid_sek=Decimal("23000"), project=None, **fields) -> Event:
    """A published event whose participation is de minimis aid granted by an ERDF project."""
    project = project or ProjectFactory()
    return EventFactory(
        de_minimis_aid_sek=aid_sek,
        aid_valuation=AidValuation.COST_BASED,
        aid_granting_project=project,
        projects=[project],
        **fields,
    )
