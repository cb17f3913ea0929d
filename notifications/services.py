"""Record notifications inside the caller's transaction; send them after it commits.

Every message is first a Notification row (the outbox). The send task is enqueued with
`transaction.on_commit`; when the broker cannot be reached the row simply stays pending and
`sweep_pending_notifications` (every few seconds in the beat schedule) sends it once the broker
is back, so a registration never fails because of mail.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import smtplib
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from companies.models import OrganisationMembership, SizeDeclaration
from events.models import AttendanceCertificate, Event, Registration
from networks.models import NetworkMembership
from web.dispatch import dispatch

from .emails import build_message
from .models import DigestSubscription, Notification, OrganiserMessage, OrganiserMessageOptOut

logger = logging.getLogger(__name__)

# A send is tried this many times (task retries and sweeps together) before the row is failed.
MAX_ATTEMPTS = 8
# The sweep leaves fresh rows to the task enqueued on commit, and retried rows to their retry.
# A row older than the grace was not enqueued (broker down) or its task was lost with a killed
# worker; enqueueing one twice is harmless, as `deliver_notification` sends a row once.
SWEEP_GRACE = datetime.timedelta(seconds=settings.JOB_SWEEP_SECONDS)
SWEEP_RETRY_AFTER = datetime.timedelta(minutes=30)
SWEEP_BATCH = 500
# Outbox rows of one organiser message are inserted this many per INSERT statement, and sent
# this many per task: handing the broker a task per row costs about a millisecond each.
ORGANISER_MESSAGE_BATCH = 1000
SEND_BATCH = 50
ORGANISER_MESSAGE_RATE_WINDOW = datetime.timedelta(hours=1)
REMINDER_WINDOW = datetime.timedelta(hours=24)
DIGEST_PERIOD = datetime.timedelta(days=7)
CERTIFICATE_CATCH_UP = datetime.timedelta(days=7)


def enqueue_notification(notification_id: int) -> bool:
    """Hand one notification to Celery; on any failure leave the row pending for the sweep."""
    if dispatch("notifications.tasks.send_notification", notification_id):
        return True
    logger.info("Could not enqueue notification %s; it stays pending", notification_id)
    return False


def record_notification(
    *,
    kind: str,
    recipient,
    dedupe_key: str,
    event: Event | None = None,
    registration: Registration | None = None,
    network_membership: NetworkMembership | None = None,
    context: dict | None = None,
) -> Notification | None:
    """Record one message and enqueue it on commit; None if it was already recorded."""
    if recipient is None:
        return None
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                kind=kind,
                recipient=recipient,
                dedupe_key=dedupe_key,
                event=event,
                registration=registration,
                network_membership=network_membership,
                language=recipient.preferred_language,
                context=context or {},
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: enqueue_notification(notification.pk))
    return notification


def record_account_email(*, message, user=None) -> Notification:
    """Put an email allauth rendered (address confirmation, password reset) in the outbox, so
    that sign-up and login never wait for, or fail with, the mail server."""
    notification = Notification.objects.create(
        kind=Notification.Kind.ACCOUNT_EMAIL,
        recipient=user if user is not None and user.pk else None,
        dedupe_key=f"{Notification.Kind.ACCOUNT_EMAIL}:{uuid.uuid4()}",
        language=translation.get_language() or "sv",
        context={
            "to": list(message.to),
            "from_email": message.from_email,
            "subject": message.subject,
            "body": message.body,
            "content_subtype": message.content_subtype,
            "alternatives": [
                [content, mimetype] for content, mimetype in getattr(message, "alternatives", [])
            ],
        },
    )
    transaction.on_commit(lambda: enqueue_notification(notification.pk))
    return notification


def _notify_about_registration(kind, registration: Registration, **context) -> Notification | None:
    """One message of `kind` about a registration to its person, once per registration."""
    return record_notification(
        kind=kind,
        recipient=registration.user,
        dedupe_key=f"{kind}:{registration.pk}",
        event=registration.event,
        registration=registration,
        context=context or None,
    )


def notify_registration_recorded(*, registration: Registration) -> Notification | None:
    """Confirm a new registration, or tell the person their place on the waiting list."""
    if registration.status == Registration.Status.WAITLISTED:
        return _notify_about_registration(
            Notification.Kind.WAITLISTED, registration, position=registration.waitlist_position
        )
    return notify_registration_confirmed(registration=registration)


def notify_registration_confirmed(*, registration: Registration) -> Notification | None:
    """Confirm a seat, with the event as a calendar file."""
    return _notify_about_registration(Notification.Kind.REGISTRATION_CONFIRMED, registration)


def notify_promoted(*, registration: Registration) -> Notification | None:
    """Tell someone on the waiting list that they now have a seat."""
    return _notify_about_registration(Notification.Kind.PROMOTED, registration)


def notify_registration_cancelled(*, registration: Registration) -> Notification | None:
    """Confirm that a registration was cancelled."""
    return _notify_about_registration(Notification.Kind.REGISTRATION_CANCELLED, registration)


def notify_seat_offered(*, registration: Registration) -> Notification | None:
    """Offer the first on the waiting list a free seat, with the deadline to accept it."""
    return record_notification(
        kind=Notification.Kind.SEAT_OFFERED,
        recipient=registration.user,
        dedupe_key=f"seat_offered:{registration.pk}:{registration.offer_expires_at.isoformat()}",
        event=registration.event,
        registration=registration,
    )


def notify_seat_offer_expired(*, registration: Registration) -> Notification | None:
    """Tell the person that the seat they did not accept in time went to the next person."""
    return _notify_about_registration(Notification.Kind.SEAT_OFFER_EXPIRED, registration)


def notify_colleague_registered(
    *, registration: Registration, registered_by, new_account: bool
) -> Notification | None:
    """Tell a person their company's admin registered them (and, for an account made for
    them, how to choose a password): in place of the usual confirmation."""
    return _notify_about_registration(
        Notification.Kind.COLLEAGUE_REGISTERED,
        registration,
        registered_by=registered_by.display_name,
        new_account=new_account,
        position=registration.waitlist_position,
    )


def notify_registration_transferred(
    *, registration: Registration, previous_user
) -> list[Notification]:
    """Tell both people that a registration passed from one to the other."""
    moment = registration.updated_at.isoformat()
    recorded = [
        record_notification(
            kind=Notification.Kind.REGISTRATION_TRANSFERRED,
            recipient=registration.user,
            dedupe_key=f"registration_transferred:{registration.pk}:{moment}",
            event=registration.event,
            registration=registration,
            context={"from": previous_user.display_name if previous_user else ""},
        ),
        record_notification(
            kind=Notification.Kind.REGISTRATION_TRANSFERRED_AWAY,
            recipient=previous_user,
            dedupe_key=f"registration_transferred_away:{registration.pk}:{moment}",
            event=registration.event,
            registration=registration,
            context={"to": registration.user.display_name},
        ),
    ]
    return [notification for notification in recorded if notification]


def _live_registrations(event: Event):
    return event.registrations.live().filter(user__isnull=False).select_related("user")


def notify_event_changed(*, event: Event, changed_fields: list[str]) -> list[Notification]:
    """Tell everyone registered or waiting that the event's time or place changed."""
    if not changed_fields or event.status != Event.Status.PUBLISHED:
        return []
    # The same change announced twice is recorded once; a later, different change is news.
    values = {name: str(getattr(event, name)) for name in sorted(changed_fields)}
    change = hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:20]
    recorded = [
        record_notification(
            kind=Notification.Kind.EVENT_CHANGED,
            recipient=registration.user,
            dedupe_key=f"event_changed:{registration.pk}:{change}",
            event=event,
            registration=registration,
            context={"changed_fields": list(changed_fields)},
        )
        for registration in _live_registrations(event)
    ]
    return [notification for notification in recorded if notification]


