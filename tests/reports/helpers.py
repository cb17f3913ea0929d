import datetime

from django.utils import timezone

from companies.models import OrganisationMembership
from tests.factories import OrganisationMembershipFactory, UserFactory


def past(year: int, month: int, day: int = 10) -> dict:
    """Fields of an event held on that day (local time)."""
    start = datetime.datetime(year, month, day, 9, tzinfo=timezone.get_current_timezone())
    return {"starts_at": start, "ends_at": start + datetime.timedelta(hours=3)}


def coordinator_of(*projects):
    user = UserFactory()
    for project in projects:
        project.coordinators.add(user)
    return user


def staff_of(organisation):
    return OrganisationMembershipFactory(
        organisation=organisation, role=OrganisationMembership.Role.STAFF
    ).user


def scope(kind: str, obj) -> str:
    return f"{kind}-{obj.pk}"
