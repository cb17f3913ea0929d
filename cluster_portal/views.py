import redis
from django.conf import settings
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from accounts.ratelimit import PER_PROCESS_WARNING, counted_per_process
from companies.models import Organisation
from events.models import Event
from networks.models import Network
from projects.models import Project
from web.brand import brand_stylesheet
from web.page_cache import cache_public_page


@require_safe
def brand_css(request):
    """The brand's colours as a style sheet; its address carries the colour, so it may be
    cached for good."""
    accent = settings.BRAND["ACCENT"]
    if not accent:
        return HttpResponse("", content_type="text/css")
    response = HttpResponse(brand_stylesheet(accent), content_type="text/css")
    patch_cache_control(response, public=True, max_age=31536000, immutable=True)
    return response


@require_safe
@never_cache
def healthz(request):
    """For load balancers: 200 while the database answers, 503 when it does not.

    PostgreSQL holds the truth, so only it decides. Redis (cache and Celery broker) being down
    makes the site slower, not wrong: the answer stays 200 with `"redis": "down"` and
    `"degraded": true`, so the web servers stay in rotation while an operator is told.
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means the database is down for us
        checks["database"] = f"down: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        # Asked directly: the cache itself carries on in local memory while Redis is away.
        try:
            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
            )
            client.ping()
            client.close()
            checks["redis"] = "ok"
        except Exception as exc:
            checks["redis"] = f"down: {exc.__class__.__name__}"
    down = sorted(name for name, state in checks.items() if state != "ok")
    body = {
        "status": "unavailable" if "database" in down else "ok",
        "degraded": bool(down),
        "checks": checks,
    }
    if "redis" in checks:
        body["redis"] = "ok" if checks["redis"] == "ok" else "down"
    body["rate_limits"] = "per process" if counted_per_process() else "shared"
    if counted_per_process() and not settings.DEBUG:
        body["warnings"] = [PER_PROCESS_WARNING]
    if down:
        body["down"] = down
    return JsonResponse(body, status=503 if "database" in down else 200)


@cache_public_page
def home(request):
    upcoming_events = Event.objects.upcoming_cards()[:6]
    open_networks = Network.objects.open_to_join().prefetch_related("hosts")[:6]
    active_projects = Project.objects.active().select_related("owner")[:6]
    science_parks = (
        Organisation.objects.science_parks()
        .select_related("county")
        .prefetch_related("thematic_areas")
    )
    return render(
        request,
        "home.html",
        {
            "upcoming_events": upcoming_events,
            "open_networks": open_networks,
            "active_projects": active_projects,
            "science_parks": science_parks,
        },
    )
