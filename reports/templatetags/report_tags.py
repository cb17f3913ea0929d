from django import template

from reports.figures import may_see_reports as _may_see_reports

register = template.Library()


@register.filter
def may_see_reports(user) -> bool:
    """For the navigation: cached on the user object, so one query per request at most."""
    if not hasattr(user, "_may_see_reports"):
        user._may_see_reports = _may_see_reports(user)
    return user._may_see_reports
