"""GDPR writes: consents, the personal-data export, account deletion and retention."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from companies.models import OrganisationMembership, SizeDeclaration
from events.models import CheckInLog, Event, Registration, RegistrationAnswer
from networks.models import NetworkMembership
from notifications.models import DigestSubscription, Notification, OrganiserMessageOptOut

from .models import NOTICE_VERSION, Consent


def give_consent(*, user, purpose: str) -> Consent:
    """Record consent to `purpose` under the current notice; giving it twice changes nothing."""
    with transaction.atomic():
        existing = Consent.objects.in_force().for_purpose(purpose).filter(user=user).first()
        if existing:
            return existing
        try:
            with transaction.atomic():
                return Consent.objects.create(
                    user=user, purpose=purpose, text_version=NOTICE_VERSION
                )
        except IntegrityError:  # a concurrent request recorded it first
            return Consent.objects.in_force().for_purpose(purpose).get(user=user)


def withdraw_consent(*, user, purpose: str) -> Consent | None:
    """Withdraw the consent in force for `purpose`, if any; the record stays as evidence."""
    with transaction.atomic():
        consent = (
            Consent.objects.select_for_update()
            .in_force()
            .for_purpose(purpose)
            .filter(user=user)
            .first()
        )
        if consent:
            consent.withdrawn_at = timezone.now()
            consent.save(update_fields=["withdrawn_at"])
        return consent


def collect_personal_data(*, user) -> dict:
    """Everything the portal holds about the user, as plain JSON-ready data."""
    memberships = OrganisationMembership.objects.filter(user=user).select_related(
        "organisation__county"
    )
    registrations = (
        Registration.objects.filter(user=user)
        .select_related("event", "organisation")
        .prefetch_related("answers")
    )
    network_memberships = NetworkMembership.objects.filter(contact_user=user).select_related(
        "network", "organisation"
    )
    return {
        "exported_at": timezone.now(),
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "job_title": user.job_title,
            "phone": user.phone,
            "preferred_language": user.preferred_language,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
            "is_active": user.is_active,
            "calendar_token": user.calendar_token,
        },
        "email_addresses": list(
            EmailAddress.objects.filter(user=user).values("email", "verified", "primary")
        ),
        "organisation_memberships": [
            {
                "organisation": m.organisation.name,
                "role": m.role,
                "status": m.status,
                "requested_at": m.created_at,
                "decided_at": m.decided_at,
            }
            for m in memberships
        ],
        "organisations": [
            {
                "name": m.organisation.name,
                "kind": m.organisation.kind,
                "organisation_number": m.organisation.organisation_number,
                "county": m.organisation.county_id,
                "municipality": m.organisation.municipality,
                "website": m.organisation.website,
                "listed_publicly": m.organisation.is_listed,
                "headcount": m.organisation.headcount,
                "annual_turnover_eur": m.organisation.annual_turnover_eur,
                "balance_sheet_total_eur": m.organisation.balance_sheet_total_eur,
            }
            for m in memberships
            if m.status == OrganisationMembership.Status.ACTIVE
        ],
        "size_declarations_made": list(
            SizeDeclaration.objects.filter(declared_by=user).values(
                "organisation__name", "declared_on", "size_class"
            )
        ),
        "event_registrations": [
            {
                "event": r.event.title,
                "starts_at": r.event.starts_at,
                "organisation": r.organisation.name if r.organisation else None,
                "status": r.status,
                "attended": r.attended,
                "checked_in_at": r.checked_in_at,
                "registered_at": r.created_at,
                "cancelled_at": r.cancelled_at,
                "promoted_at": r.promoted_at,
                "answers": [
                    {
                        "question": answer.question_sv,
                        "question_en": answer.question_en,
                        "answer": answer.answer_sv,
                        "answer_en": answer.answer_en,
                        "answered_at": answer.created_at,
                    }
                    for answer in r.answers.all()
                    if answer.user_id == user.pk
                ],
            }
            for r in registrations
        ],
        "network_memberships": [
            {
                "network": m.network.name,
                "organisation": m.organisation.name,
                "status": m.status,
                "message": m.message,
                "requested_at": m.requested_at,
                "decided_at": m.decided_at,
            }
            for m in network_memberships
        ],
        "projects_coordinated": list(user.coordinated_projects.values_list("name", flat=True)),
        "consents": list(
            Consent.objects.filter(user=user).values(
                "purpose", "text_version", "given_at", "withdrawn_at"
            )
        ),
        "emails": list(
            Notification.objects.filter(recipient=user)
            .order_by("created_at", "id")
            .values("kind", "event__title", "language", "status", "created_at", "sent_at")
        ),
        "digest_subscription": _digest_subscription(user),
        "messages_from_organisers": not OrganiserMessageOptOut.objects.filter(user=user).exists(),
    }


def _digest_subscription(user) -> dict | None:
    subscription = DigestSubscription.objects.filter(user=user).first()
    if subscription is None:
        return None
    return {
        "weekly_digest": subscription.is_active,
        "networks": list(subscription.networks.values_list("name", flat=True)),
        "thematic_areas": list(subscription.thematic_areas.values_list("name", flat=True)),
    }


def delete_account(*, user) -> None:
    """Erase the account and its personal data now; anonymous report facts stay.

    Registrations keep their event, organisation, attendance and hours with no person (the
    foreign key is SET_NULL); memberships, email addresses, consents and answers to
    registration questions go with the account.
    """
    with transaction.atomic():
        # A join request's message is the person's own words; the request itself is the
        # organisation's and stays.
        NetworkMembership.objects.filter(contact_user=user).update(message="")
        user.delete()


def anonymise_expired_participant_data(*, today: datetime.date | None = None) -> int:
    """Detach people from registrations of events whose projects all ended longer ago than
    PERSONAL_DATA_RETENTION_DAYS, and delete their answers to the registration questions;
    returns how many registrations were anonymised."""
    today = today or timezone.localdate()
    cutoff = today - datetime.timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    # An event can count for several projects: it is kept until the last of them expires, and
    # a project with no end date never expires.
    expired_events = (
        Event.objects.filter(projects__isnull=False)
        .exclude(projects__ends_on__isnull=True)
        .exclude(projects__ends_on__gt=cutoff)
        .values("pk")
    )
    with transaction.atomic():
        # The emails about these events name their recipients, so they go too.
        Notification.objects.filter(event__in=expired_events).delete()
        Notification.objects.filter(registration__event__in=expired_events).delete()
        # A transfer in the event's history names both people.
        CheckInLog.objects.filter(event__in=expired_events).exclude(
            transferred_from=None, transferred_to=None
        ).update(transferred_from=None, transferred_to=None)
        RegistrationAnswer.objects.filter(registration__event__in=expired_events).delete()
        return (
            Registration.objects.filter(event__in=expired_events)
            .exclude(user=None)
            .update(user=None, updated_at=timezone.now())
        )
