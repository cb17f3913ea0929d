"""The emails: one subject/text/HTML template triple per kind, in the recipient's language."""

from __future__ import annotations

import hashlib
import mimetypes
from urllib.parse import urlsplit

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.adapter import portal_sender
from accounts.models import User
from companies.models import SizeDeclaration
from events.calendar import event_calendar_file
from events.calendar import event_location as calendar_location
from events.models import CoHostInvitation, Event, Registration
from events.qr import qr_png
from networks.models import NetworkMembership

from .models import DigestSubscription, Notification, OrganiserMessage, OrganiserMessageOptOut

UNSUBSCRIBE_SALT = "notifications.digest-unsubscribe"
ORGANISER_MESSAGES_UNSUBSCRIBE_SALT = "notifications.organiser-messages-unsubscribe"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def user_from_unsubscribe_token(token: str, *, salt: str = UNSUBSCRIBE_SALT):
    """The user the token was made for, or None when it is forged or mangled."""
    try:
        pk = signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk).first()


def organiser_messages_unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=ORGANISER_MESSAGES_UNSUBSCRIBE_SALT, compress=True)


def user_from_organiser_messages_token(token: str):
    return user_from_unsubscribe_token(token, salt=ORGANISER_MESSAGES_UNSUBSCRIBE_SALT)


def event_calendar(event: Event) -> bytes:
    """The event as an iCalendar file, as the portal's download and feeds build it (same UID);
    only confirmed participants get one, so it carries the link to join online."""
    return event_calendar_file(event, online_link=True)


def event_location(event: Event) -> str:
    return calendar_location(event, online_link=True)


def _registration_context(notification: Notification) -> dict:
    registration = notification.registration
    event = registration.event
    return {
        "registration": registration,
        "event": event,
        "event_url": absolute_url(event.get_absolute_url()),
        "location": event_location(event),
        "position": notification.context.get("position"),
    }


def _plain(notification: Notification) -> dict | None:
    return _registration_context(notification)


def _with_calendar(notification: Notification) -> dict | None:
    context = _registration_context(notification)
    context["calendar"] = event_calendar(context["event"])
    registration = context["registration"]
    if registration.status == Registration.Status.CONFIRMED:
        # The personal QR code for the door, attached and as a link to the printable page.
        context["check_in_qr"] = qr_png(registration.check_in_url())
        context["ticket_url"] = absolute_url(reverse("events:ticket", args=[context["event"].slug]))
    return context


def _reminder(notification: Notification) -> dict | None:
    context = _registration_context(notification)
    registration, event = context["registration"], context["event"]
    if (
        registration.status != Registration.Status.CONFIRMED
        or event.status != Event.Status.PUBLISHED
        or event.starts_at <= timezone.now()
    ):
        return None
    context["calendar"] = event_calendar(event)
    return context


def _event_changed(notification: Notification) -> dict | None:
    context = _registration_context(notification)
    registration, event = context["registration"], context["event"]
    if registration.status == Registration.Status.CANCELLED or event.is_cancelled:
        return None
    context["changed"] = [
        str(Event._meta.get_field(name).verbose_name)
        for name in notification.context.get("changed_fields", [])
    ]
    if registration.status == Registration.Status.CONFIRMED:
        context["calendar"] = event_calendar(event)
    return context


def _event_cancelled(notification: Notification) -> dict | None:
    context = _registration_context(notification)
    return context if context["event"].is_cancelled else None


def _membership(notification: Notification) -> dict | None:
    membership = notification.network_membership
    return {
        "membership": membership,
        "network": membership.network,
        "organisation": membership.organisation,
        "network_url": absolute_url(membership.network.get_absolute_url()),
    }


def _membership_requested(notification: Notification) -> dict | None:
    context = _membership(notification)
    membership = context["membership"]
    if membership.status != NetworkMembership.Status.PENDING:
        return None
    context["decide_url"] = absolute_url(
        reverse("admin:networks_networkmembership_changelist")
        + f"?status__exact=pending&network__id__exact={membership.network_id}"
    )
    return context


def _cohost_invited(notification: Notification) -> dict | None:
    invitation = (
        CoHostInvitation.objects.pending()
        .select_related("event", "organisation", "invited_by")
        .filter(pk=notification.context.get("invitation"))
        .first()
    )
    if invitation is None:
        return None  # decided already
    return {
        "invitation": invitation,
        "event": invitation.event,
        "organisation": invitation.organisation,
        "hosts": ", ".join(host.name for host in invitation.event.hosts.all()),
        "decide_url": absolute_url(
            reverse("admin:events_cohostinvitation_changelist") + "?status__exact=pending"
        ),
    }


def _digest(notification: Notification) -> dict | None:
    subscription = DigestSubscription.objects.filter(
        user=notification.recipient, is_active=True
    ).first()
    if subscription is None:
        return None
    events = list(
        Event.objects.filter(
            pk__in=notification.context.get("event_ids", []), status=Event.Status.PUBLISHED
        )
        .upcoming()
        .select_related("network")
        .order_by("starts_at", "id")
    )
    if not events:
        return None
    token = unsubscribe_token(notification.recipient)
    return {
        "events": [(event, absolute_url(event.get_absolute_url())) for event in events],
        "unsubscribe_url": absolute_url(reverse("notifications:unsubscribe", args=[token])),
    }


