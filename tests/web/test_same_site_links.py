"""The language switcher's link stays on this site whatever the address looks like."""

import pytest

from .test_language_switcher import switcher_links

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "//evil.example/events/",
        "//evil.example/en/events/",
        "///evil.example/events/",
        "/\\evil.example/events/",
        "//evil.example/events/?q=x",
    ],
)
def test_a_protocol_relative_address_gets_a_not_found_page_with_same_site_links(client, path):
    # The test client would read "//host/…" as a host; PATH_INFO is what a server passes on.
    response = client.get("/", PATH_INFO=path)
    assert response.status_code == 404
    [link] = switcher_links(response).values()
    assert link.startswith("/")
    assert not link.startswith(("//", "/\\"))
    assert "evil.example" not in link.split("/")[1]
