"""The notifications app listens to what the events and networks apps announce and records the
messages people must get (connected in NotificationsConfig.ready)."""

from django.dispatch import receiver

from events import signals as event_signals
from networks import signals as network_signals

from . import services


@receiver(event_signals.registration_recorded)
def registration_recorded(sender, *, registration, **kwargs):
    return services.notify_registration_recorded(registration=registration)


@receiver(event_signals.registration_promoted)
def registration_promoted(sender, *, registration, **kwargs):
    return services.notify_promoted(registration=registration)


@receiver(event_signals.registration_cancelled)
def registration_cancelled(sender, *, registration, **kwargs):
    return services.notify_registration_cancelled(registration=registration)


@receiver(event_signals.event_cancelled)
def event_cancelled(sender, *, event, **kwargs):
    return services.notify_event_cancelled(event=event)


@receiver(event_signals.event_changed)
def event_changed(sender, *, event, changed_fields, **kwargs):
    return services.notify_event_changed(event=event, changed_fields=changed_fields)


@receiver(event_signals.certificate_resend_requested)
def certificate_resend_requested(sender, *, registration, resend_at, **kwargs):
    return services.notify_attendance_certificate(registration=registration, resend_at=resend_at)


@receiver(event_signals.cohost_invited)
def cohost_invited(sender, *, invitation, **kwargs):
    return services.notify_cohost_invited(invitation=invitation)


@receiver(event_signals.seat_offered)
def seat_offered(sender, *, registration, **kwargs):
    return services.notify_seat_offered(registration=registration)


@receiver(event_signals.seat_offer_expired)
def seat_offer_expired(sender, *, registration, **kwargs):
    return services.notify_seat_offer_expired(registration=registration)


@receiver(event_signals.colleague_registered)
def colleague_registered(sender, *, registration, registered_by, new_account, **kwargs):
    return services.notify_colleague_registered(
        registration=registration, registered_by=registered_by, new_account=new_account
    )


@receiver(event_signals.registration_transferred)
def registration_transferred(sender, *, registration, previous_user, **kwargs):
    return services.notify_registration_transferred(
        registration=registration, previous_user=previous_user
    )


@receiver(network_signals.membership_requested)
def membership_requested(sender, *, membership, **kwargs):
    return services.notify_membership_requested(membership=membership)


@receiver(network_signals.membership_decided)
def membership_decided(sender, *, membership, **kwargs):
    return services.notify_membership_decided(membership=membership)
