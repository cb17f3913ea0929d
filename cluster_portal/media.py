"""Media files no record points at: found by walking the storage and every file field.

A record's own files are deleted when it is deleted or its file replaced (django-cleanup, after
the transaction commits); this sweep removes what is left by anything else, such as a crash
between writing a file and saving its record. Files younger than the grace period are left
alone, since their record may be about to be saved.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone

GRACE = datetime.timedelta(hours=24)


def referenced_names() -> set[str]:
    """Every file name a file field of any model holds."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names.update(
                    model._default_manager.exclude(**{field.name: ""})
                    .exclude(**{f"{field.name}__isnull": True})
                    .values_list(field.name, flat=True)
                )
    return names


def stored_names(path: str = ""):
    directories, files = default_storage.listdir(path)
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from stored_names(f"{path}/{directory}" if path else directory)


def orphaned_media(*, now: datetime.datetime | None = None, grace=GRACE) -> list[str]:
    """Stored files older than `grace` that no record points at, sorted."""
    if not default_storage.exists(""):
        return []
    cutoff = (now or timezone.now()) - grace
    referenced = referenced_names()
    return sorted(
        name
        for name in stored_names()
        if name not in referenced and default_storage.get_modified_time(name) < cutoff
    )


def sweep_orphaned_media(*, dry_run: bool = False, now=None, grace=GRACE) -> list[str]:
    """Delete (or with `dry_run` only list) the orphaned media files; returns their names."""
    orphans = orphaned_media(now=now, grace=grace)
    if not dry_run:
        for name in orphans:
            default_storage.delete(name)
    return orphans
