from urllib.parse import urlencode

from django import template
from django.urls import reverse

from events.calendar import feed_links
from events.filters import EventFilter
from events.models import Event

register = template.Library()


@register.inclusion_tag("events/_feed_links.html", takes_context=True)
def event_feed_links(context, **filters):
    """The event list and calendar feed of one organisation, network or project; nothing
    where the public list would not accept the filter (an organisation that is not listed)."""
    # A network's or project's page is shown only when it is public; an organisation's page
    # also to the people of a company that is not listed, whose feed would not exist.
    if (
        "organisation" in filters
        and not EventFilter(filters, queryset=Event.objects.none()).is_valid()
    ):
        return {}
    return {
        "feed": feed_links(context["request"], filters=filters),
        "list_url": reverse("events:list") + "?" + urlencode(filters),
    }
