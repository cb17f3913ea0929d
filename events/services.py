"""Multi-step writes on registrations: the capacity rule lives here, under a row lock."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from companies.models import Organisation
from companies.services import Refused

from . import signals
from .models import CheckInLog, CoHostInvitation, Event, Registration


class RegistrationRefused(Refused):
    """A registration change that the event's rules do not allow."""


def _lock_event(event: Event) -> Event:
    # Every write that can change the number of confirmed seats takes this lock first, so two
    # requests cannot both see the last free seat.
    return Event.objects.select_for_update().get(pk=event.pk)


def seats_taken(event: Event) -> int:
    return event.registrations.confirmed().count()


def register_for_event(
    *, event: Event, user, organisation: Organisation | None = None
) -> Registration:
    """Register the user (for an organisation they represent); waitlist them when full."""
    with transaction.atomic():
        event = _lock_event(event)
        reason = event.registration_refusal()
        if reason:
            raise RegistrationRefused(reason)
        if organisation is None:
            if not event.allows_private_persons:
                raise RegistrationRefused(_("Choose the organisation you represent."))
        elif not organisation.is_represented_by(user):
            raise RegistrationRefused(
                _("You can only register on behalf of your own organisation.")
            )
        elif (
            event.is_de_minimis_aid
            and organisation.kind == Organisation.Kind.COMPANY
            and not organisation.de_minimis_statements.current(timezone.now()).exists()
        ):
            raise RegistrationRefused(
                _(
                    "Taking part is de minimis aid: your company's administrator must first "
                    "confirm the other de minimis aid your company received in the last three "
                    "years."
                )
            )
        if event.registrations.live().filter(user=user).exists():
            raise RegistrationRefused(_("You are already registered for this event."))
        has_seat = event.capacity is None or seats_taken(event) < event.capacity
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    user=user,
                    organisation=organisation,
                    status=(
                        Registration.Status.CONFIRMED
                        if has_seat
                        else Registration.Status.WAITLISTED
                    ),
                )
        except IntegrityError as exc:
            raise RegistrationRefused(_("You are already registered for this event.")) from exc
        signals.registration_recorded.send(sender=Registration, registration=registration)
        return registration


def promote_waitlist(*, event: Event) -> list[Registration]:
    """Give free seats to the waiting list in the order people joined it."""
    with transaction.atomic():
        event = _lock_event(event)
        waiting = event.registrations.waitlist_order()
        if event.capacity is not None:
            free = max(event.capacity - seats_taken(event), 0)
            waiting = waiting[:free]
        promoted = list(waiting)
        now = timezone.now()
        for registration in promoted:
            registration.status = Registration.Status.CONFIRMED
            registration.promoted_at = now
            registration.save(update_fields=["status", "promoted_at", "updated_at"])
            signals.registration_promoted.send(sender=Registration, registration=registration)
        return promoted


def promote_registration(*, registration: Registration) -> Registration:
    """Promote one waitlisted person ahead of the queue (staff only); never past capacity."""
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.WAITLISTED:
            raise RegistrationRefused(_("Only registrations on the waiting list can be promoted."))
        if event.capacity is not None and seats_taken(event) >= event.capacity:
            raise RegistrationRefused(
                _("The event is full: raise the capacity or cancel a seat first.")
            )
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.save(update_fields=["status", "promoted_at", "updated_at"])
        signals.registration_promoted.send(sender=Registration, registration=registration)
        return registration


def cancel_registration(*, registration: Registration) -> Registration:
    """Cancel a registration; a freed seat goes to the first on the waiting list at once."""
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        freed_a_seat = registration.status == Registration.Status.CONFIRMED
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.attended = None
        registration.checked_in_at = None
        registration.save(
            update_fields=["status", "cancelled_at", "attended", "checked_in_at", "updated_at"]
        )
        signals.registration_cancelled.send(sender=Registration, registration=registration)
        if freed_a_seat and not event.is_past:
            promote_waitlist(event=event)
        return registration


class AttendanceRefused(RegistrationRefused):
    """Attendance that the event's attendance window (or the registration's status) refuses."""


