"""The one rule that writes the de minimis ledger: an attended participation, for a company,
in an event whose participation is de minimis aid has exactly one entry, dated at the event;
any other participation has none."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from companies.models import Organisation
from events.models import Event, Registration

from .models import DeMinimisEntry


def counts_as_aid(registration: Registration) -> bool:
    event = registration.event
    return bool(
        event.is_de_minimis_aid
        and registration.status == Registration.Status.CONFIRMED
        and registration.attended
        and registration.organisation_id
        and registration.organisation.kind == Organisation.Kind.COMPANY
    )


def record_participation(registration: Registration) -> DeMinimisEntry | None:
    """Write, update or remove the registration's ledger entry; returns the entry if any."""
    if not counts_as_aid(registration):
        DeMinimisEntry.objects.filter(registration_id=registration.pk).delete()
        return None
    event = registration.event
    project = event.aid_granting_project
    entry = DeMinimisEntry.objects.filter(registration_id=registration.pk).first()
    if entry is None:
        # The rate of the day the entry is first written stays with it.
        entry = DeMinimisEntry(
            registration=registration, sek_per_eur=Decimal(str(settings.SEK_PER_EUR))
        )
    entry.organisation_id = registration.organisation_id
    entry.event = event
    entry.project = project
    entry.granting_body = project.owner.name
    entry.granted_on = timezone.localdate(event.starts_at)
    entry.aid_sek = event.de_minimis_aid_sek
    entry.valuation = event.aid_valuation
    entry.save()
    return entry


def record_event(event: Event) -> int:
    """Bring every ledger entry of an event in line with its aid marking (after staff marked
    or changed it); returns how many entries it has."""
    if not event.is_de_minimis_aid:
        DeMinimisEntry.objects.filter(event=event).delete()
        return 0
    attended = event.registrations.attended().select_related("organisation")
    DeMinimisEntry.objects.filter(event=event).exclude(
        registration__in=attended.values("pk")
    ).delete()
    count = 0
    for registration in attended:
        registration.event = event
        count += record_participation(registration) is not None
    return count
