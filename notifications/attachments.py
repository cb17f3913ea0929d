"""What may be attached to a message from the organisers: judged by content, not by name,
since every recipient's mail program will open it."""

from __future__ import annotations

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

# Extension → how a file of that format starts (zip formats are looked into below).
SIGNATURES = {
    "pdf": b"%PDF-",
    "png": b"\x89PNG\r\n\x1a\n",
    "jpg": b"\xff\xd8\xff",
    "jpeg": b"\xff\xd8\xff",
}
OFFICE_OPEN_XML = {"docx", "xlsx", "pptx"}
OPEN_DOCUMENT = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
EXTENSIONS = sorted({*SIGNATURES, *OFFICE_OPEN_XML, *OPEN_DOCUMENT})


def _is_zip_format(upload, extension: str) -> bool:
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if extension in OFFICE_OPEN_XML:
                return "[Content_Types].xml" in names
            return "mimetype" in names and archive.read("mimetype") == OPEN_DOCUMENT[extension]
    except (zipfile.BadZipFile, OSError, KeyError):
        return False


def validate_attachment(upload) -> None:
    """Refuse a file that is too large, of another kind, or not what its name says."""
    limit = settings.ORGANISER_MESSAGE_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest attachment allowed is %(limit)s."),
            code="attachment_too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        )
    extension = PurePath(upload.name).suffix.lower().lstrip(".")
    if extension not in EXTENSIONS:
        raise ValidationError(
            _("Attach a PDF, a picture (PNG, JPEG) or an office document (%(kinds)s)."),
            code="attachment_kind",
            params={"kinds": ", ".join(sorted({*OFFICE_OPEN_XML, *OPEN_DOCUMENT}))},
        )
    upload.seek(0)
    try:
        if extension in SIGNATURES:
            valid = upload.read(len(SIGNATURES[extension])) == SIGNATURES[extension]
        else:
            valid = _is_zip_format(upload, extension)
    finally:
        upload.seek(0)
    if not valid:
        raise ValidationError(
            _("The file is not the %(kind)s its name says; it may be damaged."),
            code="attachment_content",
            params={"kind": extension.upper()},
        )
