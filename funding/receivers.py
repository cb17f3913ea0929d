"""The ledger follows attendance on every path that records it (the admin's action and change
form, the door check-in, the QR code, walk-ins, a plain model save), so it listens to the
model's own saves rather than to one service."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from events.models import Event, Registration

from .ledger import record_event, record_participation

# The registration fields that decide whether a participation is aid.
DECIDING_FIELDS = {"attended", "status", "organisation", "organisation_id", "event", "event_id"}
EVENT_FIELDS = {
    "de_minimis_aid_sek",
    "aid_valuation",
    "aid_granting_project",
    "aid_granting_project_id",
    "starts_at",
}


@receiver(post_save, sender=Registration, dispatch_uid="funding_registration_ledger")
def registration_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if created and not instance.attended:
        return  # a new registration without attendance has no entry to write or remove
    if update_fields is not None and not DECIDING_FIELDS & set(update_fields):
        return
    record_participation(instance)


@receiver(post_save, sender=Event, dispatch_uid="funding_event_ledger")
def event_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or (created and not instance.is_de_minimis_aid):
        return
    if update_fields is not None and not EVENT_FIELDS & set(update_fields):
        return
    record_event(instance)
