"""Checks on uploaded documents, and where news files go.

An upload is judged by its content, not its name: documents must carry the signature of the
format their extension claims. Images are checked by web.images.
"""

from __future__ import annotations

import secrets
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from web import images
from web.images import is_new_upload

MAX_DOCUMENT_BYTES = 25 * 1024 * 1024
ODP_MIMETYPE = b"application/vnd.oasis.opendocument.presentation"
DOCUMENT_EXTENSIONS = {"pdf", "pptx", "odp"}


@deconstructible
class UnguessablePath:
    """upload_to for files of pieces that may still be drafts: the address holds a random
    directory, so a file cannot be found by guessing its name before the piece is published."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        month = timezone.localdate().strftime("%Y/%m")
        return f"{self.prefix}/{month}/{secrets.token_urlsafe(12)}/{PurePath(filename).name}"

    def __eq__(self, other):
        return isinstance(other, UnguessablePath) and other.prefix == self.prefix


def validate_image_upload(value) -> None:
    # The check itself lives in web.images, shared with logos; this name stays because the
    # news migrations refer to it.
    images.validate_image_upload(value)


def _is_pdf(value) -> bool:
    return value.read(5) == b"%PDF-"


def _zip_names(value) -> list[str] | None:
    if value.read(4) != b"PK\x03\x04":
        return None
    value.seek(0)
    try:
        with zipfile.ZipFile(value) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _is_pptx(value) -> bool:
    names = _zip_names(value)
    return bool(names) and "[Content_Types].xml" in names and "ppt/presentation.xml" in names


def _is_odp(value) -> bool:
    names = _zip_names(value)
    if not names or names[0] != "mimetype":
        return False
    value.seek(0)
    with zipfile.ZipFile(value) as archive:
        return archive.read("mimetype").strip() == ODP_MIMETYPE


SIGNATURE_CHECKS = {"pdf": _is_pdf, "pptx": _is_pptx, "odp": _is_odp}


def validate_document_upload(value) -> None:
    if not is_new_upload(value):
        return
    extension = PurePath(value.name).suffix.lower().lstrip(".")
    if extension not in DOCUMENT_EXTENSIONS:
        raise ValidationError(
            _("Documents must be PDF, PowerPoint (.pptx) or OpenDocument slides (.odp)."),
            code="document_extension",
        )
    if value.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The document is %(size)s; the largest allowed is %(limit)s."),
            code="document_too_large",
            params={
                "size": filesizeformat(value.size),
                "limit": filesizeformat(MAX_DOCUMENT_BYTES),
            },
        )
    try:
        value.seek(0)
        matches = SIGNATURE_CHECKS[extension](value)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        matches = False
    finally:
        value.seek(0)
    if not matches:
        raise ValidationError(
            _("The file's content is not a %(kind)s document, although its name ends in .%(ext)s."),
            code="document_content",
            params={"kind": extension.upper(), "ext": extension},
        )