def notify_event_cancelled(*, event: Event) -> list[Notification]:
    """Tell everyone registered or waiting that the event is cancelled."""
    recorded = [
        record_notification(
            kind=Notification.Kind.EVENT_CANCELLED,
            recipient=registration.user,
            dedupe_key=f"event_cancelled:{registration.pk}",
            event=event,
            registration=registration,
        )
        for registration in _live_registrations(event)
    ]
    return [notification for notification in recorded if notification]


def record_event_reminders(*, now: datetime.datetime | None = None) -> list[Notification]:
    """Record a reminder for each confirmed seat at a published event starting within a day.

    Keyed by registration and start time: a second run records nothing, and an event moved to
    another day is reminded of again.
    """
    now = now or timezone.now()
    registrations = (
        Registration.objects.confirmed()
        .filter(
            user__isnull=False,
            event__status=Event.Status.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + REMINDER_WINDOW,
        )
        .select_related("event", "user")
    )
    recorded = []
    with transaction.atomic():
        for registration in registrations:
            key = f"event_reminder:{registration.pk}:{registration.event.starts_at.isoformat()}"
            if Notification.objects.filter(dedupe_key=key).exists():
                continue
            notification = record_notification(
                kind=Notification.Kind.EVENT_REMINDER,
                recipient=registration.user,
                dedupe_key=key,
                event=registration.event,
                registration=registration,
            )
            if notification:
                recorded.append(notification)
    return recorded


