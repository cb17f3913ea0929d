import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from companies.validators import (
    ImageUploadValidator,
    PdfUploadValidator,
    validate_image_upload,
    validate_pdf_upload,
)


def image_file(fmt="PNG", size=(40, 30), name="logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "teal").save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


def error_code(validator, upload) -> str:
    with pytest.raises(ValidationError) as caught:
        validator(upload)
    return caught.value.code


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP", "GIF"])
def test_real_images_pass_and_the_file_can_be_read_again(fmt):
    upload = image_file(fmt)
    validate_image_upload(upload)
    assert upload.read(4)  # the validator leaves the file where it found it


def test_type_comes_from_the_content_not_the_name():
    script = SimpleUploadedFile("logo.png", b"<script>alert(1)</script>")
    assert error_code(validate_image_upload, script) == "invalid_image"
    svg = SimpleUploadedFile("logo.png", b'<svg xmlns="http://www.w3.org/2000/svg" onload="x()"/>')
    assert error_code(validate_image_upload, svg) == "invalid_image"
    assert error_code(validate_image_upload, image_file("BMP", name="x.png")) == (
        "image_format_not_allowed"
    )


def test_images_over_the_byte_limit_are_refused():
    assert error_code(ImageUploadValidator(max_bytes=10), image_file()) == "file_too_large"


def test_images_over_the_pixel_limit_are_refused_without_decoding():
    validator = ImageUploadValidator(max_pixels=1000)
    assert error_code(validator, image_file(size=(40, 30))) == "too_many_pixels"
    validator(image_file(size=(30, 30)))


def png_claiming(width: int, height: int) -> SimpleUploadedFile:
    """A few dozen bytes whose header claims a huge picture (a decompression bomb's shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b""))
    return SimpleUploadedFile("bomb.png", data + chunk(b"IEND", b""))


@pytest.mark.parametrize("side", [6_000, 12_000, 60_000])
def test_a_decompression_bomb_is_refused_from_its_header(side):
    # Below, at and far above Pillow's own bomb thresholds: always our clear message.
    assert error_code(validate_image_upload, png_claiming(side, side)) == "too_many_pixels"


def test_truncated_image_is_refused():
    data = image_file("PNG").read()
    truncated = SimpleUploadedFile("cut.png", data[: len(data) // 2])
    assert error_code(validate_image_upload, truncated) == "invalid_image"


def test_pdf_is_recognised_by_its_magic_bytes():
    validate_pdf_upload(SimpleUploadedFile("report.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj\n"))
    html = SimpleUploadedFile("report.pdf", b"<html><script>alert(1)</script>%PDF-1.7")
    assert error_code(validate_pdf_upload, html) == "not_a_pdf"
    assert error_code(validate_pdf_upload, SimpleUploadedFile("e.pdf", b"")) == "not_a_pdf"
    too_big = SimpleUploadedFile("big.pdf", b"%PDF-1.7" + b"0" * 200)
    assert error_code(PdfUploadValidator(max_bytes=100), too_big) == "file_too_large"


def test_validators_are_deconstructible_for_model_fields():
    path, _args, kwargs = ImageUploadValidator(max_pixels=10).deconstruct()
    assert path == "companies.validators.ImageUploadValidator"
    assert kwargs == {"max_pixels": 10}
    assert ImageUploadValidator(max_pixels=10) == ImageUploadValidator(max_pixels=10)
