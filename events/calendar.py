"""iCalendar files: one event's file and the personal feed of a participant."""

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event


def calendar_event(
    event: Event, request, *, tentative: bool = False, online_link: bool = False
) -> CalendarEvent:
    """One event as a VEVENT; the link to join online only for confirmed participants."""
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@{request.get_host()}")
    entry.add("summary", event.title)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    entry.add("dtstamp", timezone.now())
    entry.add("url", request.build_absolute_uri(event.get_absolute_url()))
    if event.description:
        entry.add("description", event.description)
    location = ", ".join(part for part in (event.venue_name, event.address, event.city) if part)
    if online_link and event.online_url:
        location = f"{location} ({event.online_url})" if location else event.online_url
    if location:
        entry.add("location", location)
    if event.status == Event.Status.CANCELLED:
        entry.add("status", "CANCELLED")
    else:
        entry.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    return entry


def calendar_response(calendar: Calendar, filename: str, *, download: bool = True) -> HttpResponse:
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Cluster Portal//cluster-portal//")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-published-ttl", "PT1H")
    return calendar
