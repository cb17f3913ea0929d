from django.http import HttpResponse
from django.urls import path

from cluster_portal.urls import urlpatterns as portal_urlpatterns


def ok(request):
    """The ceiling: the same server and middleware, no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok", ok, name="bench-ok"), *portal_urlpatterns]
