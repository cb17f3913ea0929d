from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from cluster_portal.page_cache import cache_public_page

from .models import Event


@cache_public_page
def event_list(request):
    events = (
        Event.objects.published()
        .upcoming()
        .select_related("county")
        .prefetch_related("hosts")
        .order_by("starts_at", "id")
    )
    page = Paginator(events, 20).get_page(request.GET.get("page"))
    return render(request, "events/event_list.html", {"page_obj": page})


@cache_public_page
def event_detail(request, slug):
    event = get_object_or_404(
        Event.objects.published()
        .with_seat_counts()
        .select_related("county", "network")
        .prefetch_related("hosts", "programme_items", "speakers"),
        slug=slug,
    )
    return render(request, "events/event_detail.html", {"event": event})