def notify_attendance_certificate(
    *, registration: Registration, resend_at: datetime.datetime | None = None
) -> Notification | None:
    """Email the link to the participant's certificate of attendance; once per registration,
    unless staff resend it (then once per resend)."""
    certificate = AttendanceCertificate.objects.issue(registration)
    if certificate is None:
        return None
    kind = Notification.Kind.ATTENDANCE_CERTIFICATE
    key = f"{kind}:{registration.pk}"
    if resend_at is not None:
        key += f":resent:{resend_at.isoformat()}"
    return record_notification(
        kind=kind,
        recipient=registration.user,
        dedupe_key=key,
        event=registration.event,
        registration=registration,
        context={"code": certificate.code},
    )


def record_attendance_certificates(*, now: datetime.datetime | None = None) -> list[Notification]:
    """The day after an event, email each participant who attended their certificate.

    Events that ended before today (local time) within the last week: a missed day is caught
    up, and the per-registration key makes a second run record nothing.
    """
    now = now or timezone.now()
    today = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    registrations = (
        Registration.objects.attended()
        .filter(
            user__isnull=False,
            event__status=Event.Status.PUBLISHED,
            event__ends_at__lt=today,
            event__ends_at__gte=today - CERTIFICATE_CATCH_UP,
        )
        .exclude(
            pk__in=Notification.objects.filter(
                kind=Notification.Kind.ATTENDANCE_CERTIFICATE, registration__isnull=False
            ).values("registration_id")
        )
        .select_related("event", "user")
    )
    recorded = []
    with transaction.atomic():
        for registration in registrations:
            notification = notify_attendance_certificate(registration=registration)
            if notification:
                recorded.append(notification)
    return recorded


def record_declaration_reminders(*, today: datetime.date | None = None) -> list[Notification]:
    """Ask each company admin to confirm the company's SME declaration again when its latest
    declaration is over a year old or older than its latest closed accounts.

    Keyed by declaration and admin: a second run records nothing; a new declaration that in
    turn grows old is reminded of again.
    """
    today = today or timezone.localdate()
    stale = (
        SizeDeclaration.objects.latest_per_organisation()
        .signed()
        .stale_on(today)
        .select_related("organisation")
    )
    recorded = []
    with transaction.atomic():
        for declaration in stale:
            admins = User.objects.filter(
                organisation_memberships__organisation=declaration.organisation,
                organisation_memberships__role=OrganisationMembership.Role.ADMIN,
                organisation_memberships__status=OrganisationMembership.Status.ACTIVE,
                is_active=True,
            )
            for admin in admins:
                notification = record_notification(
                    kind=Notification.Kind.DECLARATION_REMINDER,
                    recipient=admin,
                    dedupe_key=f"declaration_reminder:{declaration.pk}:{admin.pk}",
                    context={"declaration_id": declaration.pk},
                )
                if notification:
                    recorded.append(notification)
    return recorded


