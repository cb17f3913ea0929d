from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import UserFactory
from tests.security.hostile import hostile_text, row_counts

pytestmark = pytest.mark.django_db

# Examples as many as the profile says (tests/conftest.py): few in `make test`, many in fuzz.
FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture
def signed_in():
    client = Client()
    client.force_login(UserFactory())
    return client


@FUZZ
@given(purpose=hostile_text(), action=hostile_text())
def test_consent_form_never_fails_and_refusals_write_nothing(signed_in, purpose, action):
    before = row_counts()
    response = signed_in.post(reverse("privacy:consents"), {"purpose": purpose, "action": action})
    # Refused at the field (200), or as a whole when the body is too big (400): never a 500.
    assert response.status_code in (200, 400)
    assert row_counts() == before


@FUZZ
@given(password=hostile_text(), extra=st.dictionaries(hostile_text(max_size=10), hostile_text()))
def test_delete_form_never_fails_and_wrong_passwords_delete_nothing(signed_in, password, extra):
    before = row_counts()
    with mock.patch("accounts.ratelimit.consume", return_value=True):  # not the limit's test
        response = signed_in.post(reverse("privacy:delete"), {**extra, "password": password})
    assert response.status_code in (200, 400)
    assert row_counts() == before
