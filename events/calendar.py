"""iCalendar files: the one builder for every place an event leaves the portal as a calendar
entry (the single-event download, the confirmation email, the personal feed and the public
feeds of any event list filter).

An entry keeps the same UID everywhere, so a calendar program that receives the same event
from the download and from the email (or a feed) shows it once and replaces it when the
`SEQUENCE` (`Event.sequence`) goes up.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .models import Event


def event_uid(event: Event) -> str:
    # The site's host name without the port: the UID must not change with how the portal was
    # reached (a request's Host, `make run` on another port, the email's SITE_URL).
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"event-{event.pk}@{host}"


def event_location(event: Event, *, online_link: bool = False) -> str:
    """Where the event takes place; the link to join online only when `online_link`."""
    place = ", ".join(part for part in (event.venue_name, event.address, event.city) if part)
    if online_link and event.online_url and event.format != Event.Format.ON_SITE:
        return f"{place} · {event.online_url}" if place else event.online_url
    return place


def calendar_event(
    event: Event, *, tentative: bool = False, online_link: bool = False
) -> CalendarEvent:
    """One event as a VEVENT; the link to join online only for confirmed participants."""
    entry = CalendarEvent()
    entry.add("uid", event_uid(event))
    entry.add("summary", event.title)
    entry.add("dtstart", event.starts_at)
    entry.add("dtend", event.ends_at)
    # The time of the last change, not of the download: the same event gives the same bytes,
    # so a feed's ETag stays valid until something changes.
    entry.add("dtstamp", event.updated_at)
    entry.add("last-modified", event.updated_at)
    # Calendar programs replace an entry they already have only by a higher sequence number.
    entry.add("sequence", event.sequence)
    entry.add("url", f"{settings.SITE_URL}{event.get_absolute_url()}")
    if event.description:
        entry.add("description", event.description)
    location = event_location(event, online_link=online_link)
    if location:
        entry.add("location", location)
    if event.is_cancelled:
        entry.add("status", "CANCELLED")
    else:
        entry.add("status", "TENTATIVE" if tentative else "CONFIRMED")
    return entry


def add_to_calendar_links(event: Event) -> dict:
    """Addresses that open one event as a new entry in Google Calendar and Outlook on the web
    (the .ics download serves every other calendar program)."""
    utc = datetime.UTC
    starts, ends = event.starts_at.astimezone(utc), event.ends_at.astimezone(utc)
    url = f"{settings.SITE_URL}{event.get_absolute_url()}"
    location = event_location(event)
    google = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{starts:%Y%m%dT%H%M%SZ}/{ends:%Y%m%dT%H%M%SZ}",
        "details": url,
        "location": location,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "startdt": starts.isoformat().replace("+00:00", "Z"),
        "enddt": ends.isoformat().replace("+00:00", "Z"),
        "body": url,
        "location": location,
    }
    return {
        "google": "https://calendar.google.com/calendar/render?" + urlencode(google),
        "outlook": "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(outlook),
    }


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", "-//Cluster Portal//cluster-portal//")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-published-ttl", "PT1H")
    return calendar


def build_calendar(name: str, entries: Iterable[CalendarEvent]) -> Calendar:
    calendar = new_calendar(name)
    for entry in entries:
        calendar.add_component(entry)
    return calendar


def event_calendar_file(event: Event, *, online_link: bool = False) -> bytes:
    """One event as a complete iCalendar file (the download and the email attachment)."""
    return build_calendar(event.title, [calendar_event(event, online_link=online_link)]).to_ical()


def calendar_response(
    request, calendar: Calendar, filename: str, *, download: bool = True, max_age: int = 0
) -> HttpResponse:
    """The calendar as a response with an ETag and Last-Modified, or a 304 when unchanged."""
    body = calendar.to_ical()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    stamps = [entry.decoded("last-modified") for entry in calendar.walk("VEVENT")]
    last_modified = int(max(stamps).timestamp()) if stamps else None
    unchanged = get_conditional_response(request, etag=etag, last_modified=last_modified)
    response = unchanged or HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    if max_age:
        patch_cache_control(response, public=True, max_age=max_age)
    return response


# A subscribed feed holds at most this many events (an unfiltered feed of a busy portal).
FEED_LIMIT = 1000
# Query parameters of the list that do not change which events it shows.
NOT_FILTERS = {"page"}


def feed_links(request, *, filters) -> dict:
    """The subscription addresses of the event feed for `filters` (a list page's query)."""
    query = urlencode(
        [(key, value) for key, value in filters.items() if key not in NOT_FILTERS and value]
    )
    path = reverse("events:feed") + (f"?{query}" if query else "")
    return subscription_links(request.build_absolute_uri(path), gettext("Cluster Portal events"))


def subscription_links(feed_url: str, name: str) -> dict:
    """Addresses that subscribe a calendar program to `feed_url` (an absolute http(s) URL)."""
    webcal = "webcal://" + feed_url.split("://", 1)[1]
    return {
        "feed": feed_url,
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": feed_url, "name": name}),
    }