def _host_staff(network):
    return User.objects.filter(
        is_active=True,
        organisation_memberships__organisation__in=network.hosts.all(),
        organisation_memberships__role=OrganisationMembership.Role.STAFF,
        organisation_memberships__status=OrganisationMembership.Status.ACTIVE,
    ).distinct()


def notify_membership_requested(*, membership: NetworkMembership) -> list[Notification]:
    """Tell the staff of the network's hosts that an organisation asks to join."""
    if membership.status != NetworkMembership.Status.PENDING:
        return []
    requested = membership.requested_at.isoformat() if membership.requested_at else ""
    recorded = [
        record_notification(
            kind=Notification.Kind.MEMBERSHIP_REQUESTED,
            recipient=staff,
            dedupe_key=f"membership_requested:{membership.pk}:{requested}:{staff.pk}",
            network_membership=membership,
        )
        for staff in _host_staff(membership.network)
    ]
    return [notification for notification in recorded if notification]


def notify_cohost_invited(*, invitation) -> list[Notification]:
    """Tell the invited organisation's staff that they are asked to co-host an event."""
    staff = User.objects.filter(
        is_active=True,
        organisation_memberships__organisation=invitation.organisation,
        organisation_memberships__role=OrganisationMembership.Role.STAFF,
        organisation_memberships__status=OrganisationMembership.Status.ACTIVE,
    ).distinct()
    recorded = [
        record_notification(
            kind=Notification.Kind.COHOST_INVITED,
            recipient=person,
            dedupe_key=(
                f"cohost_invited:{invitation.pk}:{invitation.invited_at.isoformat()}:{person.pk}"
            ),
            event=invitation.event,
            context={"invitation": invitation.pk},
        )
        for person in staff
    ]
    return [notification for notification in recorded if notification]


def notify_membership_decided(*, membership: NetworkMembership) -> Notification | None:
    """Tell the person who asked whether their organisation was let in."""
    kinds = {
        NetworkMembership.Status.ACTIVE: Notification.Kind.MEMBERSHIP_APPROVED,
        NetworkMembership.Status.REJECTED: Notification.Kind.MEMBERSHIP_REJECTED,
    }
    kind = kinds.get(membership.status)
    if kind is None or membership.decided_at is None:
        return None
    return record_notification(
        kind=kind,
        recipient=membership.contact_user,
        dedupe_key=f"{kind}:{membership.pk}:{membership.decided_at.isoformat()}",
        network_membership=membership,
    )


def _digest_events(subscription: DigestSubscription, already_sent: set[int]) -> list[int]:
    followed = Q(network__in=subscription.networks.all()) | Q(
        thematic_areas__in=subscription.thematic_areas.all()
    )
    return list(
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .upcoming()
        .filter(followed)
        .exclude(pk__in=already_sent)
        .order_by("starts_at", "id")
        .values_list("pk", flat=True)
        .distinct()[:50]
    )


def record_weekly_digests(*, now: datetime.datetime | None = None) -> list[Notification]:
    """Record one digest per subscriber per week, of upcoming events not in an earlier digest."""
    now = now or timezone.now()
    year, week, _ = timezone.localdate(now).isocalendar()
    subscriptions = DigestSubscription.objects.filter(
        is_active=True, user__is_active=True
    ).select_related("user")
    recorded = []
    with transaction.atomic():
        for subscription in subscriptions:
            key = f"digest:{subscription.user_id}:{year}-W{week:02d}"
            if Notification.objects.filter(dedupe_key=key).exists():
                continue
            already_sent = {
                pk
                for context in Notification.objects.filter(
                    recipient=subscription.user_id, kind=Notification.Kind.DIGEST
                ).values_list("context", flat=True)
                for pk in context.get("event_ids", [])
            }
            event_ids = _digest_events(subscription, already_sent)
            if not event_ids:
                continue
            notification = record_notification(
                kind=Notification.Kind.DIGEST,
                recipient=subscription.user,
                dedupe_key=key,
                context={"event_ids": event_ids},
            )
            if notification:
                recorded.append(notification)
    return recorded


