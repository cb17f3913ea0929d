"""The admin's login page goes through the same brute-force limits and lock as the site's."""

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def site_login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def admin_login(client, email, password):
    return client.post(
        reverse("admin:login"),
        {"username": email, "password": password, "next": reverse("admin:index")},
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def staff():
    return UserFactory(is_staff=True, is_superuser=True)


def test_the_right_password_opens_the_admin(client, staff):
    response = admin_login(client, staff.email, TEST_PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_six_failures_on_the_site_login_lock_the_admin_login_too(client, staff):
    for _ in range(6):
        site_login(client, staff.email, "wrong")
    response = admin_login(client, staff.email, TEST_PASSWORD)
    assert response.status_code == 200
    assert not logged_in(client)
    assert "Too many failed login attempts" in response.content.decode()


def test_six_failures_on_the_admin_login_lock_the_site_login_too(client, staff):
    for _ in range(6):
        response = admin_login(client, staff.email, "wrong")
        assert not logged_in(client)
    assert "Too many failed login attempts" in response.content.decode()
    response = site_login(client, staff.email, TEST_PASSWORD)
    assert response.status_code == 200
    assert not logged_in(client)
    # ... and the admin's own login refuses the right password as well.
    assert admin_login(client, staff.email, TEST_PASSWORD).status_code == 200
    assert not logged_in(client)


def test_failures_on_another_account_leave_this_one_open(client, staff):
    other = UserFactory(is_staff=True)
    for _ in range(6):
        admin_login(client, other.email, "wrong")
    assert admin_login(client, staff.email, TEST_PASSWORD).status_code == 302
    assert logged_in(client)


def test_admin_login_attempts_from_one_address_answer_429(client, settings, staff):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    statuses = [admin_login(client, f"p{n}@example.org", "x").status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    # The site's login counts the same attempts.
    assert site_login(client, staff.email, TEST_PASSWORD).status_code == 429


def test_a_non_staff_account_is_still_refused_by_the_admin(client):
    user = UserFactory()
    response = admin_login(client, user.email, TEST_PASSWORD)
    assert response.status_code == 200
    assert not logged_in(client)
