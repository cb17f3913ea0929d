from django.http import HttpResponse
from django.template import engines
from django.urls import path

from cluster_portal.urls import urlpatterns as portal_urlpatterns

EMPTY_PAGE = engines["django"].from_string('{% extends "base.html" %}')


def ok(request):
    """The ceiling: the same server and middleware, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


def empty_page(request):
    """The floor of every page: base.html with no content, through the same middleware."""
    return HttpResponse(EMPTY_PAGE.render({}, request))


urlpatterns = [
    path("bench/ok", ok, name="bench-ok"),
    path("bench/base", empty_page, name="bench-base"),
    *portal_urlpatterns,
]