def deliver_notification(*, notification_id: int) -> Notification | None:
    """Send one pending notification and record the outcome; re-raise mail-server errors.

    The row is locked while it is sent, so a task and a sweep racing for it send it once. Only
    the row: locking the recipient's user row too (a join in FOR UPDATE) would make a second
    message to the same person find "nothing to do" and wait for the sweep.
    """
    error = None
    with transaction.atomic():
        notification = (
            # Lock only the notification: the recipient is an outer join (account mail has none).
            Notification.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("recipient")
            .filter(pk=notification_id, status=Notification.Status.PENDING)
            .first()
        )
        if notification is None:
            return None  # already sent, given up, or being sent by another worker
        now = timezone.now()
        notification.attempts += 1
        notification.last_attempt_at = now
        message = build_message(notification)
        if message is None:
            notification.status = Notification.Status.SKIPPED
        else:
            try:
                message.send()
            except (smtplib.SMTPException, OSError) as exc:
                error = exc
                notification.last_error = f"{type(exc).__name__}: {exc}"[:2000]
                if notification.attempts >= MAX_ATTEMPTS:
                    notification.status = Notification.Status.FAILED
                    logger.error("Giving up on notification %s: %s", notification.pk, exc)
                    error = None
            else:
                notification.status = Notification.Status.SENT
                notification.sent_at = now
                notification.last_error = ""
                if notification.kind == Notification.Kind.ACCOUNT_EMAIL:
                    # It holds a confirmation or password-reset link: not kept once delivered.
                    notification.context = {"to": notification.context["to"]}
        notification.save()
    if error is not None:
        raise error
    return notification


