"""In an event's offer mode a freed seat is offered to the first on the waiting list for a
limited time; the beat task passes an unanswered offer on, once."""

import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration
from events.services import (
    RegistrationRefused,
    accept_seat_offer,
    cancel_event,
    cancel_registration,
    decline_seat_offer,
    expire_seat_offers,
    promote_registration,
    register_for_event,
)
from events.tasks import expire_seat_offers as expire_seat_offers_task
from notifications.models import Notification
from tests.conftest import requires_postgres
from tests.factories import EventFactory, OrganisationMembershipFactory, RegistrationFactory

HOUR = datetime.timedelta(hours=1)


def register(event):
    membership = OrganisationMembershipFactory()
    return register_for_event(
        event=event, user=membership.user, organisation=membership.organisation
    )


def full_event_with_queue(waiting=3, **fields):
    """A one-seat event in offer mode: one confirmed seat and `waiting` people in the queue."""
    event = EventFactory(capacity=1, waitlist_mode=Event.WaitlistMode.OFFER, **fields)
    seat = register(event)
    queue = [register(event) for _ in range(waiting)]
    return event, seat, queue


def reload(registration):
    return Registration.objects.get(pk=registration.pk)


@pytest.mark.django_db
def test_a_freed_seat_is_offered_to_the_first_waiting_with_a_deadline():
    _event, seat, queue = full_event_with_queue(offer_hours=24)
    before = timezone.now()
    cancel_registration(registration=seat)
    first = reload(queue[0])
    assert first.status == Registration.Status.WAITLISTED
    assert first.is_offered_a_seat
    assert before + 24 * HOUR <= first.offer_expires_at <= timezone.now() + 24 * HOUR
    assert not reload(queue[1]).is_offered_a_seat
    notification = Notification.objects.get(kind=Notification.Kind.SEAT_OFFERED)
    assert notification.registration == first


@pytest.mark.django_db
def test_the_offered_seat_is_held_against_newcomers():
    event, seat, _queue = full_event_with_queue(waiting=1)
    cancel_registration(registration=seat)
    assert register(event).status == Registration.Status.WAITLISTED


@pytest.mark.django_db
def test_automatic_mode_still_promotes_at_once():
    event = EventFactory(capacity=1)
    seat, waiting = register(event), register(event)
    cancel_registration(registration=seat)
    assert reload(waiting).status == Registration.Status.CONFIRMED
    assert reload(waiting).offer_expires_at is None


@pytest.mark.django_db
def test_an_offer_never_outlasts_the_start_of_the_event():
    event, seat, queue = full_event_with_queue(offer_hours=48, starts_at=timezone.now() + 5 * HOUR)
    cancel_registration(registration=seat)
    assert reload(queue[0]).offer_expires_at == event.starts_at


@pytest.mark.django_db
def test_accepting_in_time_confirms_the_seat():
    _event, seat, queue = full_event_with_queue()
    cancel_registration(registration=seat)
    accepted = accept_seat_offer(registration=queue[0])
    assert accepted.status == Registration.Status.CONFIRMED
    assert accepted.offer_expires_at is None
    assert accepted.promoted_at is not None
    assert Notification.objects.filter(
        kind=Notification.Kind.PROMOTED, registration=accepted
    ).exists()
    assert expire_seat_offers(now=timezone.now() + 48 * HOUR) == 0


@pytest.mark.django_db
def test_accepting_too_late_is_refused_even_before_the_task_runs():
    _event, seat, queue = full_event_with_queue(offer_hours=1)
    cancel_registration(registration=seat)
    with pytest.raises(RegistrationRefused, match="ran out"):
        accept_seat_offer(registration=queue[0], now=timezone.now() + 2 * HOUR)
    assert reload(queue[0]).status == Registration.Status.WAITLISTED


@pytest.mark.django_db
def test_declining_passes_the_seat_to_the_next():
    _event, seat, queue = full_event_with_queue()
    cancel_registration(registration=seat)
    decline_seat_offer(registration=queue[0])
    assert reload(queue[0]).status == Registration.Status.CANCELLED
    assert reload(queue[1]).is_offered_a_seat
    with pytest.raises(RegistrationRefused):
        decline_seat_offer(registration=queue[2])


@pytest.mark.django_db
def test_expiry_offers_the_seat_to_the_next_and_running_it_twice_changes_nothing():
    event, seat, queue = full_event_with_queue(offer_hours=24)
    cancel_registration(registration=seat)
    later = timezone.now() + 25 * HOUR
    assert expire_seat_offers(now=later) == 1
    assert expire_seat_offers(now=later) == 0
    first, second, third = (reload(registration) for registration in queue)
    assert first.status == Registration.Status.CANCELLED
    assert second.is_offered_a_seat
    assert second.offer_expires_at == later + 24 * HOUR
    assert not third.is_offered_a_seat
    assert Notification.objects.filter(kind=Notification.Kind.SEAT_OFFER_EXPIRED).count() == 1
    assert Notification.objects.filter(kind=Notification.Kind.SEAT_OFFERED).count() == 2
    # The next expiry reaches the third person, and nobody is skipped or offered twice.
    assert expire_seat_offers(now=later + 25 * HOUR) == 1
    assert reload(third).is_offered_a_seat
    assert event.registrations.offered().count() == 1


