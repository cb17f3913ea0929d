"""Demo data drawn from the real cluster landscape in data/seed-facts.yaml.

Every step is idempotent: rows are found by slug or email and created only when missing, so a
second run changes nothing. Generated rows come from a seeded random generator, and dates are
relative to the day of the first run.
"""

from __future__ import annotations

import datetime
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from allauth.account.models import EmailAddress
from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.db.models import Min
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from localflavor.se.se_counties import COUNTY_CHOICES

from accounts.roles import COORDINATOR, SCIENCE_PARK_STAFF, ensure_role_groups
from companies.models import (
    DeMinimisStatement,
    Organisation,
    OrganisationMembership,
    ThematicArea,
)
from companies.services import add_member, declare_size_facts
from events.models import (
    AidValuation,
    Event,
    ProgrammeItem,
    Registration,
    RegistrationQuestion,
    Speaker,
)
from events.services import register_for_event, switch_standard_questions
from followup.models import FollowUpSurvey
from networks.models import Network, NetworkMembership
from news.models import Article, Document, EventReport, Photo
from projects.models import Project, ProjectGoal, ProjectPartner
from regions.models import County, Region
from web.images import make_thumbnail

from .images import generated_logo, placeholder_jpeg
from .translations import EVENT_LABELS, NETWORK_TEXTS, in_both, in_swedish

FACTS_FILE = Path(__file__).resolve().parent / "data" / "seed-facts.yaml"

# localflavor's county names are the Swedish names, untranslated strings in the source.
COUNTY_CODE_BY_NAME = {str(name._args[0]): code for code, name in COUNTY_CHOICES}

ORGANISATION_KINDS = {
    "public body": Organisation.Kind.PUBLIC_BODY,
    "public body / funder": Organisation.Kind.FUNDER,
    "public business-support company": Organisation.Kind.OTHER,
    "university": Organisation.Kind.UNIVERSITY,
    "hospital": Organisation.Kind.OTHER,
    "property company (university premises)": Organisation.Kind.OTHER,
    "business-support organisation": Organisation.Kind.CLUSTER_ORGANISATION,
    "EU funder": Organisation.Kind.FUNDER,
}

INTERACTIVE_WORKSHOP = "Interactive workshop: your current and desired sustainability position"

EVENT_KINDS = {
    "workshop": Event.Kind.WORKSHOP,
    "network meeting": Event.Kind.NETWORK_MEETING,
    "meeting": Event.Kind.SEMINAR,
    "conference": Event.Kind.CONFERENCE,
}

DEMO_ACCOUNTS = {
    "admin": "admin@example.com",
    "stuns_staff": "staff@stuns.example.com",
    "krinova_staff": "staff@krinova.example.com",
    "coordinator": "coordinator@example.com",
    "sme": "sme@example.com",
}

# The demo accounts' people: fictitious, with names as common in Sweden as any.
DEMO_PEOPLE = {
    "admin": ("Karin", "Lindqvist", "Portalförvaltare"),
    "stuns_staff": ("Elin", "Nordström", "Innovationsrådgivare"),
    "krinova_staff": ("Johan", "Lindberg", "Affärsutvecklare"),
    "coordinator": ("Maria", "Ekström", "Projektledare"),
    "sme": ("Erik", "Johansson", "Vd"),
}
PARTICIPANT_FIRST_NAMES = [
    "Anna", "Lars", "Eva", "Mikael", "Sara", "Anders", "Emma", "Fredrik", "Linnea", "Per",
    "Ida", "Magnus", "Sofia", "Henrik", "Karin", "Oskar", "Maja", "Niklas", "Hanna", "Jonas",
]  # fmt: skip
PARTICIPANT_LAST_NAMES = [
    "Andersson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
    "Gustafsson", "Pettersson", "Jonsson", "Hansson", "Bengtsson", "Lindgren", "Berg", "Holm",
    "Sandberg", "Forsberg", "Sjöberg", "Wallin", "Engström", "Lundqvist", "Hedlund",
]  # fmt: skip


def participant_name(index: int) -> tuple[str, str]:
    """The index-th participant's name: every first name meets every last name before any pair
    repeats (the two lists' lengths have no common factor)."""
    return (
        PARTICIPANT_FIRST_NAMES[index % len(PARTICIPANT_FIRST_NAMES)],
        PARTICIPANT_LAST_NAMES[index % len(PARTICIPANT_LAST_NAMES)],
    )


def person(key: str) -> dict:
    first_name, last_name, job_title = DEMO_PEOPLE[key]
    return {"first_name": first_name, "last_name": last_name, "job_title": job_title}


# Words for generated, fictitious SMEs; real companies come only from the facts file.
GENERATED_COMPANY_PARTS = {
    "Life science": (["Cellvia", "Proteomix", "Biolumen", "Genaxa", "Medisyn"], "Life science"),
    "Food": (["Skördekraft", "Matverket", "Grönfrö", "Havrelund"], "Food production"),
    "Digital technology": (["Kodkusten", "Datavåg", "Molnbryggan", "Pixelhamn"], "Software"),
    "Circular economy": (["Återbruket", "Cirkulära verkstaden", "Spillfri"], "Recycling"),
    "Industry": (["Verkstadsteknik", "Precisionsdetaljer", "Stålform"], "Manufacturing"),
    "E-health": (["Vårdlänk", "Hälsodata", "Journalia"], "E-health"),
    "Marine technology": (["Havsteknik", "Saltsjö Sensor", "Kustdrönare"], "Marine technology"),
}
COMPANY_SUFFIXES = ["AB", "Sverige AB", "Nordic AB", "& Co AB"]


@dataclass
class SeedReport:
    created: dict[str, int] = field(default_factory=dict)

    def count(self, what: str, created: bool) -> None:
        if created:
            self.created[what] = self.created.get(what, 0) + 1


def luhn_check_digit(digits: str) -> int:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return (10 - total % 10) % 10


def generated_organisation_number(rng: random.Random) -> str:
    # 55 marks a limited company; the third digit ≥ 2 keeps it apart from personal numbers.
    body = "559" + "".join(str(rng.randint(0, 9)) for _ in range(6))
    return body + str(luhn_check_digit(body))