def record_attendance(
    *, registration: Registration, attended: bool | None, by, source: str, now=None
) -> Registration:
    """Check a participant in (True), record them absent (False) or clear either (None), and
    log who did it from which page. Repeating the same change changes and logs nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event")
            .get(pk=registration.pk)
        )
        if attended is not None:
            if registration.status != Registration.Status.CONFIRMED:
                raise AttendanceRefused(_("Only confirmed registrations can attend."))
            refusal = registration.event.attendance_refusal(now)
            if refusal:
                raise AttendanceRefused(refusal)
        if registration.attended == attended:
            return registration
        registration.attended = attended
        registration.checked_in_at = now if attended else None
        registration.save(update_fields=["attended", "checked_in_at", "updated_at"])
        action = {
            True: CheckInLog.Action.CHECKED_IN,
            False: CheckInLog.Action.ABSENT,
            None: CheckInLog.Action.UNDONE,
        }[attended]
        CheckInLog.objects.create(
            event=registration.event,
            registration=registration,
            action=action,
            source=source,
            recorded_by=by,
            recorded_at=now,
        )
        return registration


def mark_attendance(
    *, registrations, attended: bool, at=None, by=None, source=CheckInLog.Source.ADMIN_ACTION
) -> int:
    """Record attendance for several registrations; those the rules refuse are left as they
    were. Returns how many changed."""
    changed = 0
    for registration in registrations:
        before = registration.attended
        try:
            after = record_attendance(
                registration=registration, attended=attended, by=by, source=source, now=at
            )
        except AttendanceRefused:
            continue
        changed += after.attended != before
    return changed


def register_walk_in(
    *,
    event: Event,
    email: str,
    first_name: str,
    last_name: str,
    organisation: Organisation | None,
    by,
    source: str = CheckInLog.Source.WALK_IN,
) -> Registration:
    """Register a person who turns up at the door and check them in, on the capacity rule:
    a seat is needed (a walk-in never waits), and the attendance window must be open."""
    with transaction.atomic():
        event = _lock_event(event)
        refusal = event.attendance_refusal(timezone.now())
        if refusal:
            raise AttendanceRefused(refusal)
        if organisation is None and not event.allows_private_persons:
            raise RegistrationRefused(
                _("This event is for people representing an organisation: choose one.")
            )
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name)
        registration = event.registrations.live().filter(user=user).first()
        if registration is None:
            if event.capacity is not None and seats_taken(event) >= event.capacity:
                raise RegistrationRefused(
                    _("The event is full: cancel a no-show's seat or raise the capacity first.")
                )
            registration = Registration.objects.create(
                event=event, user=user, organisation=organisation
            )
            signals.registration_recorded.send(sender=Registration, registration=registration)
        elif registration.status != Registration.Status.CONFIRMED:
            raise RegistrationRefused(
                _("%(person)s is on the waiting list: promote them in the admin first.")
                % {"person": user.display_name}
            )
        return record_attendance(registration=registration, attended=True, by=by, source=source)


def cancel_event(*, event: Event) -> Event:
    """Cancel an event; registrations stay as they are so that people can be told."""
    with transaction.atomic():
        event = _lock_event(event)
        if event.status != Event.Status.CANCELLED:
            event.status = Event.Status.CANCELLED
            event.save(update_fields=["status", "updated_at"])
            signals.event_cancelled.send(sender=Event, event=event)
        return event


# Fields whose change registrants must hear about.
SCHEDULE_FIELDS = (
    "starts_at",
    "ends_at",
    "format",
    "venue_name",
    "address",
    "city",
    "online_url",
)


def changed_schedule_fields(before: Event, after: Event) -> list[str]:
    return [name for name in SCHEDULE_FIELDS if getattr(before, name) != getattr(after, name)]


def announce_event_change(*, event: Event, changed_fields: list[str]) -> list:
    """Tell everyone registered or waiting that the event's time or place changed; returns
    the messages recorded."""
    with transaction.atomic():
        answers = signals.event_changed.send(
            sender=Event, event=event, changed_fields=changed_fields
        )
    return [message for _receiver, messages in answers for message in messages]


def _unused_slug(base: str) -> str:
    slug, n = base[:190], 2
    while Event.objects.filter(slug=slug).exists():
        slug = f"{base[:190]}-{n}"
        n += 1
    return slug


def duplicate_event(*, event: Event, starts_at) -> Event:
    """Copy an event as a draft for a follow-up meeting: hosts, projects, programme and
    speakers come along, registrations do not; the registration window keeps its offset."""
    shift = starts_at - event.starts_at
    with transaction.atomic():
        copy = Event.objects.get(pk=event.pk)
        copy.pk = copy.id = None
        copy._state.adding = True
        copy.slug = _unused_slug(f"{event.slug}-{timezone.localtime(starts_at).date().isoformat()}")
        copy.status = Event.Status.DRAFT
        copy.starts_at = starts_at
        copy.ends_at = event.ends_at + shift
        if event.registration_opens_at:
            copy.registration_opens_at = event.registration_opens_at + shift
        if event.registration_closes_at:
            copy.registration_closes_at = event.registration_closes_at + shift
        copy.save()
        copy.hosts.set(event.hosts.all())
        copy.projects.set(event.projects.all())
        copy.thematic_areas.set(event.thematic_areas.all())
        for item in event.programme_items.all():
            item.pk = None
            item.event = copy
            item.save()
        for speaker in event.speakers.all():
            speaker.pk = None
            speaker.event = copy
            speaker.save()
        return copy


def invite_cohosts(*, event: Event, organisations, invited_by) -> list[CoHostInvitation]:
    """Invite organisations to co-host an event; each becomes a host only when its staff
    accept (`decide_cohost_invitation`). Their staff are told."""
    invitations = []
    with transaction.atomic():
        for organisation in organisations:
            if event.hosts.filter(pk=organisation.pk).exists():
                continue
            invitation, _created = CoHostInvitation.objects.update_or_create(
                event=event,
                organisation=organisation,
                defaults={
                    "status": CoHostInvitation.Status.PENDING,
                    "invited_by": invited_by,
                    "invited_at": timezone.now(),
                    "decided_by": None,
                    "decided_at": None,
                },
            )
            signals.cohost_invited.send(sender=CoHostInvitation, invitation=invitation)
            invitations.append(invitation)
    return invitations


def decide_cohost_invitation(*, invitation: CoHostInvitation, accept: bool, decided_by):
    """Accept (the organisation becomes a host) or decline a pending invitation."""
    with transaction.atomic():
        invitation = CoHostInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != CoHostInvitation.Status.PENDING:
            return invitation
        invitation.status = (
            CoHostInvitation.Status.ACCEPTED if accept else CoHostInvitation.Status.DECLINED
        )
        invitation.decided_by = decided_by
        invitation.decided_at = timezone.now()
        invitation.save(update_fields=["status", "decided_by", "decided_at"])
        if accept:
            invitation.event.hosts.add(invitation.organisation)
    return invitation
