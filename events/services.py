"""Multi-step writes on registrations: the capacity rule lives here, under a row lock."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from companies.models import Organisation
from companies.services import Refused, add_member

from . import signals
from .models import (
    STANDARD_QUESTIONS,
    CheckInLog,
    CoHostInvitation,
    Event,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
)


class RegistrationRefused(Refused):
    """A registration change that the event's rules do not allow."""


def _lock_event(event: Event) -> Event:
    # Every write that can change the number of confirmed seats takes this lock first, so two
    # requests cannot both see the last free seat.
    return Event.objects.select_for_update().get(pk=event.pk)


def seats_taken(event: Event) -> int:
    """Seats counted against capacity: confirmed ones and those offered and not yet answered."""
    return event.registrations.holding_seats().count()


def _refuse_over_organisation_limit(event: Event, organisation: Organisation | None) -> None:
    # Asked under the event's row lock, like capacity, so two colleagues registering at the
    # same moment cannot both take the organisation's last place.
    refusal = event.organisation_limit_refusal(organisation)
    if refusal:
        raise RegistrationRefused(refusal)


def register_for_event(
    *, event: Event, user, organisation: Organisation | None = None, answers: dict | None = None
) -> Registration:
    """Register the user (for an organisation they represent); waitlist them when full.
    `answers` are the event's registration questions answered (`record_answers`)."""
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
        _refuse_over_organisation_limit(event, organisation)
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
        record_answers(registration=registration, answers=answers or {})
        signals.registration_recorded.send(sender=Registration, registration=registration)
        return registration


def record_answers(
    *, registration: Registration, answers: dict[RegistrationQuestion, object]
) -> list[RegistrationAnswer]:
    """Store the registrant's answers (a form's cleaned values by question), each with a copy
    of its question as asked; an answer to another event's question is left out."""
    if registration.user_id is None:
        return []
    recorded = []
    for question, value in answers.items():
        if question.event_id != registration.event_id:
            continue
        answer_sv, answer_en, is_yes = question.answer_texts(value)
        if not answer_sv and is_yes is None:
            continue
        recorded.append(
            RegistrationAnswer(
                registration=registration,
                user_id=registration.user_id,
                question=question,
                question_sv=question.text_sv,
                question_en=question.text_en,
                answer_sv=answer_sv,
                answer_en=answer_en,
                is_yes=is_yes,
                standard=question.standard,
            )
        )
    return RegistrationAnswer.objects.bulk_create(recorded)


def switch_standard_questions(*, event: Event, standards) -> list[RegistrationQuestion]:
    """Ask exactly the chosen standard questions at the event: those newly chosen are added
    as STANDARD_QUESTIONS words them, those no longer chosen removed (answers given keep
    their copy of the question). Returns the questions added."""
    chosen = set(standards)
    with transaction.atomic():
        event.questions.exclude(standard="").exclude(standard__in=chosen).delete()
        present = set(event.questions.values_list("standard", flat=True))
        return [
            RegistrationQuestion.objects.create(
                event=event, standard=standard, **STANDARD_QUESTIONS[standard]
            )
            for standard in RegistrationQuestion.Standard.values
            if standard in chosen and standard not in present
        ]


def promote_waitlist(*, event: Event, now=None) -> list[Registration]:
    """Give free seats to the waiting list in the order people joined it: at once, or, when the
    event says so, as offers to accept before a deadline (`offer_seats`)."""
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(event)
        waiting = event.registrations.waitlist_order()
        if event.capacity is not None:
            free = max(event.capacity - seats_taken(event), 0)
            waiting = waiting[:free]
        promoted = list(waiting)
        # Once the event has started there is no time left to answer an offer.
        if event.waitlist_mode == Event.WaitlistMode.OFFER and now < event.starts_at:
            return _offer_seats(event=event, registrations=promoted, now=now)
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
        # Someone offered a seat already holds one: promoting them only takes the offer up.
        if (
            not registration.is_offered_a_seat
            and event.capacity is not None
            and seats_taken(event) >= event.capacity
        ):
            raise RegistrationRefused(
                _("The event is full: raise the capacity or cancel a seat first.")
            )
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = timezone.now()
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "promoted_at", "offer_expires_at", "updated_at"])
        signals.registration_promoted.send(sender=Registration, registration=registration)
        return registration