class DemoSeeder:
    def __init__(self, *, today: datetime.date | None = None, stdout=None):
        self.facts = yaml.safe_load(FACTS_FILE.read_text(encoding="utf-8"))
        self.rng = random.Random(20261121)
        self.now = timezone.now().replace(minute=0, second=0, microsecond=0)
        self.today = today or timezone.localdate()
        self.report = SeedReport()
        self.organisations: dict[str, Organisation] = {}
        self.themes: dict[str, ThematicArea] = {}
        self.projects: dict[str, Project] = {}
        self.networks: dict[str, Network] = {}
        self.users: dict[str, object] = {}

    # -- helpers ---------------------------------------------------------------------------

    def county(self, name: str | None) -> County | None:
        if not name:
            return None
        return County.objects.get(code=COUNTY_CODE_BY_NAME[name])

    def theme(self, name: str) -> ThematicArea:
        if name not in self.themes:
            theme, created = ThematicArea.objects.get_or_create(
                slug=slugify(name), defaults=in_both("name", name)
            )
            self.report.count("thematic areas", created)
            self.themes[name] = theme
        return self.themes[name]

    def organisation(self, name: str, **defaults) -> Organisation:
        themes = defaults.pop("themes", [])
        organisation, created = Organisation.objects.get_or_create(
            slug=slugify(name), defaults={"name": name, **defaults}
        )
        if created and themes:
            organisation.thematic_areas.set([self.theme(t) for t in themes])
        self.report.count("organisations", created)
        self.organisations[name] = organisation
        return organisation

    def find(self, name: str) -> Organisation:
        """An organisation by the name the facts use; some names carry a parenthesised note."""
        if name in self.organisations:
            return self.organisations[name]
        for full_name, organisation in self.organisations.items():
            if full_name.split(" (")[0] == name:
                return organisation
        raise KeyError(name)

    def at(self, days: int, hour: int = 9) -> datetime.datetime:
        day = self.today + datetime.timedelta(days=days)
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))

    @cached_property
    def demo_password_hash(self) -> str:
        return make_password(settings.DEMO_PASSWORD)

    def user(
        self,
        email: str,
        *,
        first_name="",
        last_name="",
        job_title="",
        superuser=False,
        groups=(),
    ):
        User = get_user_model()
        user = User.objects.filter(email=email).first()
        created = user is None
        if created:
            factory = User.objects.create_superuser if superuser else User.objects.create_user
            user = factory(
                email=email,
                password=None,
                first_name=first_name,
                last_name=last_name,
                job_title=job_title,
            )
            # Every demo login has the same password: hashed once (each hash takes half a
            # second by design), not once per person.
            user.password = self.demo_password_hash
            user.save(update_fields=["password"])
            if groups:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
                user.groups.set(groups)
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        self.report.count("users", created)
        return user

    def event(self, *, slug: str, hosts, themes=(), projects=(), **fields) -> tuple[Event, bool]:
        event, created = Event.objects.get_or_create(slug=slug, defaults=fields)
        if created:
            event.hosts.set(hosts)
            event.thematic_areas.set(themes)
            event.projects.set(projects)
        self.report.count("events", created)
        return event, created

    # -- steps -----------------------------------------------------------------------------

    def run(self) -> SeedReport:
        self.groups = ensure_role_groups()
        self.seed_regions()
        self.seed_organisations()
        self.seed_generated_companies()
        self.seed_projects()
        self.seed_networks()
        self.seed_accounts()
        self.seed_events_from_facts()
        self.seed_generated_events()
        self.seed_life_tech_history()
        self.seed_life_tech_follow_up()
        self.seed_de_minimis()
        self.seed_news()
        return self.report

    def seed_regions(self):
        for region in self.facts["regions"]:
            obj, created = Region.objects.get_or_create(
                slug=slugify(region["name"]),
                defaults={"name": region["name"], "description": region.get("note", "")},
            )
            if created:
                obj.counties.set([self.county(name) for name in region["counties"]])
            self.report.count("regions", created)

    def seed_organisations(self):
        for park in self.facts["science_parks"]:
            organisation = self.organisation(
                park["name"],
                kind=Organisation.Kind.SCIENCE_PARK,
                county=self.county(park["county"]),
                municipality=park["city"],
                **in_both(
                    "description",
                    f"{park['name']} in {park['city']}: "
                    + ", ".join(park["profile_areas"]).lower()
                    + ".",
                    f"{park['name']} i {park['city']}: "
                    + ", ".join(in_swedish(area) for area in park["profile_areas"]).lower()
                    + ".",
                ),
                themes=park["profile_areas"],
            )
            if not organisation.logo:
                organisation.logo = generated_logo(organisation.name, f"{organisation.slug}.png")
                organisation.save(update_fields=["logo"])
        for other in self.facts["other_organisations"]:
            kind = next(
                (
                    value
                    for key, value in ORGANISATION_KINDS.items()
                    if other["kind"].startswith(key)
                ),
                Organisation.Kind.OTHER,
            )
            if other["kind"].startswith("business network"):
                kind = Organisation.Kind.CLUSTER_ORGANISATION
            self.organisation(
                other["name"],
                kind=kind,
                county=self.county(other.get("county")),
                **in_both("description", other["kind"][0].upper() + other["kind"][1:]),
            )
        for company in self.facts["companies"]:
            organisation = self.organisation(
                company["name"],
                kind=Organisation.Kind.COMPANY,
                county=self.county(company["county"]),
                municipality="Skövde",
                sector=company["sector"],
                is_listed=True,
                themes=["Industry", "Sustainability"],
            )
            headcount = self.rng.choice([35, 80, 120, 180])
            turnover_millions = self.rng.choice([8, 20, 40])
            if organisation.sme_facts_declared_on is None:
                declare_size_facts(
                    organisation=organisation,
                    headcount=headcount,
                    annual_turnover_eur=Decimal(turnover_millions * 1_000_000),
                    balance_sheet_total_eur=None,
                    declared_on=self.today - datetime.timedelta(days=400),
                )

    def seed_generated_companies(self):
        parks = [self.organisations[p["name"]] for p in self.facts["science_parks"]]
        self.generated_companies = []
        for index in range(40):
            park = parks[index % len(parks)]
            theme_name = self.rng.choice(list(GENERATED_COMPANY_PARTS))
            stems, sector = GENERATED_COMPANY_PARTS[theme_name]
            name = (
                f"{self.rng.choice(stems)} {park.municipality.split(' ')[0]} "
                f"{self.rng.choice(COMPANY_SUFFIXES)}"
            )
            if slugify(name) in {c.slug for c in self.generated_companies}:
                continue
            number = generated_organisation_number(self.rng)
            headcount = self.rng.choice([2, 4, 8, 12, 25, 45, 60, 140])
            turnover = Decimal(headcount * self.rng.randint(90, 220) * 1000)
            declared_days_ago = self.rng.randint(30, 900)
            company = self.organisation(
                name,
                kind=Organisation.Kind.COMPANY,
                organisation_number=number,
                county=park.county,
                municipality=park.municipality.split(" ")[0],
                sector=sector,
                is_listed=index % 3 != 0,
                **in_both(
                    "description",
                    f"Fictitious demo company in {sector.lower()}.",
                    f"Påhittat demoföretag inom {in_swedish(sector).lower()}.",
                ),
                themes=[theme_name],
            )
            if company.sme_facts_declared_on is None:
                declare_size_facts(
                    organisation=company,
                    headcount=headcount,
                    annual_turnover_eur=turnover,
                    balance_sheet_total_eur=None,
                    declared_on=self.today - datetime.timedelta(days=declared_days_ago),
                )
            self.generated_companies.append(company)

    def seed_projects(self):
        programmes = {
            "Sustainable Cluster development": Project.FundingProgramme.ERDF,
            "Stockholm Life Tech (Sthlm LifeTech)": Project.FundingProgramme.ERDF,
            "Innovationsboost": Project.FundingProgramme.ERDF,
            "South-east Sweden science park collaboration": Project.FundingProgramme.REGIONAL,
            "Regional Innovation Valley — Stockholm life science": Project.FundingProgramme.OTHER,
        }
        acronyms = {
            "Stockholm Life Tech (Sthlm LifeTech)": "Sthlm LifeTech",
            "Regional Innovation Valley — Stockholm life science": "RIV Stockholm",
        }
        for fact in self.facts["projects"]:
            name = fact["name"]
            owner_name = fact.get("owner") or fact["partners"][0]
            if "start" in fact:
                starts_on = datetime.date(fact["start"], 1, 1)
                ends_on = datetime.date(fact["start"] + fact["duration_years"] - 1, 12, 31)
            else:
                starts_on = self.today.replace(month=1, day=1) - datetime.timedelta(days=365)
                ends_on = starts_on.replace(year=starts_on.year + 3) - datetime.timedelta(days=1)
            status = Project.Status.COMPLETED if ends_on < self.today else Project.Status.ACTIVE
            purpose = fact.get("purpose") or fact.get("note") or ""
            goals = fact.get("goals", [])
            description_en = "\n\n".join(
                [*([purpose[0].upper() + purpose[1:] + "."] if purpose else []), "\n".join(goals)]
            ).strip()
            description_sv = "\n\n".join(
                [in_swedish(purpose), "\n".join(in_swedish(goal) for goal in goals)]
            ).strip()
            project, created = Project.objects.get_or_create(
                slug=slugify(acronyms.get(name, name)),
                defaults={
                    **in_both("name", name.split(" (")[0]),
                    "acronym": acronyms.get(name, ""),
                    **in_both("description", description_en, description_sv),
                    "owner": self.organisations[owner_name],
                    "funding_programme": programmes[name],
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "status": status,
                },
            )
            self.report.count("projects", created)
            self.projects[name] = project
            if not created:
                continue
            for partner in fact.get("partners", []):
                ProjectPartner.objects.create(
                    project=project,
                    organisation=self.find(partner),
                    role=(
                        ProjectPartner.Role.COORDINATOR
                        if partner == owner_name
                        else ProjectPartner.Role.PARTNER
                    ),
                )
            funding = fact.get("funding", [])
            funders = funding if isinstance(funding, list) else [funding]
            project.funders.set(
                [
                    self.find(
                        "European Regional Development Fund"
                        if f in ("EU", "European Regional Development Fund")
                        else f
                    )
                    for f in funders
                    if not f.startswith("EU initiative")
                ]
            )
            goal = next((g for g in fact.get("goals", []) if g.startswith("reach ")), None)
            if goal:
                ProjectGoal.objects.create(
                    project=project,
                    **in_both("description", "Companies reached with different forms of support"),
                    metric=ProjectGoal.Metric.COMPANIES_REACHED,
                    target_value=int(goal.split()[1]),
                    **in_both("unit", "companies"),
                )
            else:
                ProjectGoal.objects.create(
                    project=project,
                    **in_both("description", "Enterprises supported (RCO01)"),
                    metric=ProjectGoal.Metric.RCO01,
                    indicator_code="RCO01",
                    target_value=60,
                    **in_both("unit", "enterprises"),
                )
        region_counties = {r["name"]: r["counties"] for r in self.facts["regions"]}
        for name, region in [
            ("Sustainable Cluster development", "East Middle Sweden (EMS / ÖMS)"),
            ("Stockholm Life Tech (Sthlm LifeTech)", "Stockholm-Uppsala life science region"),
            ("Innovationsboost", "Skaraborg"),
            ("South-east Sweden science park collaboration", "South-east Sweden"),
            ("Regional Innovation Valley — Stockholm life science", None),
        ]:
            counties = region_counties[region] if region else ["Stockholm"]
            self.projects[name].counties.add(*[self.county(c) for c in counties])

    def seed_networks(self):
        for fact in self.facts["networks"]:
            network, created = Network.objects.get_or_create(
                slug=slugify(fact["name"].replace("(", "").replace(")", "")),
                defaults={
                    **in_both("name", fact["name"]),
                    **NETWORK_TEXTS[fact["name"]],
                    "join_policy": (
                        Network.JoinPolicy.OPEN if fact.get("open") else Network.JoinPolicy.APPROVAL
                    ),
                    "project": self.projects[fact["project"]],
                },
            )
            if created:
                network.hosts.set([self.organisations[fact["host"]]])
                network.counties.set([self.county(c) for c in fact["counties"]])
                network.thematic_areas.set([self.theme("Sustainability")])
            self.report.count("networks", created)
            self.networks[fact["name"]] = network
        generated = [
            (
                "Food innovation network Skåne",
                "Krinova Incubator & Science Park",
                Network.JoinPolicy.OPEN,
                ["Skåne"],
                "Food",
            ),
            (
                "Marine technology network Blekinge",
                "Blue Science Park",
                Network.JoinPolicy.INVITATION,
                ["Blekinge"],
                "Marine technology",
            ),
            (
                "E-health network Kalmar",
                "Kalmar Science Park",
                Network.JoinPolicy.APPROVAL,
                ["Kalmar"],
                "E-health",
            ),
            (
                "Circular economy network Kronoberg",
                "Växjö Linnæus Science Park",
                Network.JoinPolicy.OPEN,
                ["Kronoberg"],
                "Circular economy",
            ),
            (
                "Life science founders' circle Uppsala",
                "STUNS Life Science",
                Network.JoinPolicy.APPROVAL,
                ["Uppsala"],
                "Life science",
            ),
        ]
        for name, host, policy, counties, theme in generated:
            network, created = Network.objects.get_or_create(
                slug=slugify(name),
                defaults={
                    **in_both("name", name),
                    **in_both(
                        "description",
                        f"Companies in {theme.lower()} meet to share challenges.",
                        f"Företag inom {in_swedish(theme).lower()} möts för att dela utmaningar.",
                    ),
                    **in_both("audience", "Small and medium-sized companies"),
                    "join_policy": policy,
                    **(
                        in_both(
                            "contact_information",
                            f"Contact {host} to be invited.",
                            f"Kontakta {host} för att bli inbjuden.",
                        )
                        if policy == Network.JoinPolicy.INVITATION
                        else {}
                    ),
                },
            )
            if created:
                network.hosts.set([self.organisations[host]])
                network.counties.set([self.county(c) for c in counties])
                network.thematic_areas.set([self.theme(theme)])
            self.report.count("networks", created)
            self.networks[name] = network
        # Members that agreed to be listed, so network pages are not empty.
        skaraborg = self.networks["Industry network for sustainability and circularity (Skaraborg)"]
        for company in self.facts["companies"]:
            _m, created = NetworkMembership.objects.get_or_create(
                network=skaraborg,
                organisation=self.organisations[company["name"]],
                defaults={"status": NetworkMembership.Status.ACTIVE, "decided_at": self.now},
            )
            self.report.count("network memberships", created)
        for company in self.generated_companies[:12]:
            network = next(
                (
                    n
                    for n in self.networks.values()
                    if company.county_id in {c.pk for c in n.counties.all()}
                    and n.join_policy != Network.JoinPolicy.INVITATION
                ),
                None,
            )
            if network:
                _m, created = NetworkMembership.objects.get_or_create(
                    network=network,
                    organisation=company,
                    defaults={
                        "status": (
                            NetworkMembership.Status.PENDING
                            if network.join_policy == Network.JoinPolicy.APPROVAL and company.pk % 2
                            else NetworkMembership.Status.ACTIVE
                        )
                    },
                )
                self.report.count("network memberships", created)

    def seed_accounts(self):
        staff = self.groups[SCIENCE_PARK_STAFF]
        coordinator_group = self.groups[COORDINATOR]
        self.users["admin"] = self.user(DEMO_ACCOUNTS["admin"], superuser=True, **person("admin"))
        for key, park in [
            ("stuns_staff", "STUNS Life Science"),
            ("krinova_staff", "Krinova Incubator & Science Park"),
        ]:
            user = self.user(DEMO_ACCOUNTS[key], groups=[staff], **person(key))
            add_member(
                organisation=self.organisations[park],
                user=user,
                role=OrganisationMembership.Role.STAFF,
            )
            self.users[key] = user
        coordinator = self.user(
            DEMO_ACCOUNTS["coordinator"],
            groups=[coordinator_group],
            **person("coordinator"),
        )
        self.projects["Stockholm Life Tech (Sthlm LifeTech)"].coordinators.add(coordinator)
        self.users["coordinator"] = coordinator
        sme = self.user(DEMO_ACCOUNTS["sme"], **person("sme"))
        demo_company = self.organisation(
            "Demo Life Science AB",
            kind=Organisation.Kind.COMPANY,
            organisation_number="559000000" + str(luhn_check_digit("559000000")),
            county=self.county("Uppsala"),
            municipality="Uppsala",
            sector="Life science",
            is_listed=True,
            **in_both(
                "description",
                "The demo company of sme@example.com.",
                "Demoföretaget för sme@example.com.",
            ),
            themes=["Life science", "Sustainability"],
        )
        if demo_company.sme_facts_declared_on is None:
            declare_size_facts(
                organisation=demo_company,
                headcount=12,
                annual_turnover_eur=Decimal(1_800_000),
                balance_sheet_total_eur=Decimal(900_000),
                declared_on=self.today - datetime.timedelta(days=120),
            )
        add_member(organisation=demo_company, user=sme, role=OrganisationMembership.Role.ADMIN)
        self.users["sme"] = sme
        # One participant account per company, with a made-up name: no real persons.
        self.participants = {}
        for index, company in enumerate(
            [
                *self.facts["companies"],
                *({"name": c.name} for c in self.generated_companies),
            ]
        ):
            organisation = self.organisations.get(company["name"]) or Organisation.objects.get(
                name=company["name"]
            )
            email = f"sustainability@{organisation.slug}.example.com"
            first_name, last_name = participant_name(index)
            user = self.user(
                email,
                first_name=first_name,
                last_name=last_name,
                job_title="Hållbarhetsansvarig",
            )
            add_member(organisation=organisation, user=user, role=OrganisationMembership.Role.ADMIN)
            self.participants[organisation.pk] = user

    def seed_events_from_facts(self):
        skaraborg = self.networks["Industry network for sustainability and circularity (Skaraborg)"]
        skovde_park = self.organisations["Science Park Skövde"]
        innovationsboost = self.projects["Innovationsboost"]
        sustainable = self.projects["Sustainable Cluster development"]
        stuns = self.organisations["STUNS Life Science"]
        facts = {e["title"]: e for e in self.facts["events"]}

        opening = facts[
            "Opening workshop of the industry network for sustainability and circularity"
        ]
        event, created = self.event(
            slug="opening-workshop-skaraborg-sustainability-network",
            hosts=[skovde_park],
            themes=[self.theme("Sustainability"), self.theme("Circularity")],
            projects=[innovationsboost],
            **in_both("title", opening["title"]),
            kind=EVENT_KINDS[opening["kind"]],
            **in_both(
                "description",
                opening["programme"].capitalize()
                + ". For companies that want to work with sustainability, circularity and "
                "circular business models.",
                "Föreläsning av CSR Västsverige om strategiskt hållbarhetsarbete och kommande "
                "lagkrav, därefter en interaktiv workshop där varje företag kartlägger sitt "
                "nuvarande och önskade läge. För företag som vill arbeta med hållbarhet, "
                "cirkularitet och cirkulära affärsmodeller.",
            ),
            starts_at=self.at(-160, 9),
            ends_at=self.at(-160, 15),
            venue_name="ASSAR Industrial Innovation Arena",
            city="Skövde",
            county=self.county("Västra Götaland"),
            network=skaraborg,
            capacity=30,
            status=Event.Status.PUBLISHED,
            support_hours=Decimal("6"),
        )
        if created:
            ProgrammeItem.objects.bulk_create(
                [
                    ProgrammeItem(
                        event=event,
                        starts_at=datetime.time(9),
                        **in_both(
                            "title", "Strategic sustainability work and coming legal requirements"
                        ),
                        order=1,
                    ),
                    ProgrammeItem(
                        event=event,
                        starts_at=datetime.time(11),
                        **in_both("title", INTERACTIVE_WORKSHOP),
                        order=2,
                    ),
                ]
            )
            Speaker.objects.create(
                event=event,
                name="CSR Västsverige",
                affiliation="Business network",
                **in_both("topic", "Strategic sustainability work and coming legal requirements"),
            )
            self.attend(event, [self.find(c) for c in opening["participants"]])

        follow_up, created = self.event(
            slug="follow-up-meeting-skaraborg-sustainability-network",
            hosts=[skovde_park],
            themes=[self.theme("Sustainability")],
            projects=[innovationsboost],
            **in_both(
                "title", facts["Follow-up meeting of the Skaraborg sustainability network"]["title"]
            ),
            kind=Event.Kind.NETWORK_MEETING,
            **in_both(
                "description",
                "Follow-up of the opening workshop: how the companies' work with sustainability "
                "and the circular economy has gone since the spring.",
                "Uppföljning av öppningsworkshoppen: hur företagens arbete med hållbarhet och "
                "cirkulär ekonomi har gått sedan i våras.",
            ),
            starts_at=self.at(12, 13),
            ends_at=self.at(12, 16),
            venue_name="ASSAR Industrial Innovation Arena",
            city="Skövde",
            county=self.county("Västra Götaland"),
            network=skaraborg,
            contact_name="Science Park Skövde",
            contact_email="natverk@skovde.example.com",
            capacity=25,
            status=Event.Status.PUBLISHED,
            support_hours=Decimal("3"),
            registration_closes_at=self.at(10, 12),
        )
        if created:
            switch_standard_questions(
                event=follow_up,
                standards=[
                    RegistrationQuestion.Standard.DIETARY,
                    RegistrationQuestion.Standard.PHOTO_CONSENT,
                ],
            )
            RegistrationQuestion.objects.create(
                event=follow_up,
                kind=RegistrationQuestion.Kind.ONE_CHOICE,
                text_sv="Vilket spår vill du gå på efter lunch?",
                text_en="Which track would you like to join after lunch?",
                choices_sv="Klimatbokslut\nCirkulära affärsmodeller",
                choices_en="Climate accounts\nCircular business models",
                is_required=True,
                order=1,
            )
            follow_up.image = placeholder_jpeg(
                "Uppföljningsmöte, ASSAR, Skövde", (11, 93, 59), f"{follow_up.slug}.jpg"
            )
            follow_up.image_alt = "Platshållarbild med texten Uppföljningsmöte, ASSAR, Skövde."
            follow_up.save(update_fields=["image", "image_alt"])
        ems = self.networks["Sustainability network for life-science SMEs in East Middle Sweden"]
        for offset, title in [
            (9, "Workshop: Today's achievements, tomorrow's visions"),
            (30, "Workshop: Sustainable skills supply"),
        ]:
            self.event(
                slug=slugify(title),
                hosts=[stuns],
                themes=[self.theme("Life science"), self.theme("Sustainability")],
                projects=[sustainable],
                **in_both("title", title),
                kind=Event.Kind.WORKSHOP,
                **in_both(
                    "description",
                    "A short report from the sustainability network for life-science companies, "
                    "turned into a workshop with academia and students.",
                    "En kort rapport från hållbarhetsnätverket för life science-företag blir en "
                    "workshop tillsammans med akademin och studenter, för små och medelstora "
                    "företag inom livsvetenskap som vill utveckla sitt arbete med hållbarhet.",
                ),
                starts_at=self.at(offset, 13),
                ends_at=self.at(offset, 16),
                venue_name="STUNS",
                city="Uppsala",
                county=self.county("Uppsala"),
                network=ems,
                capacity=20,
                status=Event.Status.PUBLISHED,
                support_hours=Decimal("3"),
            )
        meeting = facts["High-level meeting on the Stockholm-Uppsala life science cluster"]
        june = datetime.date(self.today.year, 6, 14)
        days_to_june = (june - self.today).days
        self.event(
            slug="high-level-meeting-stockholm-uppsala-life-science",
            hosts=[self.organisations["Region Uppsala"], self.organisations["Region Stockholm"]],
            themes=[self.theme("Life science")],
            **in_both("title", meeting["title"]),
            kind=EVENT_KINDS[meeting["kind"]],
            **in_both(
                "description", "Regional leaders meet on the future of the life science cluster."
            ),
            starts_at=self.at(days_to_june, 10),
            ends_at=self.at(days_to_june, 15),
            venue_name=meeting["venue"],
            city="Uppsala",
            county=self.county("Uppsala"),
            capacity=80,
            status=Event.Status.PUBLISHED,
        )
        self.event(
            slug="life-science-conference-stockholm",
            hosts=[self.organisations["Region Stockholm"]],
            themes=[self.theme("Life science")],
            projects=[self.projects["Regional Innovation Valley — Stockholm life science"]],
            **in_both("title", "Life science conference, Stockholm"),
            kind=Event.Kind.CONFERENCE,
            **in_both("description", "The autumn conference following the high-level meeting."),
            starts_at=self.at(20, 9),
            ends_at=self.at(20, 17),
            venue_name="Stockholm Science City",
            city="Stockholm",
            county=self.county("Stockholm"),
            capacity=200,
            status=Event.Status.PUBLISHED,
            support_hours=Decimal("6"),
        )

    def attend(self, event: Event, organisations):
        """Registrations that happened and were attended (past events)."""
        for organisation in organisations:
            user = self.participants.get(organisation.pk)
            if user is None:
                continue
            Registration.objects.get_or_create(
                event=event,
                user=user,
                defaults={
                    "organisation": organisation,
                    "status": Registration.Status.CONFIRMED,
                    "attended": True,
                    "checked_in_at": event.starts_at,
                },
            )

    def seed_generated_events(self):
        kinds = [
            (Event.Kind.WORKSHOP, "Workshop"),
            (Event.Kind.SEMINAR, "Seminar"),
            (Event.Kind.TRAINING, "Training"),
            (Event.Kind.WEBINAR, "Webinar"),
            (Event.Kind.MATCHMAKING, "Matchmaking"),
        ]
        south_east = self.projects["South-east Sweden science park collaboration"]
        for park_index, park_fact in enumerate(self.facts["science_parks"]):
            park = self.organisations[park_fact["name"]]
            area = park_fact["profile_areas"][0]
            for n in range(3):
                kind, label = kinds[(park_index + n) % len(kinds)]
                label_sv, label_with_article = EVENT_LABELS[label]
                title = f"{label}: {area} for small companies"
                title_sv = f"{label_sv}: {in_swedish(area)} för små företag"
                if n == 2:
                    title = f"{label}: {park_fact['profile_areas'][-1]} in practice"
                    title_sv = (
                        f"{label_sv}: {in_swedish(park_fact['profile_areas'][-1])} i praktiken"
                    )
                online = kind == Event.Kind.WEBINAR
                full = n == 1 and park_index % 2 == 0
                capacity = 3 if full else (None if online else 25)
                projects = [south_east] if park.county_id in {"K", "G", "M", "H"} else []
                event, created = self.event(
                    slug=slugify(f"{park.slug}-{title}"),
                    hosts=[park],
                    themes=[self.theme(a) for a in park_fact["profile_areas"]],
                    projects=projects,
                    **in_both("title", title, title_sv),
                    kind=kind,
                    **in_both(
                        "description",
                        f"{park.name} invites small and medium-sized companies to a "
                        f"{label.lower()} on {area.lower()}.",
                        f"{park.name} bjuder in små och medelstora företag till "
                        f"{label_with_article} om {in_swedish(area).lower()}.",
                    ),
                    starts_at=self.at(7 + park_index * 3 + n * 11, 9 + n),
                    ends_at=self.at(7 + park_index * 3 + n * 11, 12 + n),
                    format=Event.Format.ONLINE if online else Event.Format.ON_SITE,
                    online_url="https://meet.example.com/" + park.slug if online else "",
                    venue_name="" if online else park.name,
                    city="" if online else park.municipality,
                    county=park.county,
                    capacity=capacity,
                    # The full ones show the seat offer (24 h to accept) and a limit per company.
                    waitlist_mode=Event.WaitlistMode.OFFER
                    if full
                    else Event.WaitlistMode.AUTOMATIC,
                    max_per_organisation=2 if full else None,
                    status=Event.Status.PUBLISHED,
                    support_hours=Decimal(3),
                    language=Event.Language.SWEDISH if n != 2 else Event.Language.ENGLISH,
                )
                if created and n < 2:
                    local = [c for c in self.generated_companies if c.county_id == park.county_id]
                    for company in local[: 5 if full else 2]:
                        register_for_event(
                            event=event, user=self.participants[company.pk], organisation=company
                        )

    def seed_life_tech_history(self):
        """Attended past events of Sthlm LifeTech (2020–2022), for its coordinator's report."""
        life_tech = self.projects["Stockholm Life Tech (Sthlm LifeTech)"]
        hosts = {
            "Open lab day in Flemingsberg": self.organisations["Flemingsberg Science"],
            "Research infrastructure matchmaking in Hagastaden": self.organisations[
                "Stockholm Science City"
            ],
            "Testbed training for medtech SMEs": self.organisations[
                "Karolinska Institutet Science Park"
            ],
        }
        companies = [
            c for c in self.generated_companies if c.county_id in ("AB", "C")
        ] or self.generated_companies[:6]
        for index, (title, host) in enumerate(hosts.items()):
            start = datetime.datetime(
                2021 + index // 2, 3 + index * 3, 10, 9, 0, tzinfo=timezone.get_current_timezone()
            )
            event, created = self.event(
                slug=slugify(title),
                hosts=[host],
                themes=[self.theme("Life science")],
                projects=[life_tech],
                **in_both("title", title),
                kind=[Event.Kind.WORKSHOP, Event.Kind.MATCHMAKING, Event.Kind.TRAINING][index],
                **in_both(
                    "description",
                    "Part of Stockholm Life Tech: opening research infrastructure to SMEs.",
                ),
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=6),
                venue_name=host.name,
                city=host.municipality,
                county=host.county,
                capacity=40,
                status=Event.Status.PUBLISHED,
                support_hours=Decimal(6),
            )
            if created:
                self.attend(event, companies[index : index + 5])

    def seed_life_tech_follow_up(self):
        """The follow-up surveys of Sthlm LifeTech's supported enterprises, six and twelve
        months after each one's first support, most of them answered (online or by phone), so
        that its coordinator's report shows result figures."""
        life_tech = self.projects["Stockholm Life Tech (Sthlm LifeTech)"]
        first_supports = (
            Registration.objects.attended()
            .filter(event__projects=life_tech, organisation__kind=Organisation.Kind.COMPANY)
            .order_by()
            .values("organisation_id")
            .annotate(first=Min(TruncDate("event__starts_at")))
            .order_by("organisation_id")
        )
        staff = self.users.get("stuns_staff")
        now = timezone.now()
        for index, row in enumerate(first_supports):
            for wave in (6, 12):
                due_on = row["first"] + relativedelta(months=wave)
                answers = {}
                # Every fourth enterprise has not answered; every third answered by phone.
                if index % 4 != 3:
                    answers = {
                        "new_product_or_process": index % 2 == 0,
                        "new_marketing_or_organisation": index % 3 == 0,
                        "jobs_created": Decimal(index % 3 + (wave == 12)),
                        "research_collaboration": index % 5 < 2,
                        "answered_at": self.at_day(due_on + datetime.timedelta(days=9)),
                    }
                    if index % 3 == 2:
                        answers.update(
                            channel=FollowUpSurvey.Channel.PHONE,
                            respondent=f"{participant_name(index)[0]}, VD",
                            recorded_by=staff,
                            recorded_at=now,
                        )
                    else:
                        answers.update(
                            channel=FollowUpSurvey.Channel.ONLINE,
                            answered_by=self.participants.get(row["organisation_id"]),
                        )
                _survey, created = FollowUpSurvey.objects.get_or_create(
                    project=life_tech,
                    organisation_id=row["organisation_id"],
                    wave=wave,
                    defaults={
                        "first_supported_on": row["first"],
                        "due_on": due_on,
                        "sent_at": self.at_day(due_on),
                        "reminded_at": self.at_day(due_on + datetime.timedelta(days=14))
                        if not answers or index % 3 == 1
                        else None,
                        **answers,
                    },
                )
                self.report.count("follow-up surveys", created)

    def at_day(self, day: datetime.date) -> datetime.datetime:
        return datetime.datetime.combine(
            day, datetime.time(9), tzinfo=timezone.get_current_timezone()
        )

    def mark_de_minimis(self, event: Event, *, aid_sek: int, project: Project, valuation: str):
        """Participation in the event is de minimis aid granted by the project (the ledger
        enters the attended participations as the event is saved)."""
        if event.de_minimis_aid_sek is None:
            event.de_minimis_aid_sek = Decimal(aid_sek)
            event.aid_valuation = valuation
            event.aid_granting_project = project
            event.save()

    def seed_de_minimis(self):
        """One de minimis event held and one coming in each EU-funded demo project; the demo
        company took part in the one held by Stockholm Life Tech, so sme@example.com has a
        certificate to download."""
        life_tech = self.projects["Stockholm Life Tech (Sthlm LifeTech)"]
        innovationsboost = self.projects["Innovationsboost"]
        opening = Event.objects.get(slug="opening-workshop-skaraborg-sustainability-network")
        self.mark_de_minimis(
            opening, aid_sek=8_500, project=innovationsboost, valuation=AidValuation.COST_BASED
        )
        self.mark_de_minimis(
            Event.objects.get(slug="follow-up-meeting-skaraborg-sustainability-network"),
            aid_sek=4_200,
            project=innovationsboost,
            valuation=AidValuation.COST_BASED,
        )
        host = self.organisations["Karolinska Institutet Science Park"]
        common = {
            "hosts": [host],
            "themes": [self.theme("Life science")],
            # Granted by Stockholm Life Tech (aid_granting_project) but kept out of its
            # participant report, whose demo figures are the 2021–2022 history.
            "kind": Event.Kind.TRAINING,
            "venue_name": host.name,
            "city": host.municipality,
            "county": host.county,
            "capacity": 12,
            "status": Event.Status.PUBLISHED,
            "support_hours": Decimal(4),
        }
        clinic, created = self.event(
            slug="test-bed-clinic-validating-your-medical-device",
            **in_both(
                "title",
                "Test-bed clinic: validating your medical device",
                "Testbäddsklinik: validera er medicintekniska produkt",
            ),
            **in_both(
                "description",
                "A morning in the test bed with clinical engineers, for companies that are "
                "about to validate a medical device. Participation is de minimis aid.",
                "En förmiddag i testbädden med kliniska ingenjörer, för företag som snart ska "
                "validera en medicinteknisk produkt. Deltagandet är stöd av mindre betydelse "
                "(de minimis).",
            ),
            starts_at=self.at(-40, 9),
            ends_at=self.at(-40, 13),
            **common,
        )
        self.mark_de_minimis(
            clinic, aid_sek=12_000, project=life_tech, valuation=AidValuation.FIXED
        )
        demo_company = self.organisations["Demo Life Science AB"]
        if created:
            DeMinimisStatement.objects.create(
                organisation=demo_company,
                confirmed_by=self.users["sme"],
                confirmed_at=clinic.starts_at - datetime.timedelta(days=14),
            )
            Registration.objects.create(
                event=clinic,
                user=self.users["sme"],
                organisation=demo_company,
                status=Registration.Status.CONFIRMED,
                attended=True,
                checked_in_at=clinic.starts_at,
            )
            self.attend(clinic, self.generated_companies[6:9])
        coming, _created = self.event(
            slug="lab-access-advisory-session",
            **in_both(
                "title",
                "Lab access advisory session",
                "Rådgivning om tillgång till labb",
            ),
            **in_both(
                "description",
                "One-to-one advice on using the region's research infrastructure for your "
                "product development. Participation is de minimis aid.",
                "Enskild rådgivning om hur ni kan använda regionens forskningsinfrastruktur i er "
                "produktutveckling. Deltagandet är stöd av mindre betydelse (de minimis).",
            ),
            starts_at=self.at(18, 9),
            ends_at=self.at(18, 12),
            **common,
        )
        self.mark_de_minimis(
            coming, aid_sek=15_000, project=life_tech, valuation=AidValuation.COST_BASED
        )

    def seed_news(self):
        """Articles drawn from the facts, and the Skaraborg opening workshop's photo gallery."""
        skovde_park = self.organisations["Science Park Skövde"]
        skaraborg = self.networks["Industry network for sustainability and circularity (Skaraborg)"]
        opening = Event.objects.get(slug="opening-workshop-skaraborg-sustainability-network")
        follow_up = Event.objects.get(slug="follow-up-meeting-skaraborg-sustainability-network")
        facts = {e["title"]: e for e in self.facts["events"]}
        participants = facts[
            "Opening workshop of the industry network for sustainability and circularity"
        ]["participants"]

        self.article(
            slug="hallbarhetsnatverket-i-skaraborg-har-startat",
            organisation=skovde_park,
            language="sv",
            title_sv="Nätverket för hållbarhet och cirkularitet i Skaraborg har startat",
            title_en="The network for sustainability and circularity in Skaraborg has started",
            summary_en=(
                "The industry network for sustainability and circularity met for the first time "
                "at ASSAR Industrial Innovation Arena in Skövde, with a workshop on where the "
                "companies stand in their sustainability work today and where they want to go."
            ),
            summary_sv=(
                "Industrinätverket för hållbarhet och cirkularitet samlades för första gången på "
                "ASSAR Industrial Innovation Arena i Skövde, med en workshop om var företagen står "
                "i hållbarhetsarbetet i dag och vart de vill."
            ),
            body_en=(
                "<p>The network is for people responsible for sustainability in a tech or "
                "industrial company in Skaraborg, and for company leaders who want to create such "
                "a role. Science Park Skövde runs it within the project Innovationsboost.</p>"
                "<h2>Strategic sustainability work and coming legal requirements</h2>"
                "<p>The day opened with a lecture by CSR Västsverige on strategic sustainability "
                "work and the legal requirements on their way. An interactive workshop followed, "
                "where each company mapped its current and desired position in its "
                "sustainability work.</p>"
                "<h2>Participants</h2><ul>"
                + "".join(f"<li>{name}</li>" for name in participants)
                + "</ul><p>A follow-up meeting is held after the summer. "
                f'<a href="{follow_up.get_absolute_url()}">Register for the follow-up</a>.</p>'
            ),
            body_sv=(
                "<p>Nätverket är till för dig som ansvarar för hållbarhet i ett tekniskt eller "
                "industriellt företag i Skaraborg, och för företagsledare som vill skapa en sådan "
                "roll. Det drivs av Science Park Skövde inom projektet Innovationsboost.</p>"
                "<h2>Strategiskt hållbarhetsarbete och kommande lagkrav</h2>"
                "<p>Dagen inleddes med en föreläsning av CSR Västsverige om strategiskt "
                "hållbarhetsarbete och de lagkrav som är på väg. Därefter följde en interaktiv "
                "workshop där varje företag kartlade sitt nuvarande och önskade läge i "
                "hållbarhetsarbetet.</p>"
                "<h2>Deltagare</h2><ul>"
                + "".join(f"<li>{name}</li>" for name in participants)
                + "</ul><p>Ett uppföljande möte hålls efter sommaren. "
                f'<a href="{follow_up.get_absolute_url()}">Anmäl dig till uppföljningen</a>.</p>'
            ),
            publish_at=opening.ends_at + datetime.timedelta(days=2),
            image=("Öppningsworkshop, ASSAR, Skövde", (11, 93, 59)),
            image_alt="Platshållarbild i grönt med texten Öppningsworkshop, ASSAR, Skövde.",
            networks=[skaraborg],
            projects=[self.projects["Innovationsboost"]],
            events=[opening, follow_up],
            themes=["Sustainability", "Circularity"],
        )
        report, created = EventReport.objects.get_or_create(
            event=opening,
            defaults={
                "organisation": skovde_park,
                "status": EventReport.Status.PUBLISHED,
                "publish_at": opening.ends_at + datetime.timedelta(days=2),
                "body_en": (
                    "<p>Photos from the opening workshop at ASSAR Industrial Innovation Arena: "
                    "the lecture by CSR Västsverige and the interactive workshop where the "
                    "companies mapped their sustainability work.</p>"
                ),
                "body_sv": (
                    "<p>Bilder från öppningsworkshopen på ASSAR Industrial Innovation Arena: "
                    "föreläsningen av CSR Västsverige och den interaktiva workshopen där "
                    "företagen kartlade sitt hållbarhetsarbete.</p>"
                ),
            },
        )
        self.report.count("event reports", created)
        if created:
            for order, (caption, colour) in enumerate(
                [
                    ("Välkommen till ASSAR", (11, 93, 59)),
                    ("Föreläsning: strategiskt hållbarhetsarbete", (29, 39, 51)),
                    ("Workshop: nuläge och önskat läge", (160, 96, 16)),
                    ("Resultat på väggen", (40, 80, 140)),
                ],
                start=1,
            ):
                image = placeholder_jpeg(caption, colour, f"skaraborg-workshop-{order}.jpg")
                Photo.objects.create(
                    report=report,
                    image=image,
                    thumbnail=make_thumbnail(image),
                    alt_text=f"Platshållarbild med texten {caption}.",
                    caption=caption,
                    order=order,
                )
                self.report.count("photos", True)
            Document.objects.create(
                report=report,
                organisation=skovde_park,
                title="Workshoprapport: hållbarhet och cirkularitet i Skaraborg",
                kind=Document.Kind.REPORT,
                language="sv",
                file=ContentFile(
                    placeholder_pdf("Workshoprapport - natverket for hallbarhet, Skaraborg"),
                    name="workshoprapport-skaraborg.pdf",
                ),
            )
            self.report.count("documents", True)

        south_east = self.projects["South-east Sweden science park collaboration"]
        parks = [p.name for p in south_east.partners.order_by("name")]
        self.article(
            slug="science-parks-i-sydost-samlar-sitt-erbjudande",
            organisation=south_east.owner,
            language="sv",
            title_sv="Fem science parks i sydöstra Sverige samlar sitt erbjudande till småföretag",
            title_en="Five science parks in south-east Sweden join their offer to small companies",
            summary_en=(
                "Science parks in Blekinge, Kronoberg, Skåne and Kalmar counties work together on "
                "a joint range of trainings, seminars and meeting places for small and "
                "medium-sized companies."
            ),
            summary_sv=(
                "Science parks i Blekinge, Kronoberg, Skåne och Kalmar län samarbetar om ett "
                "gemensamt utbud av utbildningar, seminarier och mötesplatser för små och "
                "medelstora företag."
            ),
            body_en=(
                "<p>The collaboration brings together "
                + ", ".join(parks[:-1])
                + f" and {parks[-1]}.</p>"
                "<p>Together they offer activities – trainings, seminars and meeting places – to "
                "small and medium-sized companies in Blekinge, Kronoberg, Skåne and Kalmar "
                "counties. A company in one of the counties can so take part in the whole "
                f'region\'s offer. <a href="{reverse("events:list")}">See upcoming events</a>.</p>'
            ),
            body_sv=(
                "<p>I samarbetet ingår " + ", ".join(parks[:-1]) + f" och {parks[-1]}.</p>"
                "<p>Tillsammans erbjuder de aktiviteter – utbildningar, seminarier och "
                "mötesplatser – till små och medelstora företag i Blekinge, Kronobergs, Skåne och "
                "Kalmar län. Ett företag i en av länen kan på så sätt ta del av hela regionens "
                f'utbud. <a href="{reverse("events:list")}">Se kommande evenemang</a>.</p>'
            ),
            publish_at=self.now - datetime.timedelta(days=30),
            image=("Science parks i sydost", (40, 80, 140)),
            image_alt="Platshållarbild i blått med texten Science parks i sydost.",
            projects=[south_east],
            themes=["Digital technology", "Food", "Circular economy"],
        )
        riv = self.projects["Regional Innovation Valley — Stockholm life science"]
        self.article(
            slug="stockholm-becomes-a-regional-innovation-valley",
            organisation=riv.owner,
            language="en",
            title_en="Stockholm becomes a Regional Innovation Valley for life science",
            title_sv="Stockholm blir en Regional Innovation Valley för life science",
            summary_sv=(
                "Stockholmsregionen har utsetts till en av EU:s Regional Innovation Valleys, en "
                "utnämning som hjälper regionen att hitta finansiering och partner inom life "
                "science."
            ),
            summary_en=(
                "The Stockholm region has been named one of the EU's Regional Innovation Valleys, "
                "a designation that helps it seek funding and partners for life science."
            ),
            body_sv=(
                "<p>Regional Innovation Valleys är ett EU-initiativ med minst 100 regioner. För "
                "Region Stockholm är utnämningen ett sätt att hitta finansiering och partner i "
                "hela Europa för regionens life science och livsvetenskaper.</p>"
                "<p>Den bygger på samarbetet i life science-regionen Stockholm–Uppsala och på "
                "projekt som Stockholm Life Tech, som öppnade laboratorier och "
                "forskningsinfrastruktur i Flemingsberg och Hagastaden för små företag.</p>"
            ),
            body_en=(
                "<p>Regional Innovation Valleys is an EU initiative of at least 100 regions. "
                "For Region Stockholm the designation is a way to find funding and partners "
                "across Europe for the region's life science.</p>"
                "<p>It builds on the collaboration in the Stockholm-Uppsala life science region "
                "and on projects such as Stockholm Life Tech, which opened laboratories and "
                "research infrastructure in Flemingsberg and Hagastaden to small companies.</p>"
            ),
            publish_at=self.now - datetime.timedelta(days=12),
            image=("Regional Innovation Valley", (29, 39, 51)),
            image_alt="Placeholder image in dark blue with the text Regional Innovation Valley.",
            projects=[riv, self.projects["Stockholm Life Tech (Sthlm LifeTech)"]],
            events=[Event.objects.get(slug="life-science-conference-stockholm")],
            themes=["Life science"],
        )
        ems = self.networks["Sustainability network for life-science SMEs in East Middle Sweden"]
        stuns = self.organisations["STUNS Life Science"]
        sustainable = self.projects["Sustainable Cluster development"]
        self.article(
            slug="korta-rapporter-blir-workshoppar",
            organisation=stuns,
            language="sv",
            title_sv="Hållbarhetsnätverket för life science: korta rapporter blir workshoppar",
            title_en="The life-science sustainability network: short reports become workshops",
            summary_en=(
                "In the project Sustainable Cluster development the network's short reports "
                "become workshops together with academia and students."
            ),
            summary_sv=(
                "I projektet Sustainable Cluster development blir nätverkets korta rapporter "
                "workshoppar tillsammans med akademin och studenter."
            ),
            body_en=(
                "<p>The network's members share challenges, solutions and tips, with carefully "
                "selected invited guests. Two workshops are on the programme: <em>Today's "
                "achievements, tomorrow's visions</em> and <em>Sustainable skills supply</em>.</p>"
            ),
            body_sv=(
                "<p>Medlemmarna i nätverket delar utmaningar, lösningar och tips, med noga utvalda "
                "inbjudna gäster. Två workshoppar står på programmet: <em>Today's achievements, "
                "tomorrow's visions</em> och <em>Sustainable skills supply</em>.</p>"
            ),
            publish_at=self.now - datetime.timedelta(days=5),
            networks=[ems],
            projects=[sustainable],
            events=list(Event.objects.filter(network=ems)),
            themes=["Life science", "Sustainability"],
        )
        # One scheduled and one draft article, so staff see every publication state in admin.
        self.article(
            slug="sammanfattning-av-workshoppen-om-kompetensforsorjning",
            organisation=stuns,
            language="sv",
            title_sv="Sammanfattning: workshoppen om hållbar kompetensförsörjning",
            title_en="Summary: the workshop on sustainable skills supply",
            summary_sv="Vad nätverket kom fram till om hållbar kompetensförsörjning.",
            summary_en="What the network concluded on sustainable skills supply.",
            body_sv="<p>Publiceras efter workshoppen.</p>",
            body_en="<p>Published after the workshop.</p>",
            publish_at=self.now + datetime.timedelta(days=31),
            networks=[ems],
            projects=[sustainable],
        )
        self.article(
            slug="utkast-nya-medlemmar-i-natverket",
            organisation=stuns,
            language="sv",
            title_sv="Utkast: nya medlemmar i nätverket",
            title_en="Draft: new members of the network",
            summary_sv="Ett utkast som bara personalen ser.",
            summary_en="A draft only staff see.",
            body_sv="<p>Utkast.</p>",
            body_en="<p>Draft.</p>",
            status=Article.Status.DRAFT,
            networks=[ems],
        )

    def article(
        self,
        *,
        slug: str,
        image=None,
        image_alt="",
        networks=(),
        projects=(),
        events=(),
        themes=(),
        **fields,
    ) -> Article:
        fields.setdefault("status", Article.Status.PUBLISHED)
        article, created = Article.objects.get_or_create(slug=slug, defaults=fields)
        self.report.count("articles", created)
        if not created:
            return article
        if image:
            caption, colour = image
            hero = placeholder_jpeg(caption, colour, f"{slug}.jpg")
            article.hero_image = hero
            article.hero_image_thumbnail = make_thumbnail(hero)
            article.hero_image_alt = image_alt
            article.save(update_fields=["hero_image", "hero_image_thumbnail", "hero_image_alt"])
        article.networks.set(networks)
        article.projects.set(projects)
        article.events.set(events)
        article.thematic_areas.set([self.theme(name) for name in themes])
        return article


def placeholder_pdf(text: str) -> bytes:
    """A one-page PDF with a line of (ASCII) text, written by hand: no PDF library needed."""
    stream = f"BT /F1 18 Tf 72 760 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()
