"""The brand from settings reaches every place the portal names itself, and its colour keeps
to the content policy (a style sheet, not inline style) and to readable contrast."""

import copy

import pytest
from django.core import mail

from notifications.emails import build_message
from tests.factories import (
    ArticleFactory,
    NetworkFactory,
    NotificationFactory,
    RegistrationFactory,
    UserFactory,
)
from web.brand import check_brand, contrast_ratio

pytestmark = pytest.mark.django_db


@pytest.fixture
def branded(settings):
    brand = copy.deepcopy(settings.BRAND)
    brand["NAMES"] = {"sv": "Sydostportalen", "en": "South-East Portal"}
    brand["ACCENT"] = "#7a1f5c"
    brand["LOGO"] = "img/favicon.svg"
    settings.BRAND = brand
    return brand


def test_default_brand_is_the_cluster_portal(client):
    swedish = client.get("/").content.decode()
    assert "· Klusterportalen</title>" in swedish
    assert '<link rel="icon" href="/static/img/favicon.svg">' in swedish
    assert 'href="/brand.css' not in swedish
    assert 'class="brand-logo"' not in swedish


def test_brand_name_reaches_titles_and_header_in_each_language(client, branded):
    swedish = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert "· Sydostportalen</title>" in swedish
    assert "· South-East Portal</title>" in english
    assert '<img class="brand-logo" src="/static/img/favicon.svg" alt="" height="32">' in english
    assert "South-East Portal</a>" in english


def test_brand_colour_comes_as_a_style_sheet(client, branded):
    html = client.get("/en/").content.decode()
    assert '<link rel="stylesheet" href="/brand.css?accent=%237a1f5c">' in html
    # After the portal's own sheets, so that its colours win.
    assert html.index("/brand.css?") > html.index("/static/css/site.css")
    assert "style=" not in html
    css = client.get("/brand.css", {"accent": "#7a1f5c"})
    assert css["Content-Type"] == "text/css"
    assert css.content.decode() == ":root { --accent: #7a1f5c; --accent-ink: #ffffff; }\n"


def test_brand_name_is_the_email_sender_and_subject_prefix(committing_client, branded):
    UserFactory(email="anna@example.org", first_name="Anna")
    committing_client.post("/accounts/password/reset/", {"email": "anna@example.org"})
    [message] = mail.outbox
    assert message.subject.startswith("[Sydostportalen] ")
    assert message.from_email.startswith("Sydostportalen <")
    assert "Sydostportalen · " in message.body


def test_brand_name_in_notification_emails_in_the_recipients_language(branded):
    user = UserFactory(preferred_language="en")
    message = build_message(NotificationFactory(registration=RegistrationFactory(user=user)))
    assert message.from_email.startswith("South-East Portal <")
    assert "South-East Portal · " in message.body


def test_brand_name_in_shared_pages_site_name_and_admin_title(client, branded):
    network, article = NetworkFactory(), ArticleFactory()
    for path in (f"/en/networks/{network.slug}/", f"/en/news/{article.slug}/"):
        html = client.get(path).content.decode()
        assert '<meta property="og:site_name" content="South-East Portal">' in html, path
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert "South-East Portal – administration" in client.get("/en/admin/").content.decode()


def test_contrast_ratio_matches_wcag():
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast_ratio("#0b5d3b", "#ffffff"), 1) >= 4.5


@pytest.mark.parametrize(
    ("accent", "problem"),
    [("#0b5d3b", None), ("#7a1f5c", None), ("#88cc88", "web.E002"), ("green", "web.E001")],
)
def test_start_up_check_refuses_an_unreadable_or_malformed_colour(settings, accent, problem):
    settings.BRAND = {**settings.BRAND, "ACCENT": accent}
    assert [error.id for error in check_brand()] == ([problem] if problem else [])
