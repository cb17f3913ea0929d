from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from cluster_portal.page_cache import cache_public_page

from .models import Organisation


@cache_public_page
def organisation_list(request):
    organisations = (
        Organisation.objects.listed()
        .select_related("county")
        .prefetch_related("thematic_areas")
        .order_by("name")
    )
    page = Paginator(organisations, 20).get_page(request.GET.get("page"))
    return render(request, "companies/organisation_list.html", {"page_obj": page})


@cache_public_page
def organisation_detail(request, slug):
    organisation = get_object_or_404(
        Organisation.objects.listed().select_related("county").prefetch_related("thematic_areas"),
        slug=slug,
    )
    return render(request, "companies/organisation_detail.html", {"organisation": organisation})
