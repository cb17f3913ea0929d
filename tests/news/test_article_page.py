"""The article page: sanitised text, sharing metadata and plain share links."""

import re

import pytest
from django.urls import reverse

from news.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_article_text_is_sanitised_on_the_page(client):
    article = ArticleFactory(
        body=(
            '<p onclick="steal()">Hello <a href="javascript:alert(1)">bad</a> '
            '<a href="https://example.org/report">good</a></p><script>alert(1)</script>'
            '<img src="x" onerror="alert(1)"><h2 style="color:red">Heading</h2>'
        )
    )
    content = client.get(article.get_absolute_url()).content.decode()
    prose = content.split('<div class="prose">', 1)[1].split("</div>", 1)[0]
    assert "onclick" not in prose
    assert "javascript:" not in prose
    assert "<script" not in prose
    assert "<img" not in prose
    assert "style=" not in prose
    assert (
        '<a href="https://example.org/report" rel="noopener noreferrer nofollow">good</a>' in prose
    )
    assert "<h2>Heading</h2>" in prose


def test_plain_text_becomes_paragraphs(client):
    article = ArticleFactory(body="First paragraph.\n\nSecond line\nand more & more.")
    content = client.get(article.get_absolute_url()).content.decode()
    assert "<p>First paragraph.</p>" in content
    assert "<p>Second line<br>and more &amp; more.</p>" in content


def test_article_page_has_open_graph_twitter_meta_and_share_links(client):
    article = ArticleFactory(title="Opening workshop", slug="opening", summary="We met.")
    content = client.get(reverse("news:detail", args=["opening"])).content.decode()
    url = "http://testserver/news/opening/"
    assert f'<meta property="og:url" content="{url}">' in content
    assert '<meta property="og:title" content="Opening workshop">' in content
    assert '<meta property="og:description" content="We met.">' in content
    assert '<meta name="twitter:card" content="summary">' in content
    encoded = "http%3A%2F%2Ftestserver%2Fnews%2Fopening%2F"
    assert f"https://www.linkedin.com/sharing/share-offsite/?url={encoded}" in content
    assert f"https://www.facebook.com/sharer/sharer.php?u={encoded}" in content
    assert f"mailto:?subject=Opening%20workshop&amp;body={encoded}" in content
    # Sharing needs no third-party scripts: every script the page loads is our own static file.
    script_sources = re.findall(r"<script\b[^>]*>", content)
    assert script_sources
    assert all('src="/static/' in tag for tag in script_sources)
    assert article.get_absolute_url() == "/news/opening/"


def test_english_url_prefix_serves_the_article_too(client):
    ArticleFactory(slug="opening")
    Article.objects.filter(slug="opening").update(
        title_sv="Öppningen", summary_sv="Kort.", body_sv="<p>Text.</p>",
        title_en=None, summary_en=None, body_en=None,
    )  # fmt: skip
    response = client.get("/en/news/opening/")
    assert response.status_code == 200
    # Written only in Swedish: the English page shows it, marked Swedish.
    assert b'<article class="news-article" lang="sv">' in response.content
    assert b'<article class="news-article">' in client.get("/news/opening/").content
