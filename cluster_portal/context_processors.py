"""What the navigation on every page needs to know about the visitor."""

from django.utils.functional import SimpleLazyObject

from reports.figures import may_see_reports_cached


def navigation(request):
    # Lazy: a page whose template never asks costs no query.
    return {"may_see_reports": SimpleLazyObject(lambda: may_see_reports_cached(request.user))}
