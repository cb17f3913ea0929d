from django.apps import AppConfig
from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext_lazy as _

from web.page_cache import bump_event_version, invalidate_narrowly


def bump_pages_a_registration_changes(registration, *, deleted: bool) -> None:
    """A registration changes its event's page (seats left); every list too when it may just
    have filled the event or freed its last seat (the lists show "full")."""
    try:
        event = registration.event
    except ObjectDoesNotExist:  # deleted with its event, whose deletion bumps everything
        return
    fullness_may_have_changed = False
    if event.capacity is not None:
        confirmed = event.registrations.confirmed().count()
        took_a_seat = registration.status == registration.Status.CONFIRMED and not deleted
        fullness_may_have_changed = confirmed == (
            event.capacity if took_a_seat else event.capacity - 1
        )
    bump_event_version(event=event, site_wide=fullness_may_have_changed)


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self):
        # A registration rush must not empty the whole page cache (web/page_cache.py).
        invalidate_narrowly("events.Registration", bump_pages_a_registration_changes)
