"""Checks for uploaded files: the type is read from the content, never from the name.

For any model or form field that takes an upload (organisation logos, news images and
attachments):

    image = models.ImageField(validators=[validate_image_upload], ...)
    attachment = models.FileField(validators=[validate_pdf_upload], ...)

The validators are deconstructible, so they can sit in model fields and migrations; build
your own limits with ImageUploadValidator(max_bytes=..., max_pixels=...).
"""

from __future__ import annotations

import warnings

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MEGABYTE = 1024 * 1024


def _check_size(upload, max_bytes: int) -> None:
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
        )


@deconstructible
class ImageUploadValidator:
    """A JPEG, PNG, WebP or GIF image within a byte and a pixel budget (no SVG: it can carry
    scripts). Pillow reads the header only, so a decompression bomb is refused undecoded."""

    formats = ("JPEG", "PNG", "WEBP", "GIF")

    def __init__(self, max_bytes: int = 5 * MEGABYTE, max_pixels: int = 25_000_000):
        self.max_bytes = max_bytes
        self.max_pixels = max_pixels

    def __call__(self, upload):
        _check_size(upload, self.max_bytes)
        position = upload.tell() if hasattr(upload, "tell") else 0
        try:
            upload.seek(0)
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(upload) as image:
                    image_format = image.format
                    width, height = image.size
                    if width * height > self.max_pixels:
                        raise ValidationError(
                            _(
                                "The image is %(width)s × %(height)s pixels; make it smaller "
                                "than %(limit)s megapixels."
                            ),
                            code="too_many_pixels",
                            params={
                                "width": width,
                                "height": height,
                                "limit": self.max_pixels // 1_000_000,
                            },
                        )
                    image.verify()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValidationError(
                _("The image has too many pixels; make it smaller than %(limit)s megapixels."),
                code="too_many_pixels",
                params={"limit": self.max_pixels // 1_000_000},
            ) from exc
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
        ) as exc:
            raise ValidationError(
                _("This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF."),
                code="invalid_image",
            ) from exc
        finally:
            upload.seek(position)
        if image_format not in self.formats:
            raise ValidationError(
                _("Images must be JPEG, PNG, WebP or GIF."), code="image_format_not_allowed"
            )

    def __eq__(self, other):
        return (
            isinstance(other, ImageUploadValidator)
            and self.max_bytes == other.max_bytes
            and self.max_pixels == other.max_pixels
        )


@deconstructible
class PdfUploadValidator:
    """A PDF document (recognised by its leading %PDF- bytes) within a byte budget."""

    def __init__(self, max_bytes: int = 10 * MEGABYTE):
        self.max_bytes = max_bytes

    def __call__(self, upload):
        _check_size(upload, self.max_bytes)
        position = upload.tell() if hasattr(upload, "tell") else 0
        try:
            upload.seek(0)
            head = upload.read(5)
        finally:
            upload.seek(position)
        # Strict: readers tolerate junk before the header, which is how polyglot files slip in.
        if head != b"%PDF-":
            raise ValidationError(_("Documents must be PDF files."), code="not_a_pdf")

    def __eq__(self, other):
        return isinstance(other, PdfUploadValidator) and self.max_bytes == other.max_bytes


validate_image_upload = ImageUploadValidator()
validate_pdf_upload = PdfUploadValidator()
