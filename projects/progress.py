"""Progress towards a project's goals, counted from what happened at its events: only attended
participations count. Apart from `projects.models` because it reads the events app, which itself
refers to projects."""

from django.db import models
from django.db.models import Case, Count, Exists, OuterRef, Subquery, Sum, When
from django.db.models.functions import Coalesce

from companies.models import Organisation
from events.models import Event, Registration

from .models import Project, ProjectGoal


def with_goal_totals(projects):
    """Annotate every project in `projects` with what counts towards its goals, `goal_<metric>`
    for each computed metric (read by `goal_values`), in the same query.

    Each total is a one-row subquery (the attended registrations come from the partial index
    `registration_attended_idx`), computed only when one of the project's goals measures it;
    otherwise it is 0.
    """
    attended = (
        Registration.objects.attended()
        .filter(event__projects=OuterRef("pk"))
        .order_by()
        .values("event__projects")
    )
    held = (
        Event.objects.filter(projects=OuterRef("pk"), status=Event.Status.PUBLISHED)
        .past()
        .order_by()
        .values("projects")
    )

    def total(metrics, queryset, aggregate, output_field=None):
        output_field = output_field or models.IntegerField()
        measured = Exists(ProjectGoal.objects.filter(project=OuterRef("pk"), metric__in=metrics))
        value = Subquery(queryset.annotate(total=aggregate).values("total"))
        return Case(
            When(measured, then=Coalesce(value, 0, output_field=output_field)),
            default=0,
            output_field=output_field,
        )

    metric = ProjectGoal.Metric
    return projects.annotate(
        **{
            f"goal_{metric.COMPANIES_REACHED}": total(
                [metric.COMPANIES_REACHED], attended, Count("organisation", distinct=True)
            ),
            f"goal_{metric.RCO01}": total(
                [metric.RCO01, metric.RCO04],
                attended.filter(organisation__kind=Organisation.Kind.COMPANY),
                Count("organisation", distinct=True),
            ),
            f"goal_{metric.PARTICIPANTS}": total([metric.PARTICIPANTS], attended, Count("*")),
            f"goal_{metric.SUPPORT_HOURS}": total(
                [metric.SUPPORT_HOURS],
                attended,
                Sum("event__support_hours"),
                models.DecimalField(),
            ),
            f"goal_{metric.EVENTS_HELD}": total([metric.EVENTS_HELD], held, Count("*")),
        }
    )


def goal_values(goals, project=None) -> dict[int, int]:
    """The current value of each goal of one project, keyed by goal pk: read from `project`
    when it is annotated by `with_goal_totals()`, else in one query. A manually reported goal
    has the value staff entered."""
    goals = list(goals)
    if not goals:
        return {}
    if project is None:
        project = with_goal_totals(Project.objects.all()).get(pk=goals[0].project_id)
    values = {}
    for goal in goals:
        metric = (
            ProjectGoal.Metric.RCO01 if goal.metric == ProjectGoal.Metric.RCO04 else goal.metric
        )
        total = getattr(project, f"goal_{metric}", None)
        values[goal.pk] = int(total) if total is not None else (goal.manual_value or 0)
    return values