def _certificate(notification: Notification) -> dict | None:
    context = _registration_context(notification)
    registration = context["registration"]
    if not (registration.status == Registration.Status.CONFIRMED and registration.attended):
        return None
    context["certificate_url"] = absolute_url(
        reverse("events:certificate", args=[context["event"].slug])
    )
    context["verify_url"] = absolute_url(
        reverse("verify_certificate", args=[notification.context["code"]])
    )
    return context


def organiser_message_context(message: OrganiserMessage, language: str, recipient) -> dict:
    """What the organiser message templates show, in `language` (also for the preview)."""
    about = message.about
    hosts = about.hosts.all()
    return {
        "organiser_message": message,
        "message_subject": message.subject_in(language),
        "message_body": message.body_in(language),
        "about": about,
        "about_url": absolute_url(about.get_absolute_url()),
        "organisers": ", ".join(host.name for host in hosts),
        "unsubscribe_url": absolute_url(
            reverse(
                "notifications:organiser_messages_unsubscribe",
                args=[organiser_messages_unsubscribe_token(recipient)],
            )
        ),
        "attachment_name": message.attachment_filename,
    }


def _organiser_message(notification: Notification) -> dict | None:
    message = notification.organiser_message
    recipient = notification.recipient
    if message is None or OrganiserMessageOptOut.objects.filter(user=recipient).exists():
        return None  # opted out after the message was queued
    context = organiser_message_context(message, notification.language, recipient)
    if message.attachment:
        with message.attachment.open("rb") as attachment:
            context["attachment"] = attachment.read()
    return context


def render_organiser_message(message: OrganiserMessage, language: str, recipient) -> dict:
    """Subject and text of an organiser message as `recipient` would get it (the preview)."""
    with translation.override(language), timezone.override(settings.TIME_ZONE):
        context = organiser_message_context(message, language, recipient)
        context.update(
            recipient=recipient,
            site_url=settings.SITE_URL,
            preferences_url=absolute_url(reverse("notifications:preferences")),
        )
        name = "notifications/email/organiser_message"
        subject = " ".join(render_to_string(f"{name}_subject.txt", context).split())
        text = render_to_string(f"{name}.txt", context)
        # As plain text: rendered without escaping, it holds the sender's text as typed, and
        # the page showing it must escape it.
        return {"language": language, "subject": subject, "text": str.strip(text)}


def _seat_context(notification: Notification) -> dict:
    # A confirmed seat comes with the calendar file and the QR code; a waiting-list place not.
    if notification.registration.status == Registration.Status.CONFIRMED:
        return _with_calendar(notification)
    return _registration_context(notification)


def _seat_offered(notification: Notification) -> dict | None:
    context = _registration_context(notification)
    registration = context["registration"]
    if (
        not registration.is_offered_a_seat
        or registration.offer_expires_at <= timezone.now()
        or context["event"].is_cancelled
    ):
        return None  # accepted, declined or run out before the mail went
    context["deadline"] = registration.offer_expires_at
    context["offer_url"] = absolute_url(reverse("events:offer", args=[context["event"].slug]))
    return context


def _seat_offer_expired(notification: Notification) -> dict | None:
    return _registration_context(notification)


def set_password_url(user) -> str:
    """A link to choose a password for an account made for the person (allauth's password
    reset link: valid once, for PASSWORD_RESET_TIMEOUT)."""
    return absolute_url(
        reverse(
            "account_reset_password_from_key",
            kwargs={
                "uidb36": user_pk_to_url_str(user),
                "key": default_token_generator.make_token(user),
            },
        )
    )


def _colleague_registered(notification: Notification) -> dict | None:
    registration = notification.registration
    if registration.status == Registration.Status.CANCELLED:
        return None
    context = _seat_context(notification)
    context["registered_by"] = notification.context.get("registered_by", "")
    recipient = notification.recipient
    if not recipient.has_usable_password():
        context["set_password_url"] = set_password_url(recipient)
    return context


def _transferred_to(notification: Notification) -> dict | None:
    registration = notification.registration
    if (
        registration.status == Registration.Status.CANCELLED
        or registration.user_id != notification.recipient_id
    ):
        return None
    context = _seat_context(notification)
    context["previous"] = notification.context.get("from", "")
    context["position"] = registration.waitlist_position
    if not notification.recipient.has_usable_password():
        context["set_password_url"] = set_password_url(notification.recipient)
    return context


def _transferred_away(notification: Notification) -> dict | None:
    context = _registration_context(notification)
    context["colleague"] = notification.context.get("to", "")
    return context


