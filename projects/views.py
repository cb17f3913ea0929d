from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from web.listing import filtered_page
from web.page_cache import cache_public_page

from .filters import ProjectFilter
from .models import Project, ProjectPartner
from .progress import goal_values, with_goal_totals


@cache_public_page
def project_list(request):
    projects = (
        Project.objects.visible()
        .select_related("owner")
        .prefetch_related("counties", "thematic_areas")
        .order_by("name", "id")
    )
    filterset = ProjectFilter(request.GET or None, queryset=projects)
    listing = filtered_page(request, filterset)
    return render(
        request,
        "projects/project_list.html",
        {"listing": listing, "filterset": filterset, "page_obj": listing.page_obj},
    )


@cache_public_page
def project_detail(request, slug):
    project = get_object_or_404(
        with_goal_totals(Project.objects.visible())
        .select_related("owner")
        .prefetch_related(
            Prefetch(
                "partnerships", queryset=ProjectPartner.objects.select_related("organisation")
            ),
            "funders",
            "goals",
            "counties",
        ),
        slug=slug,
    )
    values = goal_values(project.goals.all(), project)
    goals = [
        {
            "goal": goal,
            "current": values[goal.pk],
            "target": goal.target_value,
            "percent": goal.percent_of_target(values[goal.pk]),
        }
        for goal in project.goals.all()
    ]
    events = project.events.upcoming_cards()[:10]
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "goals": goals,
            "events": events,
            "networks": project.networks.filter(is_archived=False).order_by("name"),
            "owners": [project.owner],
            # The coordinator (and the owner's staff) reach the reports from here.
            "may_report": request.user.is_authenticated
            and Project.objects.reportable_by(request.user).filter(pk=project.pk).exists(),
        },
    )
