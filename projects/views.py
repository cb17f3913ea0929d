from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from cluster_portal.page_cache import cache_public_page

from .models import Project


@cache_public_page
def project_list(request):
    projects = Project.objects.visible().select_related("owner").order_by("name")
    page = Paginator(projects, 20).get_page(request.GET.get("page"))
    return render(request, "projects/project_list.html", {"page_obj": page})


@cache_public_page
def project_detail(request, slug):
    project = get_object_or_404(
        Project.objects.visible()
        .select_related("owner")
        .prefetch_related("partnerships__organisation", "funders", "goals"),
        slug=slug,
    )
    return render(request, "projects/project_detail.html", {"project": project})
