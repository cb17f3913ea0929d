"""The journey's actions answer in Swedish on the default (unprefixed) pages."""

import re

import pytest
from django.core import mail

from networks.models import Network
from tests.factories import EventFactory, NetworkFactory, OrganisationMembershipFactory

pytestmark = pytest.mark.django_db


def messages_of(response):
    return " ".join(str(message) for message in response.context["messages"])


def test_sign_up_company_network_and_registration_in_swedish(
    client, django_capture_on_commit_callbacks
):
    # The confirmation mail leaves the outbox once the sign-up commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/accounts/signup/",
            {
                "email": "grundare@foretag.example",
                "first_name": "Greta",
                "last_name": "Grundare",
                "password1": "ett-Långt-lösen-42",
                "password2": "ett-Långt-lösen-42",
            },
            follow=True,
        )
    assert response.status_code == 200
    body = mail.outbox[-1].body
    link = re.search(r"https?://\S+/confirm-email/\S+/", body).group(0)
    assert "/en/" not in link
    response = client.post(link.split("testserver", 1)[1], follow=True)
    assert response.redirect_chain[-1][0] == "/me/"
    assert "Mina företag" in response.content.decode()

    response = client.post(
        "/organisations/new/",
        {
            "name": "Litet Cirkulärt AB",
            "organisation_number": "556036-0793",
            "county": "C",
            "municipality": "Uppsala",
            "headcount": "3",
        },
        follow=True,
    )
    assert "är registrerat och du är dess administratör. Storleksklass: Mikroföretag" in (
        messages_of(response)
    )
    company = response.context["organisation"]

    network = NetworkFactory(join_policy=Network.JoinPolicy.APPROVAL)
    response = client.post(
        f"/networks/{network.slug}/join/", {"organisation": company.pk}, follow=True
    )
    assert "Arrangörerna beslutar" in messages_of(response)

    event = EventFactory(capacity=1)
    first = OrganisationMembershipFactory()  # takes the only seat
    other = client.__class__()
    other.force_login(first.user)
    other.post(f"/events/{event.slug}/register/", {"organisation": first.organisation.pk})
    response = client.post(
        f"/events/{event.slug}/register/", {"organisation": company.pk}, follow=True
    )
    assert "Du står som nummer 1 på väntelistan" in messages_of(response)
    # Once on the list, the page says where the person stands instead of inviting them to it.
    assert "Du står på väntelistan (nummer 1)" in response.content.decode()
    assert "Fullt – ställ dig på väntelistan" not in response.content.decode()
