"""Upload checks (news/uploads.py, the portal's only uploads) against hostile files: the type is
read from the content, never the name, and a decompression bomb is refused from its header.
tests/news/test_uploads.py covers the ordinary cases through the admin."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from news.uploads import validate_document_upload, validate_image_upload


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    file = SimpleUploadedFile(name, data)
    file._committed = False  # as a model field's fresh upload looks to the validator
    return file


def png_claiming(width: int, height: int) -> SimpleUploadedFile:
    """A few dozen bytes whose header claims a huge picture: a decompression bomb's shape."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")
    return upload("bomb.png", b"\x89PNG\r\n\x1a\n" + body)


def refused(validator, file) -> str:
    with pytest.raises(ValidationError) as caught:
        validator(file)
    return caught.value.code


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("side", [7_000, 12_000, 60_000])
def test_a_decompression_bomb_is_refused_from_its_header(side):
    # Above the portal's pixel limit, above Pillow's warning and above Pillow's error threshold.
    assert refused(validate_image_upload, png_claiming(side, side)) in (
        "image_too_many_pixels",
        "not_an_image",
    )


@pytest.mark.parametrize(
    "data",
    [
        b"<script>alert(1)</script>",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        b"GIF89a<script>alert(1)</script>",
        b"%PDF-1.7 not an image",
    ],
    ids=["html", "svg", "gif-polyglot", "pdf"],
)
def test_files_named_like_images_are_judged_by_their_content(data):
    assert refused(validate_image_upload, upload("photo.jpg", data)) == "not_an_image"


def test_an_image_in_a_format_we_do_not_publish_is_refused():
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, format="BMP")
    assert refused(validate_image_upload, upload("photo.png", buffer.getvalue())) == "image_format"


@pytest.mark.parametrize(
    "data",
    [b"<html><script>alert(1)</script>%PDF-1.7", b"", b"MZ\x90\x00 an executable"],
    ids=["html-polyglot", "empty", "executable"],
)
def test_documents_named_pdf_must_start_like_a_pdf(data):
    assert refused(validate_document_upload, upload("report.pdf", data)) == "document_content"
