"""Checks on uploaded images, the thumbnails made from them and their copies without metadata,
for every app that takes an image (news photos, organisation logos, event images).

An upload is judged by its content, not its name: it must open and verify in Pillow within a
byte and a pixel limit, in one of the formats a browser shows.
"""

from __future__ import annotations

import io
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_IMAGE_BYTES = 10 * 1024 * 1024
# 40 megapixels: more than any camera photo from a workshop, far below a decompression bomb.
MAX_IMAGE_PIXELS = 40_000_000
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}
THUMBNAIL_SIZE = (480, 480)


def is_new_upload(value) -> bool:
    """True for a file just uploaded; a file already in storage was checked when it came."""
    return bool(value) and not getattr(value, "_committed", True)


def validate_image_upload(value) -> None:
    if not is_new_upload(value):
        return
    if value.size > MAX_IMAGE_BYTES:
        raise ValidationError(
            _("The image is %(size)s; the largest allowed is %(limit)s."),
            code="image_too_large",
            params={
                "size": filesizeformat(value.size),
                "limit": filesizeformat(MAX_IMAGE_BYTES),
            },
        )
    try:
        value.seek(0)
        with Image.open(value) as image:
            width, height = image.size
            kind = image.format
            if width * height > MAX_IMAGE_PIXELS:
                raise ValidationError(
                    _(
                        "The image is %(width)s × %(height)s pixels; the most allowed is "
                        "%(limit)s million pixels. Please scale it down."
                    ),
                    code="image_too_many_pixels",
                    params={
                        "width": width,
                        "height": height,
                        "limit": MAX_IMAGE_PIXELS // 1_000_000,
                    },
                )
            image.verify()
        # verify() checks the structure only; decoding the whole image once more catches
        # truncated data and modes we cannot turn into a thumbnail, before anything is saved.
        make_thumbnail(value)
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG or WebP photo."),
            code="not_an_image",
        ) from None
    finally:
        value.seek(0)
    if kind not in IMAGE_FORMATS:
        raise ValidationError(
            _("Images must be JPEG, PNG or WebP; this one is %(format)s."),
            code="image_format",
            params={"format": kind},
        )


def make_thumbnail(value) -> ContentFile:
    """A JPEG at most THUMBNAIL_SIZE, turned upright by its EXIF orientation."""
    value.seek(0)
    with Image.open(value) as image:
        image = ImageOps.exif_transpose(image)
        image.thumbnail(THUMBNAIL_SIZE)
        if image.mode != "RGB":
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=85, optimize=True)
    value.seek(0)
    stem = PurePath(value.name).stem or "image"
    return ContentFile(buffer.getvalue(), name=f"{stem}-thumb.jpg")


# Pillow's save() keyword per format for a re-encoded original; JPEG keeps its quantisation
# tables when the pixels were not turned, so an upright photo loses no quality.
REENCODE_OPTIONS = {
    "JPEG": {"quality": 90, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 90},
}


def without_metadata(value) -> ContentFile:
    """The uploaded image again with its EXIF, XMP and text metadata left out (a phone photo
    carries where and when it was taken, and with what), turned upright by its EXIF
    orientation; colour profile, format and size stay."""
    value.seek(0)
    with Image.open(value) as image:
        kind = image.format
        options = dict(REENCODE_OPTIONS.get(kind, {}))
        icc_profile = image.info.get("icc_profile")
        upright = ImageOps.exif_transpose(image)
        if kind == "JPEG" and upright is image:
            options["quality"] = "keep"
        if icc_profile:
            options["icc_profile"] = icc_profile
        buffer = io.BytesIO()
        # No exif= and no pnginfo=: Pillow writes neither unless asked.
        upright.save(buffer, format=kind, **options)
    value.seek(0)
    return ContentFile(buffer.getvalue(), name=PurePath(value.name).name)