def cancel_registration(*, registration: Registration) -> Registration:
    """Cancel a registration; a freed seat goes to the first on the waiting list at once."""
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status == Registration.Status.CANCELLED:
            return registration
        freed_a_seat = (
            registration.status == Registration.Status.CONFIRMED or registration.is_offered_a_seat
        )
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.attended = None
        registration.checked_in_at = None
        registration.offer_expires_at = None
        registration.save(
            update_fields=[
                "status",
                "cancelled_at",
                "attended",
                "checked_in_at",
                "offer_expires_at",
                "updated_at",
            ]
        )
        signals.registration_cancelled.send(sender=Registration, registration=registration)
        if freed_a_seat and not event.is_past:
            promote_waitlist(event=event)
        return registration


# Seat offers (Event.WaitlistMode.OFFER) --------------------------------------------------------


def _offer_seats(*, event: Event, registrations: list, now) -> list[Registration]:
    # Called by promote_waitlist under the event's lock, with the first on the waiting list.
    deadline = event.offer_deadline(now)
    for registration in registrations:
        registration.offer_expires_at = deadline
        registration.save(update_fields=["offer_expires_at", "updated_at"])
        signals.seat_offered.send(sender=Registration, registration=registration)
    return registrations


def accept_seat_offer(*, registration: Registration, now=None) -> Registration:
    """The person offered a free seat takes it before the offer runs out."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_offered_a_seat:
            raise RegistrationRefused(_("There is no seat offered to you for this event."))
        if registration.event.is_cancelled:
            raise RegistrationRefused(_("This event has been cancelled."))
        if registration.offer_expires_at <= now:
            raise RegistrationRefused(
                _("The offer ran out before you accepted it; the seat goes to the next person.")
            )
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.offer_expires_at = None
        registration.save(update_fields=["status", "promoted_at", "offer_expires_at", "updated_at"])
        signals.registration_promoted.send(sender=Registration, registration=registration)
        return registration


def decline_seat_offer(*, registration: Registration) -> Registration:
    """The person offered a free seat does not want it: their registration is cancelled and
    the seat is offered to the next on the waiting list."""
    with transaction.atomic():
        _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if not registration.is_offered_a_seat:
            raise RegistrationRefused(_("There is no seat offered to you for this event."))
        return cancel_registration(registration=registration)


def expire_seat_offers(*, now=None) -> int:
    """Cancel the waiting-list places whose offer ran out and offer each seat to the next
    person. Safe to run twice or side by side: each offer is re-read under its event's lock
    and handled only while it is still open and expired. Returns how many ran out."""
    now = now or timezone.now()
    due = list(
        Registration.objects.offers_expired(now)
        .order_by("offer_expires_at", "id")
        .values_list("pk", "event_id")
    )
    expired = 0
    for pk, event_id in due:
        with transaction.atomic():
            event = Event.objects.select_for_update().get(pk=event_id)
            registration = (
                Registration.objects.select_for_update().offers_expired(now).filter(pk=pk).first()
            )
            if registration is None:
                continue  # accepted, declined or expired by another run meanwhile
            registration.status = Registration.Status.CANCELLED
            registration.cancelled_at = now
            registration.offer_expires_at = None
            registration.save(
                update_fields=["status", "cancelled_at", "offer_expires_at", "updated_at"]
            )
            signals.seat_offer_expired.send(sender=Registration, registration=registration)
            if not event.is_past and not event.is_cancelled:
                promote_waitlist(event=event, now=now)
            expired += 1
    return expired


# Colleagues ----------------------------------------------------------------------------------


def register_colleague(
    *,
    event: Event,
    organisation: Organisation,
    email: str,
    first_name: str = "",
    last_name: str = "",
    registered_by,
) -> Registration:
    """A company admin registers a colleague by email on behalf of the company.

    An address the portal knows is linked to its account; for an unknown one an account is
    made (without a password, as for a walk-in) and becomes a member of the company, and the
    email invites the person to choose a password. Either way the registration exists at once
    and holds its seat (or waiting-list place) under the same rules as registering oneself.
    """
    with transaction.atomic():
        event = _lock_event(event)
        reason = event.registration_refusal()
        if reason:
            raise RegistrationRefused(reason)
        if (
            not Organisation.objects.administered_by(registered_by)
            .filter(pk=organisation.pk)
            .exists()
        ):
            raise RegistrationRefused(
                _("Only an administrator of %(organisation)s can register its people.")
                % {"organisation": organisation}
            )
        user = User.objects.filter(email__iexact=email).first()
        new_account = user is None
        if user is not None and event.registrations.live().filter(user=user).exists():
            raise RegistrationRefused(
                _("%(person)s is already registered for this event.")
                % {"person": user.display_name}
            )
        _refuse_over_organisation_limit(event, organisation)
        if new_account:
            user = User.objects.create_user(
                email=email,
                first_name=first_name,
                last_name=last_name,
                preferred_language=registered_by.preferred_language,
            )
            add_member(organisation=organisation, user=user, decided_by=registered_by)
        has_seat = event.capacity is None or seats_taken(event) < event.capacity
        registration = Registration.objects.create(
            event=event,
            user=user,
            organisation=organisation,
            status=(Registration.Status.CONFIRMED if has_seat else Registration.Status.WAITLISTED),
        )
        signals.colleague_registered.send(
            sender=Registration,
            registration=registration,
            registered_by=registered_by,
            new_account=new_account,
        )
        return registration


def transfer_registration(*, registration: Registration, to_user, by) -> Registration:
    """Pass a registration (its seat or waiting-list place) to a colleague of the same
    organisation before the event starts; the change is kept in the event's history."""
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = (
            Registration.objects.select_for_update(of=("self",))
            .select_related("event", "organisation", "user")
            .get(pk=registration.pk)
        )
        refusal = registration.transfer_refusal()
        if refusal:
            raise RegistrationRefused(refusal)
        previous_user = registration.user
        if to_user == previous_user:
            raise RegistrationRefused(_("Choose a colleague to pass the registration to."))
        if not registration.organisation.is_represented_by(to_user):
            raise RegistrationRefused(
                _("A registration can only be passed to a colleague at %(organisation)s.")
                % {"organisation": registration.organisation}
            )
        if event.registrations.live().filter(user=to_user).exists():
            raise RegistrationRefused(
                _("%(person)s is already registered for this event.")
                % {"person": to_user.display_name}
            )
        registration.user = to_user
        registration.save(update_fields=["user", "updated_at"])
        # The answers were the previous holder's (their diet, their consent): they leave with
        # them rather than pass as the colleague's.
        registration.answers.all().delete()
        CheckInLog.objects.create(
            event=event,
            registration=registration,
            action=CheckInLog.Action.TRANSFERRED,
            source=CheckInLog.Source.TRANSFER_PAGE,
            recorded_by=by,
            transferred_from=previous_user,
            transferred_to=to_user,
        )
        signals.registration_transferred.send(
            sender=Registration, registration=registration, previous_user=previous_user
        )
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
    answers: dict | None = None,
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
            _refuse_over_organisation_limit(event, organisation)
            if event.capacity is not None and seats_taken(event) >= event.capacity:
                raise RegistrationRefused(
                    _("The event is full: cancel a no-show's seat or raise the capacity first.")
                )
            registration = Registration.objects.create(
                event=event, user=user, organisation=organisation
            )
            record_answers(registration=registration, answers=answers or {})
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
    """Copy an event as a draft for a follow-up meeting: hosts, projects, programme, speakers
    and registration questions come along, registrations do not; the registration window
    keeps its offset."""
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
        for question in event.questions.all():
            question.pk = None
            question.event = copy
            question.save()
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
