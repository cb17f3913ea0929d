import pytest
from django.urls import reverse

from tests.factories import UserFactory

from .url_patterns import url_patterns

PERSONAL = [entry for entry in url_patterns() if entry.route.startswith("me/")]
# Reached without a login by design: the personal calendar feed is authorised by its secret
# token (tests/accounts cover it); a wrong token is a 404.
BY_TOKEN = {"me:calendar": {"token": "not-a-real-token"}}


def test_the_walker_finds_the_projects_patterns():
    names = {entry.name for entry in url_patterns()}
    assert {"home", "events:detail", "privacy:data", "privacy:delete", "me:index"} <= names
    detail = next(entry for entry in url_patterns() if entry.name == "events:detail")
    assert detail.converters == ("slug",)


@pytest.mark.django_db
@pytest.mark.parametrize("entry", PERSONAL, ids=lambda entry: entry.name)
def test_personal_pages_send_visitors_to_log_in_and_answer_a_signed_in_user(client, entry):
    if entry.name in BY_TOKEN:
        response = client.get(reverse(entry.name, kwargs=BY_TOKEN[entry.name]))
        assert response.status_code == 404
        return
    if entry.takes_arguments:
        pytest.fail(f"teach this test how to fill the arguments of {entry.route}")
    url = reverse(entry.name)
    for method in (client.get, client.post):
        response = method(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("account_login")), url
    client.force_login(UserFactory())
    assert client.get(url).status_code in (200, 405)  # 405: a POST-only action
