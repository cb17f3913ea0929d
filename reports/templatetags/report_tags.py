from django import template

from reports.figures import may_see_reports_cached

register = template.Library()


@register.filter
def may_see_reports(user) -> bool:
    """For the navigation: at most one query per request."""
    return may_see_reports_cached(user)
