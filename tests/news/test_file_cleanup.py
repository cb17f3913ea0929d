"""A deleted document or a replaced photo leaves no file behind at its old URL (nginx serves
/media/ directly), and a sweep removes files that no record points at."""

import datetime
import os

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from cluster_portal.settings import CELERY_BEAT_SCHEDULE
from news.models import Article, Document, Photo
from tests.factories import DocumentFactory, PhotoFactory

from .test_admin_scope import article_data
from .test_uploads import image_file, staff  # noqa: F401 (the logged-in staff fixture)

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    with translation.override("en"):
        return reverse(f"admin:{name}", args=args)


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Runs a request and what waits for its transaction to commit, as a server would."""

    def run(call, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return call(*args, **kwargs)

    return run


def test_deleting_a_document_in_the_admin_deletes_its_file(client, staff, committing):  # noqa: F811
    document = DocumentFactory(organisation=staff)
    name = document.file.name
    assert default_storage.exists(name)
    response = committing(
        client.post, admin_url("news_document_delete", document.pk), {"post": "yes"}
    )
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert not default_storage.exists(name)


def test_deleting_documents_in_bulk_deletes_their_files(client, staff, committing):  # noqa: F811
    documents = [DocumentFactory(organisation=staff) for _ in range(2)]
    kept = DocumentFactory(organisation=staff)
    response = committing(
        client.post,
        admin_url("news_document_changelist"),
        {"action": "delete_selected", "_selected_action": [d.pk for d in documents], "post": "yes"},
    )
    assert response.status_code == 302
    assert not any(default_storage.exists(d.file.name) for d in documents)
    assert default_storage.exists(kept.file.name)


def test_replacing_a_photo_in_the_admin_deletes_the_old_image_and_thumbnail(
    client,
    staff,  # noqa: F811
    committing,
):
    photo = PhotoFactory(report__event__hosts=[staff], report__organisation=staff)
    photo.thumbnail.save("old-thumb.jpg", ContentFile(b"thumb"))
    old_image, old_thumbnail = photo.image.name, photo.thumbnail.name
    report = photo.report
    data = {
        "event": report.event.pk,
        "organisation": staff.pk,
        "body": report.body,
        "status": report.status,
        "publish_at_0": "2026-06-01",
        "publish_at_1": "12:00:00",
        "photos-TOTAL_FORMS": 1,
        "photos-INITIAL_FORMS": 1,
        "photos-0-id": photo.pk,
        "photos-0-report": report.pk,
        "photos-0-image": image_file("new.jpg"),
        "photos-0-alt_text": photo.alt_text,
        "photos-0-order": 0,
        "documents-TOTAL_FORMS": 0,
        "documents-INITIAL_FORMS": 0,
    }
    response = committing(client.post, admin_url("news_eventreport_change", report.pk), data)
    assert response.status_code == 302, response.context["errors"]
    photo.refresh_from_db()
    assert photo.image.name != old_image
    assert default_storage.exists(photo.image.name)
    assert default_storage.exists(photo.thumbnail.name)
    assert not default_storage.exists(old_image)
    assert not default_storage.exists(old_thumbnail)


def test_deleting_a_report_deletes_its_photos_files(client, staff, committing):  # noqa: F811
    photo = PhotoFactory(report__event__hosts=[staff], report__organisation=staff)
    name = photo.image.name
    committing(client.post, admin_url("news_eventreport_delete", photo.report.pk), {"post": "yes"})
    assert not Photo.objects.exists()
    assert not default_storage.exists(name)


def test_replacing_an_articles_hero_image_deletes_the_old_one(client, staff, committing):  # noqa: F811
    response = committing(
        client.post,
        admin_url("news_article_add"),
        article_data(staff, hero_image=image_file("first.jpg"), hero_image_alt="First"),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    old = [article.hero_image.name, article.hero_image_thumbnail.name]
    assert all(default_storage.exists(name) for name in old)
    response = committing(
        client.post,
        admin_url("news_article_change", article.pk),
        article_data(staff, hero_image=image_file("second.jpg"), hero_image_alt="Second"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert default_storage.exists(article.hero_image.name)
    assert not any(default_storage.exists(name) for name in old)


def test_a_rolled_back_delete_keeps_the_file(staff):  # noqa: F811
    """Files go only once the deletion is committed (no capture: the test's transaction never
    commits)."""
    document = DocumentFactory(organisation=staff)
    document.delete()
    assert default_storage.exists(document.file.name)


def age(name, days):
    moment = (timezone.now() - datetime.timedelta(days=days)).timestamp()
    os.utime(default_storage.path(name), (moment, moment))


def test_the_sweep_deletes_old_orphans_and_keeps_what_records_use(capsys):
    document = DocumentFactory()
    orphan = default_storage.save("news/documents/lost.pdf", ContentFile(b"%PDF-1.4"))
    fresh = default_storage.save("news/documents/uploading.pdf", ContentFile(b"%PDF-1.4"))
    for name in (document.file.name, orphan):
        age(name, days=3)

    call_command("sweep_orphaned_media", "--dry-run")
    out = capsys.readouterr().out
    assert orphan in out
    assert "Would delete 1 orphaned media files." in out
    assert default_storage.exists(orphan)

    call_command("sweep_orphaned_media")
    assert "Deleted 1 orphaned media files." in capsys.readouterr().out
    assert not default_storage.exists(orphan)
    assert default_storage.exists(fresh)  # may be a record's file about to be saved
    assert default_storage.exists(document.file.name)


def test_the_sweep_runs_every_night_in_celery_beat():
    from cluster_portal.tasks import sweep_orphaned_media

    entry = CELERY_BEAT_SCHEDULE["sweep-orphaned-media"]
    assert entry["task"] == sweep_orphaned_media.name
    assert sweep_orphaned_media.delay().get() == 0
