import re

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_POST

from accounts.ratelimit import rate_limited
from cluster_portal.listing import filtered_page
from cluster_portal.page_cache import cache_public_page
from companies.models import Organisation

from .calendar import FEED_LIMIT, build_calendar, calendar_event, calendar_response, feed_links
from .filters import public_events
from .forms import EmbedBuilderForm
from .models import Event, Registration
from .services import RegistrationRefused, cancel_registration, register_for_event
from .structured_data import event_json_ld


@cache_public_page
def event_list(request):
    filterset, results = public_events(request.GET)
    listing = filtered_page(request, filterset, queryset=results)
    # The page's events are read again by id (in the same query, as a subquery) so that seats
    # are counted for the 20 shown, not for every event a deep page skips.
    page = listing.page_obj
    page.object_list = (
        Event.objects.filter(pk__in=page.object_list.values("pk"))
        .with_confirmed_count()
        .select_related("county")
        .prefetch_related("hosts")
        .order_by("starts_at", "id")
    )
    return render(
        request,
        "events/event_list.html",
        {
            "listing": listing,
            "filterset": filterset,
            "page_obj": listing.page_obj,
            "feed": feed_links(request, filters=request.GET),
        },
    )


def event_feed(request):
    """The events of any list filter as a calendar to subscribe to (the same as the page)."""
    filterset, results = public_events(request.GET)
    if filterset.is_bound and not filterset.is_valid():
        # A subscribed calendar must not silently turn into every event of the portal.
        raise Http404
    results = results[:FEED_LIMIT]
    names = [str(chosen) for chosen in filterset.chosen_context]
    name = " – ".join([*names, _("Cluster Portal events")])
    calendar = build_calendar(name, (calendar_event(event) for event in results))
    return calendar_response(request, calendar, "events.ics", download=False, max_age=900)


@cache_public_page
def event_detail(request, slug):
    event = get_object_or_404(
        Event.objects.published()
        .with_confirmed_count()
        .select_related("county", "network")
        .prefetch_related("hosts", "programme_items", "speakers", "projects"),
        slug=slug,
    )
    registration = None
    companies = []
    if request.user.is_authenticated:
        registration = (
            event.registrations.live()
            .filter(user=request.user)
            .select_related("organisation")
            .first()
        )
        companies = list(Organisation.objects.represented_by(request.user).order_by("name"))
    seats_left = None
    if event.capacity is not None:
        seats_left = max(event.capacity - event.confirmed_count, 0)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "registration": registration,
            "companies": companies,
            "seats_left": seats_left,
            "registration_open": event.registration_is_open(),
            "json_ld": event_json_ld(event, seats_left=seats_left),
            "share_url": f"{settings.SITE_URL}{event.get_absolute_url()}",
        },
    )


@login_required
@require_POST
@rate_limited(key="events:register", rate="10/m")
def event_register(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    organisation = None
    organisation_id = request.POST.get("organisation", "")
    if organisation_id:
        if not re.fullmatch(r"[0-9]{1,18}", organisation_id):
            raise Http404
        organisation = get_object_or_404(
            Organisation.objects.represented_by(request.user), pk=organisation_id
        )
    try:
        registration = register_for_event(event=event, user=request.user, organisation=organisation)
    except RegistrationRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if registration.status == Registration.Status.CONFIRMED:
            messages.success(request, _("You are registered for %(event)s.") % {"event": event})
        else:
            messages.warning(
                request,
                _(
                    "%(event)s is full. You are number %(position)s on the waiting list and get "
                    "a seat as soon as one is free."
                )
                % {"event": event, "position": registration.waitlist_position},
            )
    return redirect(event)


@login_required
@require_POST
def event_cancel(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    registration = get_object_or_404(event.registrations.live(), user=request.user)
    cancel_registration(registration=registration)
    messages.success(request, _("Your registration for %(event)s is cancelled.") % {"event": event})
    return redirect(event)


def event_calendar(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    calendar = build_calendar(event.title, [calendar_event(event)])
    return calendar_response(request, calendar, f"{event.slug}.ics")


EMBED_LANGUAGES = {"sv", "en"}
EMBED_LIMIT = 50


def embed_options(data) -> dict:
    """The embed's colour and language; anything else than a hex colour or a portal language
    falls back to the default, so nothing from the query reaches the page's CSS unchecked."""
    colour = data.get("colour", "")
    language = data.get("lang", "")
    return {
        "colour": colour.lower() if re.fullmatch(r"[0-9a-fA-F]{6}", colour) else "",
        "language": language if language in EMBED_LANGUAGES else None,
    }


@xframe_options_exempt
@csp_replace(settings.EMBED_CSP)
@csp_replace(settings.EMBED_CSP, REPORT_ONLY=True)
def event_embed(request):
    """The upcoming events of any list filter, as a light page other sites put in an iframe."""
    filterset, results = public_events(request.GET)
    if filterset.is_bound and not filterset.is_valid():
        raise Http404
    options = embed_options(request.GET)
    events = (results.with_confirmed_count().select_related("county").prefetch_related("hosts"))[
        :EMBED_LIMIT
    ]
    with translation.override(options["language"] or translation.get_language()):
        response = render(
            request,
            "events/embed.html",
            {"events": events, "colour": options["colour"], "filterset": filterset},
        )
    patch_cache_control(response, public=True, max_age=300)
    return response


def embed_colour(request, colour):
    """The embed's accent colour as a style sheet (the policy allows no inline style)."""
    if not re.fullmatch(r"[0-9a-f]{6}", colour):
        raise Http404
    response = HttpResponse(f":root {{ --accent: #{colour}; }}\n", content_type="text/css")
    patch_cache_control(response, public=True, max_age=31536000, immutable=True)
    return response


@staff_member_required
def embed_builder(request):
    """Staff choose a filter, language and colour, see the embed and copy its snippet."""
    form = EmbedBuilderForm(
        request.GET or {"lang": translation.get_language(), "colour": "#0b5d3b"}
    )
    query = form.embed_query() if form.is_valid() else ""
    # The embed takes its language from `lang`, so one address serves both.
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("events:embed")
    embed_url = request.build_absolute_uri(path) + (f"?{query}" if query else "")
    return render(
        request,
        "events/embed_builder.html",
        {
            "form": form,
            "embed_url": embed_url,
            "script_url": request.build_absolute_uri(static("js/embed.js")),
        },
    )
