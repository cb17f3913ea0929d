"""The digest preferences page and the unsubscribe link."""

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from notifications.emails import unsubscribe_token
from notifications.models import DigestSubscription
from tests.factories import NetworkFactory, ThematicAreaFactory, UserFactory

pytestmark = pytest.mark.django_db

PREFERENCES = "/notifications/"


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(PREFERENCES)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_person_follows_networks_and_themes_and_opts_in(client, django_assert_max_num_queries):
    user = UserFactory()
    networks = [NetworkFactory(name=f"Network {n}") for n in range(5)]
    NetworkFactory(name="Old network", is_archived=True)
    themes = [ThematicAreaFactory() for _ in range(5)]
    client.force_login(user)

    with django_assert_max_num_queries(10):
        response = client.get(PREFERENCES)
    assert response.status_code == 200
    assert "Network 4" in response.content.decode()
    assert "Old network" not in response.content.decode()

    response = client.post(
        PREFERENCES,
        {"is_active": "on", "networks": [networks[1].pk], "thematic_areas": [themes[2].pk]},
    )
    assert response.status_code == 302
    subscription = DigestSubscription.objects.get(user=user)
    assert subscription.is_active
    assert list(subscription.networks.all()) == [networks[1]]
    assert list(subscription.thematic_areas.all()) == [themes[2]]
    assert "Dina e-postinställningar är sparade." in client.get(PREFERENCES).content.decode()


def test_bad_input_shows_the_error_at_the_field_and_keeps_the_rest(client):
    user = UserFactory()
    theme = ThematicAreaFactory()
    archived = NetworkFactory(is_archived=True)
    client.force_login(user)

    response = client.post(
        PREFERENCES,
        {"is_active": "on", "networks": [archived.pk, "nonsense"], "thematic_areas": [theme.pk]},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert "networks" in form.errors
    assert form["thematic_areas"].value() == [str(theme.pk)]
    assert not DigestSubscription.objects.filter(user=user).exists()


def test_the_page_is_in_swedish_and_in_english_under_the_en_prefix(client):
    client.force_login(UserFactory())
    assert "<h1>E-postinställningar</h1>" in client.get(PREFERENCES).content.decode()
    response = client.get("/en/notifications/")
    assert response.status_code == 200
    assert "<h1>Email preferences</h1>" in response.content.decode()


def test_the_unsubscribe_link_asks_before_it_unsubscribes():
    user = UserFactory()
    DigestSubscription.objects.create(user=user, is_active=True)
    url = reverse("notifications:unsubscribe", args=[unsubscribe_token(user)])
    client = Client(enforce_csrf_checks=True)

    response = client.get(url)
    assert response.status_code == 200
    assert user.email in response.content.decode()
    assert DigestSubscription.objects.get(user=user).is_active, "link checkers only GET"

    response = client.post(url)
    assert response.status_code == 200
    assert not DigestSubscription.objects.get(user=user).is_active


@pytest.mark.parametrize("token", ["nonsense", "1:abc:def"])
def test_a_forged_or_mangled_token_unsubscribes_nobody(client, token):
    user = UserFactory()
    DigestSubscription.objects.create(user=user, is_active=True)
    response = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert DigestSubscription.objects.get(user=user).is_active


def test_a_token_from_another_purpose_is_refused(client):
    user = UserFactory()
    DigestSubscription.objects.create(user=user, is_active=True)
    token = signing.dumps(user.pk)  # signed, but not for unsubscribing
    response = client.post(reverse("notifications:unsubscribe", args=[token]))
    assert response.status_code == 400
    assert DigestSubscription.objects.get(user=user).is_active
