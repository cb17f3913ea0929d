from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from cluster_portal.page_cache import cache_public_page

from .models import Network


@cache_public_page
def network_list(request):
    networks = (
        Network.objects.active()
        .prefetch_related("hosts", "counties", "thematic_areas")
        .order_by("name")
    )
    page = Paginator(networks, 20).get_page(request.GET.get("page"))
    return render(request, "networks/network_list.html", {"page_obj": page})


@cache_public_page
def network_detail(request, slug):
    network = get_object_or_404(
        Network.objects.select_related("project").prefetch_related(
            "hosts", "counties", "thematic_areas"
        ),
        slug=slug,
    )
    return render(request, "networks/network_detail.html", {"network": network})
