from types import SimpleNamespace
from unittest import mock

import pytest
from django.http import HttpResponse
from django.test import override_settings
from django.urls import path, reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts import ratelimit
from accounts.ratelimit import parse_rate, rate_limited
from cluster_portal import urls as project_urls
from tests.factories import (
    TEST_PASSWORD,
    EventFactory,
    NetworkFactory,
    OrganisationMembershipFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _one_window():
    # The limits count in fixed windows on the clock; a slow machine must not let a test's
    # requests straddle two of them, so the limiter's clock stands still while a test runs.
    clock = SimpleNamespace(time=lambda: 1_800_000_000.0)
    with mock.patch.object(ratelimit, "time", clock):
        yield


@rate_limited(key="tests:ping", rate="3/m")
def ping(request):
    return HttpResponse("pong")


urlpatterns = [path("ping/", ping), *project_urls.urlpatterns]


def test_rates_are_parsed_and_malformed_ones_fail_at_decoration():
    assert parse_rate("10/m") == (10, 60)
    assert parse_rate("5/15m") == (5, 900)
    assert parse_rate("100/d") == (100, 86400)
    with pytest.raises(ValueError, match="10/m"):
        rate_limited(key="x", rate="ten per minute")


@override_settings(ROOT_URLCONF=__name__)
def test_limited_view_answers_429_with_a_translated_page_after_the_limit(client, db):
    for _ in range(3):
        assert client.post("/ping/").status_code == 200
    response = client.post("/ping/")
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    with translation.override("sv"):
        assert gettext("Too many attempts") in response.content.decode()


@override_settings(ROOT_URLCONF=__name__)
def test_reading_is_not_limited_and_each_person_has_their_own_count(client, db):
    for _ in range(5):
        assert client.get("/ping/").status_code == 200
    first, second = UserFactory(), UserFactory()
    client.force_login(first)
    for _ in range(3):
        client.post("/ping/")
    assert client.post("/ping/").status_code == 429
    client.force_login(second)
    assert client.post("/ping/").status_code == 200


@override_settings(ROOT_URLCONF=__name__)
def test_the_limit_lifts_in_the_next_window(client, db):
    with mock.patch("accounts.ratelimit.time.time", return_value=1_000_020.0):
        for _ in range(3):
            client.post("/ping/")
        assert client.post("/ping/").status_code == 429
    with mock.patch("accounts.ratelimit.time.time", return_value=1_000_080.0):
        assert client.post("/ping/").status_code == 200


@pytest.mark.django_db
def test_five_failed_logins_lock_the_account_even_for_the_right_password(client):
    user, control = UserFactory(), UserFactory()
    url = reverse("account_login")
    assert client.post(url, {"login": control.email, "password": TEST_PASSWORD}).status_code == 302
    client.logout()
    for _ in range(5):
        client.post(url, {"login": user.email, "password": "wrong"})
    response = client.post(url, {"login": user.email, "password": TEST_PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].non_field_errors()  # "too many failed attempts"


@pytest.mark.django_db
def test_login_attempts_from_one_address_answer_429_with_the_portal_page(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    with translation.override("sv"):
        url = reverse("account_login")
    statuses = [
        client.post(url, {"login": f"p{n}@example.org", "password": "x"}).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    response = client.post(url, {"login": "p@example.org", "password": "x"})
    with translation.override("sv"):
        assert gettext("Too many attempts") in response.content.decode()


@pytest.mark.django_db
def test_password_reset_requests_are_limited_per_address(client):
    user = UserFactory()
    url = reverse("account_reset_password")
    statuses = [client.post(url, {"email": user.email}).status_code for _ in range(6)]
    assert 429 in statuses
    assert statuses[0] == 302


@pytest.mark.django_db
def test_signups_from_one_address_are_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "2/h/ip"}
    url = reverse("account_signup")
    statuses = [
        client.post(
            url,
            {"email": f"new{n}@example.org", "password1": "a-long-pass-9", "password2": "x"},
        ).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


@pytest.mark.django_db
@pytest.mark.parametrize("view", ["events:register", "networks:join"])
def test_registration_and_join_requests_are_limited_to_ten_a_minute(client, view):
    membership = OrganisationMembershipFactory()
    target = EventFactory() if view == "events:register" else NetworkFactory()
    client.force_login(membership.user)
    url = reverse(view, kwargs={"slug": target.slug})
    data = {"organisation": membership.organisation.pk}
    statuses = [client.post(url, data).status_code for _ in range(11)]
    assert statuses == [302] * 10 + [429]
