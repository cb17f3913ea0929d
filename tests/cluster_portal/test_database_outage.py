"""While the database is away, pages that need it answer 503 with Retry-After and say that
nothing was saved, in the reader's language, instead of the generic 500 page."""

from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from events.models import Registration
from tests.factories import EventFactory, OrganisationMembershipFactory

pytestmark = pytest.mark.django_db


def database_away(error=OperationalError):
    """Every new query fails as it does when the server is down or restarting."""
    return mock.patch.object(
        connection,
        "cursor",
        side_effect=error("connection to server at 127.0.0.1, port 5432 failed"),
    )


def in_language(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


@pytest.mark.parametrize(("prefix", "language"), [("", "sv"), ("/en", "en")])
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_registration_during_an_outage_answers_503_and_saves_nothing(prefix, language, error):
    event = EventFactory()
    membership = OrganisationMembershipFactory()
    client = Client(raise_request_exception=False)
    client.force_login(membership.user)
    with database_away(error):
        response = client.post(
            f"{prefix}/events/{event.slug}/register/",
            {"organisation": membership.organisation.pk},
        )
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert in_language(language, "Nothing you sent was saved.") in html
    assert in_language(language, "Briefly unavailable") in html
    assert not Registration.objects.exists()


def test_my_page_during_an_outage_answers_503():
    membership = OrganisationMembershipFactory()
    client = Client(raise_request_exception=False)
    client.force_login(membership.user)
    with database_away():
        response = client.get("/en/me/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Nothing you sent was saved." in response.content.decode()


def test_other_errors_still_answer_the_generic_500_page(settings):
    client = Client(raise_request_exception=False)
    with mock.patch("cluster_portal.me.render", side_effect=RuntimeError("a bug")):
        membership = OrganisationMembershipFactory()
        client.force_login(membership.user)
        response = client.get("/en/me/")
    assert response.status_code == 500
    assert "Retry-After" not in response
