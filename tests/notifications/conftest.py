import datetime
import zoneinfo

import pytest

from tests.factories import EventFactory, OrganisationMembershipFactory, UserFactory

STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "https://portal.example.org"


def representative(**user_fields):
    """A user who may register on behalf of a company, and that company."""
    membership = OrganisationMembershipFactory(user=UserFactory(**user_fields))
    return membership.user, membership.organisation


def thursday_event(**fields):
    """An event on Thursday 10 January 2030, 09:00–12:00 in Stockholm."""
    starts_at = datetime.datetime(2030, 1, 10, 9, 0, tzinfo=STOCKHOLM)
    return EventFactory(
        starts_at=starts_at, ends_at=starts_at + datetime.timedelta(hours=3), **fields
    )