def _declaration_reminder(notification: Notification) -> dict | None:
    declaration = (
        SizeDeclaration.objects.filter(pk=notification.context.get("declaration_id"))
        .select_related("organisation")
        .first()
    )
    if declaration is None:
        return None
    organisation = declaration.organisation
    if organisation.size_declarations.filter(declared_on__gt=declaration.declared_on).exists():
        return None  # confirmed again since
    return {
        "declaration": declaration,
        "organisation": organisation,
        "declaration_url": absolute_url(
            reverse("companies:declaration_new", args=[organisation.slug])
        ),
    }


BUILDERS = {
    Notification.Kind.REGISTRATION_CONFIRMED: _with_calendar,
    Notification.Kind.WAITLISTED: _plain,
    Notification.Kind.PROMOTED: _with_calendar,
    Notification.Kind.REGISTRATION_CANCELLED: _plain,
    Notification.Kind.EVENT_CHANGED: _event_changed,
    Notification.Kind.EVENT_CANCELLED: _event_cancelled,
    Notification.Kind.EVENT_REMINDER: _reminder,
    Notification.Kind.MEMBERSHIP_REQUESTED: _membership_requested,
    Notification.Kind.MEMBERSHIP_APPROVED: _membership,
    Notification.Kind.MEMBERSHIP_REJECTED: _membership,
    Notification.Kind.DIGEST: _digest,
    Notification.Kind.ATTENDANCE_CERTIFICATE: _certificate,
    Notification.Kind.COHOST_INVITED: _cohost_invited,
    Notification.Kind.ORGANISER_MESSAGE: _organiser_message,
    Notification.Kind.SEAT_OFFERED: _seat_offered,
    Notification.Kind.SEAT_OFFER_EXPIRED: _seat_offer_expired,
    Notification.Kind.COLLEAGUE_REGISTERED: _colleague_registered,
    Notification.Kind.REGISTRATION_TRANSFERRED: _transferred_to,
    Notification.Kind.REGISTRATION_TRANSFERRED_AWAY: _transferred_away,
    Notification.Kind.DECLARATION_REMINDER: _declaration_reminder,
}


def register_builder(kind: str, builder) -> None:
    """Let an app above this one render a kind of message: `builder(notification)` returns the
    templates' context, or None when the message is no longer due."""
    BUILDERS[kind] = builder


def account_message(notification: Notification) -> EmailMultiAlternatives:
    """An account email as allauth rendered it (`services.record_account_email`)."""
    stored = notification.context
    message = EmailMultiAlternatives(
        subject=stored["subject"],
        body=stored["body"],
        from_email=stored["from_email"],
        to=stored["to"],
        headers={
            "Auto-Submitted": "auto-generated",
            "Content-Language": notification.language,
            "Message-ID": message_id(notification),
        },
    )
    message.content_subtype = stored["content_subtype"]
    for content, mimetype in stored["alternatives"]:
        message.attach_alternative(content, mimetype)
    return message


def message_id(notification: Notification) -> str:
    """The same for every copy of one notification: a send repeated because a worker died
    between handing the message to the mail server and recording it (or a restore) is shown
    once by mail programs, which treat equal Message-IDs as one message."""
    key = hashlib.sha256(notification.dedupe_key.encode()).hexdigest()[:16]
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notification-{notification.pk}-{key}@{domain}>"


def build_message(notification: Notification) -> EmailMultiAlternatives | None:
    """The email for a notification, or None when what it reports is no longer true."""
    if notification.kind == Notification.Kind.ACCOUNT_EMAIL:
        return account_message(notification)
    recipient = notification.recipient
    if not recipient.is_active or not recipient.email:
        return None
    with translation.override(notification.language), timezone.override(settings.TIME_ZONE):
        context = BUILDERS[notification.kind](notification)
        if context is None:
            return None
        context.update(
            recipient=recipient,
            site_url=settings.SITE_URL,
            preferences_url=absolute_url(reverse("notifications:preferences")),
        )
        name = f"notifications/email/{notification.kind}"
        subject = " ".join(render_to_string(f"{name}_subject.txt", context).split())
        context["subject"] = subject
        text = render_to_string(f"{name}.txt", context)
        html = render_to_string(f"{name}.html", context)
        sender = portal_sender()
    headers = {
        "Auto-Submitted": "auto-generated",
        "Content-Language": notification.language,
        "Message-ID": message_id(notification),
    }
    if notification.kind in (Notification.Kind.DIGEST, Notification.Kind.ORGANISER_MESSAGE):
        # RFC 8058: mail programs offer a one-click unsubscribe that POSTs to this URL.
        headers["List-Unsubscribe"] = f"<{context['unsubscribe_url']}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=sender, to=[recipient.email], headers=headers
    )
    message.attach_alternative(html, "text/html")
    if context.get("calendar"):
        event = context["event"]
        message.attach(f"{event.slug}.ics", context["calendar"], "text/calendar")
    if context.get("check_in_qr"):
        message.attach("check-in-qr.png", context["check_in_qr"], "image/png")
    if context.get("attachment"):
        name = context["attachment_name"]
        mimetype = mimetypes.guess_type(name)[0] or "application/octet-stream"
        message.attach(name, context["attachment"], mimetype)
    return message
