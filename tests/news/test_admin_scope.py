"""Staff publish for their own organisation only: another organisation's article, report or
document is a 404 in the admin, and cannot be chosen as the author."""

import copy

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts.roles import SCIENCE_PARK_STAFF, ensure_role_groups
from companies.models import OrganisationMembership
from news.models import Article
from tests.factories import (
    ArticleFactory,
    DocumentFactory,
    EventReportFactory,
    OrganisationMembershipFactory,
    ScienceParkFactory,
    UserFactory,
    jpeg_bytes,
)
from tests.shared_world import kept_for_the_module

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


@pytest.fixture(scope="module")
def module_parks(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        ensure_role_groups()
        yield ScienceParkFactory(name="Park A"), ScienceParkFactory(name="Park B")


@pytest.fixture
def parks(module_parks, db):
    return copy.deepcopy(module_parks)


def staff_of(park, *, in_group=True):
    user = UserFactory(is_staff=True)
    if in_group:
        user.groups.add(Group.objects.get(name=SCIENCE_PARK_STAFF))
    OrganisationMembershipFactory(
        user=user, organisation=park, role=OrganisationMembership.Role.STAFF
    )
    return user


@pytest.mark.parametrize(
    ("who", "expected"),
    [("anonymous", 302), ("no_permission", 403), ("other_staff", 404), ("own_staff", 200)],
)
def test_article_change_page_permission_matrix(client, parks, who, expected):
    article = ArticleFactory(organisation=parks[0], title="Article of A")
    if who == "no_permission":
        client.force_login(staff_of(parks[0], in_group=False))
    elif who == "other_staff":
        client.force_login(staff_of(parks[1]))
    elif who == "own_staff":
        client.force_login(staff_of(parks[0]))
    response = client.get(admin_url("news_article_change", article.pk))
    assert response.status_code == expected


def test_staff_list_only_their_organisations_articles(client, parks):
    ArticleFactory(organisation=parks[0], title="Article of A")
    ArticleFactory(organisation=parks[1], title="Article of B")
    client.force_login(staff_of(parks[0]))
    content = client.get(admin_url("news_article_changelist")).content.decode()
    assert "Article of A" in content
    assert "Article of B" not in content


@pytest.mark.parametrize("action", ["change", "delete", "history"])
def test_staff_cannot_open_another_organisations_article(client, parks, action):
    article = ArticleFactory(organisation=parks[1])
    client.force_login(staff_of(parks[0]))
    assert client.get(admin_url(f"news_article_{action}", article.pk)).status_code == 404


def test_staff_cannot_open_another_organisations_report_or_document(client, parks):
    report = EventReportFactory(organisation=parks[1])
    document = DocumentFactory(organisation=parks[1])
    client.force_login(staff_of(parks[0]))
    assert client.get(admin_url("news_eventreport_change", report.pk)).status_code == 404
    assert client.get(admin_url("news_document_change", document.pk)).status_code == 404


def article_data(organisation, **overrides):
    return {
        "title_sv": "Öppningsworkshop",
        "title_en": "Opening workshop",
        "slug": "opening-workshop",
        "summary_sv": "Nätverket träffades för första gången.",
        "summary_en": "The network met for the first time.",
        "body_sv": "<p>Nätverket träffades.</p>",
        "body_en": '<p>Hello <a href="https://example.org">link</a><script>alert(1)</script></p>',
        "language": "sv",
        "organisation": organisation.pk,
        "hero_image_alt": "",
        "status": "published",
        "publish_at_0": "2026-06-01",
        "publish_at_1": "12:00:00",
        **overrides,
    }


def test_staff_publish_for_their_own_organisation_with_sanitised_text(client, parks):
    user = staff_of(parks[0])
    client.force_login(user)
    response = client.post(admin_url("news_article_add"), article_data(parks[0]))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.organisation == parks[0]
    assert article.created_by == user
    assert "<script>" not in article.body
    assert 'rel="noopener noreferrer nofollow"' in article.body


def test_staff_cannot_publish_as_another_organisation(client, parks):
    client.force_login(staff_of(parks[0]))
    response = client.post(admin_url("news_article_add"), article_data(parks[1]))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Article.objects.exists()


def test_a_hero_image_needs_alt_text(client, parks):
    client.force_login(staff_of(parks[0]))
    image = SimpleUploadedFile("hero.jpg", jpeg_bytes(size=(900, 600)), content_type="image/jpeg")
    response = client.post(admin_url("news_article_add"), article_data(parks[0], hero_image=image))
    assert response.status_code == 200
    assert "Describe the image" in response.content.decode()
    image.seek(0)
    response = client.post(
        admin_url("news_article_add"),
        article_data(parks[0], hero_image=image, hero_image_alt="Ten people at a wall"),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.hero_image_thumbnail.name.endswith("-thumb.jpg")
