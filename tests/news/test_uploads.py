"""Uploads through the admin: photos get thumbnails, non-images and oversized files are refused
with a clear message; documents must really be PDF, PPTX or ODP."""

import io
import re
import zipfile

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from accounts.roles import SCIENCE_PARK_STAFF, ensure_role_groups
from companies.models import OrganisationMembership
from news import uploads
from news.models import Document, EventReport, Photo
from tests.factories import (
    MINIMAL_PDF,
    EventFactory,
    OrganisationMembershipFactory,
    ScienceParkFactory,
    UserFactory,
    jpeg_bytes,
)
from web import images

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    ensure_role_groups()
    park = ScienceParkFactory()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=SCIENCE_PARK_STAFF))
    OrganisationMembershipFactory(
        user=user, organisation=park, role=OrganisationMembership.Role.STAFF
    )
    client.force_login(user)
    return park


def image_file(name="photo.jpg", size=(1600, 1200), fmt="JPEG"):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def zip_file(name, entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for entry, data in entries:
            archive.writestr(entry, data)
    return SimpleUploadedFile(name, buffer.getvalue())


def post_report(client, park, *, photos=(), documents=(), status="published"):
    event = EventFactory(hosts=[park])
    data = {
        "event": event.pk,
        "organisation": park.pk,
        "body_sv": "<p>Från dagen.</p>",
        "body_en": "<p>From the day.</p>",
        "status": status,
        "publish_at_0": "2026-06-01",
        "publish_at_1": "12:00:00",
        "photos-TOTAL_FORMS": len(photos),
        "photos-INITIAL_FORMS": 0,
        "photos-MIN_NUM_FORMS": 0,
        "photos-MAX_NUM_FORMS": 1000,
        "documents-TOTAL_FORMS": len(documents),
        "documents-INITIAL_FORMS": 0,
        "documents-MIN_NUM_FORMS": 0,
        "documents-MAX_NUM_FORMS": 1000,
    }
    for index, (upload, alt) in enumerate(photos):
        data[f"photos-{index}-image"] = upload
        data[f"photos-{index}-alt_text"] = alt
        data[f"photos-{index}-order"] = index
    for index, upload in enumerate(documents):
        data[f"documents-{index}-title"] = f"Document {index}"
        data[f"documents-{index}-kind"] = "report"
        data[f"documents-{index}-language"] = "sv"
        data[f"documents-{index}-file"] = upload
    with translation.override("en"):  # English admin, so Django's own messages are English
        url = reverse("admin:news_eventreport_add")
    return client.post(url, data)


def test_uploaded_photos_get_thumbnails(client, staff):
    response = post_report(
        client,
        staff,
        photos=[(image_file("a.jpg"), "Group photo"), (image_file("b.png", fmt="PNG"), "Wall")],
    )
    assert response.status_code == 302, response.context["errors"]
    report = EventReport.objects.get()
    assert report.organisation == staff
    photos = list(report.photos.all())
    assert len(photos) == 2
    for photo in photos:
        with Image.open(photo.thumbnail) as thumbnail:
            assert max(thumbnail.size) == 480
            assert thumbnail.format == "JPEG"
        with Image.open(photo.image) as original:
            assert original.size == (1600, 1200)


def photo_with_exif(orientation=1):
    """A phone photo: where it was taken (GPS), the camera, and its orientation."""
    exif = Image.Exif()
    exif[0x0110] = "Phone X"  # camera model
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (59.0, 51.0, 30.0), 3: "E", 4: (17.0, 38.0, 0.0)}  # GPS
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (200, 30, 30)).save(buffer, format="JPEG", exif=exif)
    return SimpleUploadedFile("phone.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_uploaded_originals_lose_location_and_camera_metadata(client, staff):
    # Orientation 6: the camera held on its side; the stored original is turned upright.
    response = post_report(
        client, staff, photos=[(photo_with_exif(), "Group photo"), (photo_with_exif(6), "Wall")]
    )
    assert response.status_code == 302, response.context["errors"]
    upright, turned = EventReport.objects.get().photos.order_by("order")
    for photo, size in ((upright, (1600, 1200)), (turned, (1200, 1600))):
        with Image.open(photo.image) as original:
            assert original.format == "JPEG"
            assert original.size == size
            assert not original.getexif()
            assert "exif" not in original.info


def test_a_photo_needs_alt_text(client, staff):
    response = post_report(client, staff, photos=[(image_file(), "")])
    assert response.status_code == 200
    assert not EventReport.objects.exists()
    assert "This field is required." in response.content.decode()


def test_a_non_image_is_refused(client, staff):
    fake = SimpleUploadedFile("photo.jpg", b"this is text, not a photo", content_type="image/jpeg")
    response = post_report(client, staff, photos=[(fake, "A photo")])
    assert response.status_code == 200
    assert not Photo.objects.exists()
    assert "Upload a valid image" in response.content.decode()


def test_an_oversized_image_is_refused(client, staff, monkeypatch):
    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 1000)
    response = post_report(client, staff, photos=[(image_file(), "A photo")])
    assert response.status_code == 200
    assert not Photo.objects.exists()
    assert "the largest allowed is" in response.content.decode()


