"""The emails: one subject/text/HTML template triple per kind, in the recipient's language."""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

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

from .models import DigestSubscription, Notification

UNSUBSCRIBE_SALT = "notifications.digest-unsubscribe"


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def unsubscribe_token(user) -> str:
    return signing.dumps(user.pk, salt=UNSUBSCRIBE_SALT, compress=True)


def user_from_unsubscribe_token(token: str):
    """The user the token was made for, or None when it is forged or mangled."""
    try:
        pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    return User.objects.filter(pk=pk).first()


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
    Notification.Kind.DECLARATION_REMINDER: _declaration_reminder,
}


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
    if notification.kind == Notification.Kind.DIGEST:
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
    return message
