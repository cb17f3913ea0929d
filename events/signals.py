"""What the events app announces to the apps above it.

`events.services` sends these inside the write's transaction, after the change; the
notifications app subscribes (notifications/receivers.py) and records its outbox rows in that
same transaction, so a message exists exactly when the change does. The events app never
imports the apps that listen.
"""

from django.dispatch import Signal

# Each with `registration`: a new registration (confirmed or waitlisted), a seat given to
# someone from the waiting list, a registration cancelled.
registration_recorded = Signal()
registration_promoted = Signal()
registration_cancelled = Signal()
# With `event`: the event was cancelled.
event_cancelled = Signal()
# With `event` and `changed_fields`: its time or place changed and staff announce it. Each
# receiver answers with the messages it recorded.
event_changed = Signal()
# With `registration` and `resend_at`: staff ask for an attended person's certificate of
# attendance to be emailed again. Each receiver answers with the message it recorded, or None.
certificate_resend_requested = Signal()
# With `invitation`: an organisation was invited to co-host an event; its staff must decide.
cohost_invited = Signal()
# With `registration`: a free seat is offered to the first on the waiting list until
# `registration.offer_expires_at`; an offer ran out unanswered (the registration is cancelled).
seat_offered = Signal()
seat_offer_expired = Signal()
# With `registration` and `registered_by`: a company admin registered a colleague (and with
# `new_account`: the account was made for them by that registration).
colleague_registered = Signal()
# With `registration` and `previous_user`: a registration passed to a colleague.
registration_transferred = Signal()