def test_an_image_with_too_many_pixels_is_refused(client, staff, monkeypatch):
    monkeypatch.setattr(images, "MAX_IMAGE_PIXELS", 1_000_000)
    response = post_report(client, staff, photos=[(image_file(size=(1600, 1200)), "A photo")])
    assert response.status_code == 200
    assert not Photo.objects.exists()
    assert "1600 × 1200 pixels" in response.content.decode()


def test_pdf_pptx_and_odp_documents_are_accepted(client, staff):
    pptx = zip_file(
        "slides.pptx", [("[Content_Types].xml", "<Types/>"), ("ppt/presentation.xml", "<p/>")]
    )
    odp = zip_file(
        "slides.odp",
        [("mimetype", "application/vnd.oasis.opendocument.presentation"), ("content.xml", "<x/>")],
    )
    pdf = SimpleUploadedFile("report.pdf", MINIMAL_PDF)
    response = post_report(client, staff, documents=[pdf, pptx, odp])
    assert response.status_code == 302, response.context["errors"]
    documents = Document.objects.order_by("title")
    assert [d.extension for d in documents] == ["PDF", "PPTX", "ODP"]
    assert {d.organisation for d in documents} == {staff}


def test_a_draft_reports_files_cannot_be_found_by_their_names(client, staff):
    """Each file lies in a directory of its own with a random name, so knowing (or guessing)
    "report.pdf" does not lead to a draft's file."""
    response = post_report(
        client,
        staff,
        status="draft",
        photos=[(image_file("a.jpg"), "Group photo")],
        documents=[
            SimpleUploadedFile("report.pdf", MINIMAL_PDF),
            SimpleUploadedFile("report.pdf", MINIMAL_PDF),
        ],
    )
    assert response.status_code == 302, response.context["errors"]
    names = [d.file.name for d in Document.objects.all()]
    names += [name for p in Photo.objects.all() for name in (p.image.name, p.thumbnail.name)]
    pattern = re.compile(r"news/(documents|photos|photos/thumbnails)/\d{4}/\d{2}/[\w-]{16}/[\w.-]+")
    assert all(pattern.fullmatch(name) for name in names), names
    directories = {name.rsplit("/", 2)[1] for name in names}
    assert len(directories) == len(names) == 4
    assert {name.rsplit("/", 1)[1] for name in names[:2]} == {"report.pdf"}


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("report.pdf", b"<html>not a pdf</html>"), "is not a PDF document"),
        (SimpleUploadedFile("slides.pptx", MINIMAL_PDF), "is not a PPTX document"),
        (SimpleUploadedFile("tool.exe", b"MZ\x90\x00"), "Documents must be PDF"),
        (SimpleUploadedFile("photo.jpg", jpeg_bytes()), "Documents must be PDF"),
    ],
)
def test_documents_are_checked_by_content_and_extension(client, staff, upload, message):
    response = post_report(client, staff, documents=[upload])
    assert response.status_code == 200
    assert not Document.objects.exists()
    assert message in response.content.decode()


def test_an_oversized_document_is_refused(client, staff, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_DOCUMENT_BYTES", 10)
    response = post_report(client, staff, documents=[SimpleUploadedFile("r.pdf", MINIMAL_PDF)])
    assert response.status_code == 200
    assert "the largest allowed is" in response.content.decode()


def test_a_truncated_image_is_refused(client, staff):
    data = image_file().read()
    truncated = SimpleUploadedFile("photo.jpg", data[: len(data) // 2], content_type="image/jpeg")
    response = post_report(client, staff, photos=[(truncated, "A photo")])
    assert response.status_code == 200
    assert not Photo.objects.exists()