def sweep_pending_notifications(*, now: datetime.datetime | None = None) -> int:
    """Enqueue pending notifications that no task is taking care of; returns how many."""
    now = now or timezone.now()
    ids = list(
        Notification.objects.due_for_sweep(now, grace=SWEEP_GRACE, retry_after=SWEEP_RETRY_AFTER)
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    enqueued = 0
    for pk in ids:
        if not enqueue_notification(pk):
            break
        enqueued += 1
    return enqueued


def hold_restored_notifications() -> int:
    """After a database restore: hold every pending message, as it may have been sent after the
    backup was taken; staff send the ones still due from the admin. Returns how many."""
    return Notification.objects.pending().update(status=Notification.Status.HELD)


# Messages from the organisers ---------------------------------------------------------------


class OrganiserMessageRefused(Exception):
    """Sending an organiser message is not allowed now; `message` says why, for the sender."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def organiser_message_audience(message: OrganiserMessage) -> QuerySet[User]:
    """Everyone a message is addressed to who can get mail, whether they opted out or not."""
    audience = OrganiserMessage.Audience
    if message.audience == audience.NETWORK_MEMBERS:
        member_organisations = NetworkMembership.objects.active().filter(network=message.network)
        people = OrganisationMembership.objects.filter(
            status=OrganisationMembership.Status.ACTIVE,
            organisation__in=member_organisations.values("organisation_id"),
        )
    else:
        registrations = {
            audience.CONFIRMED: Registration.objects.confirmed(),
            audience.WAITLISTED: Registration.objects.waitlisted(),
            audience.ATTENDED: Registration.objects.attended(),
            # Unticked and not yet ticked alike: whoever was not recorded at the door.
            audience.NOT_ATTENDED: Registration.objects.confirmed().exclude(attended=True),
        }[message.audience].filter(event=message.event)
        people = registrations.filter(user__isnull=False)
    return User.objects.filter(pk__in=people.values("user_id"), is_active=True).exclude(email="")


def organiser_message_counts(message: OrganiserMessage) -> tuple[int, int]:
    """(recipients, skipped because they opted out) if the message were sent now."""
    audience = organiser_message_audience(message)
    opted_out = audience.filter(organiser_message_opt_out__isnull=False).count()
    return audience.count() - opted_out, opted_out


def check_organiser_message_rate(*, sender, now: datetime.datetime | None = None) -> None:
    """Refuse when the sender has sent ORGANISER_MESSAGES_PER_HOUR messages in the last hour."""
    now = now or timezone.now()
    limit = settings.ORGANISER_MESSAGES_PER_HOUR
    recent = OrganiserMessage.objects.sent_recently_by(
        sender, since=now - ORGANISER_MESSAGE_RATE_WINDOW
    ).order_by("queued_at")
    sent = list(recent.values_list("queued_at", flat=True)[:limit])
    if len(sent) < limit:
        return
    allowed_at = timezone.localtime(sent[0] + ORGANISER_MESSAGE_RATE_WINDOW)
    raise OrganiserMessageRefused(
        _(
            "You have sent %(count)d messages in the last hour, the most allowed. You can send "
            "the next one at %(time)s; your text is kept as a draft."
        )
        % {"count": limit, "time": formats.time_format(allowed_at, "H:i")}
    )


def send_organiser_message(*, message: OrganiserMessage, sender) -> OrganiserMessage:
    """Put a previewed draft in the outbox: one row per recipient not opted out, in their
    language. The draft row is locked and must still be a draft, so a second click sends
    nothing; the per-recipient key makes a repeated insert a no-op."""
    with transaction.atomic():
        # The sender's row serialises their sends, so that two at once cannot pass the limit.
        User.objects.select_for_update().filter(pk=sender.pk).first()
        message = OrganiserMessage.objects.select_for_update().get(pk=message.pk)
        if message.status != OrganiserMessage.Status.DRAFT:
            raise OrganiserMessageRefused(_("This message has been sent already."))
        now = timezone.now()
        check_organiser_message_rate(sender=sender, now=now)
        audience = organiser_message_audience(message)
        recipients = list(
            audience.filter(organiser_message_opt_out__isnull=True).values_list(
                "pk", "preferred_language"
            )
        )
        kind = Notification.Kind.ORGANISER_MESSAGE
        Notification.objects.bulk_create(
            (
                Notification(
                    kind=kind,
                    recipient_id=user_id,
                    event_id=message.event_id,
                    organiser_message=message,
                    language=message.language_for(language),
                    dedupe_key=f"{kind}:{message.pk}:{user_id}",
                )
                for user_id, language in recipients
            ),
            batch_size=ORGANISER_MESSAGE_BATCH,
            ignore_conflicts=True,
        )
        message.status = OrganiserMessage.Status.QUEUED
        message.queued_at = now
        message.recipient_count = len(recipients)
        message.opted_out_count = audience.filter(organiser_message_opt_out__isnull=False).count()
        message.save(update_fields=["status", "queued_at", "recipient_count", "opted_out_count"])
        transaction.on_commit(
            lambda: dispatch("notifications.tasks.enqueue_organiser_message", message.pk)
        )
    return message


def enqueue_organiser_message(*, message_id: int) -> int:
    """Hand the unsent rows of one organiser message to Celery, SEND_BATCH to a task; returns
    how many rows. What the broker refuses stays pending for the sweep."""
    ids = list(
        Notification.objects.pending()
        .filter(organiser_message_id=message_id, last_attempt_at__isnull=True)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    enqueued = 0
    for start in range(0, len(ids), SEND_BATCH):
        batch = ids[start : start + SEND_BATCH]
        if not dispatch("notifications.tasks.send_notification_batch", batch):
            logger.info("Could not enqueue %s notifications; they stay pending", len(ids) - start)
            break
        enqueued += len(batch)
    return enqueued


def deliver_notification_batch(*, notification_ids: list[int]) -> int:
    """Send each of several notifications, as `deliver_notification` does one; a row the mail
    server refuses gets a task of its own, which retries it with a growing pause. Returns how
    many were sent."""
    sent = 0
    for pk in notification_ids:
        try:
            notification = deliver_notification(notification_id=pk)
        except (smtplib.SMTPException, OSError):
            enqueue_notification(pk)
            continue
        if notification is not None and notification.status == Notification.Status.SENT:
            sent += 1
    return sent


def set_organiser_messages_wanted(*, user, wanted: bool) -> bool:
    """Opt a person in to or out of messages from organisers; returns `wanted`."""
    if wanted:
        OrganiserMessageOptOut.objects.filter(user=user).delete()
    else:
        OrganiserMessageOptOut.objects.get_or_create(user=user)
    return wanted
