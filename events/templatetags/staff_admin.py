"""The overview on the admin index: the upcoming events the user's organisation hosts (or,
for coordinators, their projects' events) and the membership requests waiting for a decision."""

from django import template

from events.models import Event
from networks.models import NetworkMembership

register = template.Library()

LIMIT = 10


@register.simple_tag(takes_context=True)
def staff_overview(context):
    user = context["request"].user
    events = (
        Event.objects.filter(pk__in=Event.objects.viewable_by(user).values("pk"))
        .upcoming()
        .exclude(status=Event.Status.CANCELLED)
        .with_seat_counts()
        .order_by("starts_at", "id")
    )
    requests = (
        NetworkMembership.objects.manageable_by(user)
        .pending()
        .select_related("organisation", "network")
        .order_by("requested_at", "id")
    )
    return {
        "events": list(events[:LIMIT]),
        "more_events": events.count() > LIMIT,
        "requests": list(requests[:LIMIT]),
        "request_count": requests.count(),
    }
