"""schema.org `Event` for an event page, the fields search engines read for events."""

from django.conf import settings

from .models import Event

ATTENDANCE_MODE = {
    Event.Format.ON_SITE: "https://schema.org/OfflineEventAttendanceMode",
    Event.Format.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    Event.Format.HYBRID: "https://schema.org/MixedEventAttendanceMode",
}


def event_json_ld(event: Event, *, seats_left: int | None) -> dict:
    """`event` as JSON-LD; the link to join online stays for confirmed participants."""
    url = f"{settings.SITE_URL}{event.get_absolute_url()}"
    place = {
        "@type": "Place",
        "name": event.venue_name or event.city,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": event.address,
            "addressLocality": event.city,
            "addressRegion": str(event.county) if event.county_id else "",
            "addressCountry": "SE",
        },
    }
    locations = {
        Event.Format.ON_SITE: place,
        Event.Format.ONLINE: {"@type": "VirtualLocation", "url": url},
        Event.Format.HYBRID: [place, {"@type": "VirtualLocation", "url": url}],
    }
    offer = {
        "@type": "Offer",
        "price": "0",
        "priceCurrency": "SEK",
        "url": url,
        "availability": "https://schema.org/SoldOut"
        if seats_left == 0
        else "https://schema.org/InStock",
    }
    if event.registration_opens_at:
        offer["validFrom"] = event.registration_opens_at.isoformat()
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.description,
        "url": url,
        "startDate": event.starts_at.isoformat(),
        "endDate": event.ends_at.isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": ATTENDANCE_MODE[event.format],
        "location": locations[event.format],
        "organizer": [
            {
                "@type": "Organization",
                "name": host.name,
                "url": f"{settings.SITE_URL}{host.get_absolute_url()}",
            }
            for host in event.hosts.all()
        ],
        "isAccessibleForFree": True,
        "offers": offer,
        "inLanguage": ["sv", "en"] if event.language == Event.Language.BOTH else event.language,
    }