@pytest.mark.django_db
def test_the_beat_task_is_scheduled_and_runs_the_expiry(settings):
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "events.tasks.expire_seat_offers" in scheduled
    _event, seat, queue = full_event_with_queue()
    cancel_registration(registration=seat)
    Registration.objects.filter(pk=queue[0].pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    assert expire_seat_offers_task.delay().get() == 1
    assert expire_seat_offers_task.delay().get() == 0
    assert reload(queue[1]).is_offered_a_seat


@pytest.mark.django_db
def test_an_expired_offer_with_nobody_waiting_frees_the_seat():
    event, seat, _queue = full_event_with_queue(waiting=1)
    cancel_registration(registration=seat)
    expire_seat_offers(now=timezone.now() + 25 * HOUR)
    assert event.registrations.holding_seats().count() == 0
    assert register(event).status == Registration.Status.CONFIRMED


@requires_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_expiry_runs_offer_each_seat_once(counties):
    _event, seat, queue = full_event_with_queue(waiting=4)
    cancel_registration(registration=seat)
    later = timezone.now() + 25 * HOUR
    start = threading.Barrier(4)
    results, errors = [], []

    def run():
        try:
            start.wait(timeout=10)
            results.append(expire_seat_offers(now=later))
        except Exception as exc:  # any error fails the test below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sum(results) == 1
    statuses = [(reload(r).status, reload(r).is_offered_a_seat) for r in queue]
    assert statuses == [
        ("cancelled", False),
        ("waitlisted", True),
        ("waitlisted", False),
        ("waitlisted", False),
    ]
    assert Notification.objects.filter(kind=Notification.Kind.SEAT_OFFERED).count() == 2


# Pages ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_offer_page_accepts_and_me_shows_the_deadline(client):
    event, seat, queue = full_event_with_queue()
    cancel_registration(registration=seat)
    offered = reload(queue[0])
    client.force_login(offered.user)
    me = client.get(reverse("me:index")).content.decode()
    assert reverse("events:offer", args=[event.slug]) in me
    url = reverse("events:offer", args=[event.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "accept"})
    assert response.status_code == 302
    assert reload(offered).status == Registration.Status.CONFIRMED
    assert client.get(url).status_code == 404


@pytest.mark.django_db
def test_the_offer_page_declines(client):
    event, seat, queue = full_event_with_queue()
    cancel_registration(registration=seat)
    client.force_login(queue[0].user)
    client.post(reverse("events:offer", args=[event.slug]), {"decision": "decline"})
    assert reload(queue[0]).status == Registration.Status.CANCELLED
    assert reload(queue[1]).is_offered_a_seat


@pytest.mark.django_db
def test_nobody_else_can_answer_an_offer(client):
    event, seat, queue = full_event_with_queue()
    cancel_registration(registration=seat)
    client.force_login(queue[1].user)
    url = reverse("events:offer", args=[event.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "accept"}).status_code == 404
    assert reload(queue[0]).is_offered_a_seat


@pytest.mark.django_db
def test_the_offer_mail_links_to_the_offer_page(committing_client, mailoutbox):
    event, seat, queue = full_event_with_queue(waiting=1)
    committing_client.force_login(seat.user)
    committing_client.post(reverse("events:cancel", args=[event.slug]))
    [offer] = [m for m in mailoutbox if m.to == [queue[0].user.email]]
    # In the recipient's language (Swedish): the address has no language prefix.
    assert f"https://localhost/events/{event.slug}/offer/" in offer.body


@pytest.mark.django_db
def test_the_database_offers_seats_only_to_the_waiting_list():
    registration = RegistrationFactory(status="confirmed")
    registration.offer_expires_at = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        registration.save()


@pytest.mark.django_db
def test_staff_promoting_an_offered_person_confirms_the_held_seat():
    _event, seat, queue = full_event_with_queue()
    cancel_registration(registration=seat)
    promoted = promote_registration(registration=queue[0])
    assert (promoted.status, promoted.offer_expires_at) == (Registration.Status.CONFIRMED, None)
    with pytest.raises(RegistrationRefused, match="full"):
        promote_registration(registration=queue[1])


@pytest.mark.django_db
def test_an_offer_on_a_cancelled_event_is_neither_accepted_nor_passed_on():
    event, seat, queue = full_event_with_queue()
    cancel_registration(registration=seat)
    cancel_event(event=event)
    with pytest.raises(RegistrationRefused, match="cancelled"):
        accept_seat_offer(registration=queue[0])
    assert expire_seat_offers(now=timezone.now() + 25 * HOUR) == 1
    assert event.registrations.offered().count() == 0
