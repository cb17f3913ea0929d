"""The demo data holds the news drawn from the facts file, with the opening workshop's gallery."""

import pytest
from django.core.management import call_command
from PIL import Image

from news.models import Article, Document, EventReport, Photo

pytestmark = pytest.mark.django_db


def test_seed_demo_publishes_news_from_the_facts_once(settings, client):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = [Article.objects.count(), Photo.objects.count(), Document.objects.count()]
    call_command("seed_demo")
    assert [Article.objects.count(), Photo.objects.count(), Document.objects.count()] == counts

    titles = set(Article.objects.published().values_list("title_sv", flat=True))
    assert "Nätverket för hållbarhet och cirkularitet i Skaraborg har startat" in titles
    assert any("sydöstra Sverige" in title for title in titles)
    assert "Stockholm blir en Regional Innovation Valley för life science" in titles
    english = set(Article.objects.published().values_list("title_en", flat=True))
    assert "Stockholm becomes a Regional Innovation Valley for life science" in english
    assert Article.objects.exclude(pk__in=Article.objects.published()).count() == 2

    report = EventReport.objects.published().get(event__slug__startswith="opening-workshop")
    photos = list(report.photos.all())
    assert len(photos) == 4
    for photo in photos:
        assert photo.alt_text
        with Image.open(photo.thumbnail) as thumbnail:
            assert max(thumbnail.size) <= 480
    assert report.documents.get().file.read(5) == b"%PDF-"

    page = client.get(report.event.get_absolute_url()).content.decode()
    assert 'class="gallery"' in page
    assert "Workshoprapport" in page
    assert client.get("/news/feed/rss/").status_code == 200
