"""The signed-in person's own pages under /me/: their companies, networks and registrations in
one place, and their personal calendar feed."""

import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.forms import ProfileForm
from accounts.models import new_calendar_token
from companies.models import Organisation, OrganisationMembership
from events.calendar import build_calendar, calendar_event, calendar_response
from events.models import Registration
from events.qr import qr_svg
from networks.models import NetworkMembership
from projects.models import Project

ME_PAST_PER_PAGE = 20
ME_REGISTRATION_FIELDS = [
    "status",
    "attended",
    "offer_expires_at",
    "created_at",
    "event__slug",
    # Both languages of the title (django-modeltranslation): the page shows one, or the other.
    "event__title_sv",
    "event__title_en",
    "event__starts_at",
    "event__ends_at",
    "event__status",
    "organisation__name",
]


@login_required
def me(request):
    user = request.user
    company_memberships = list(
        user.organisation_memberships.select_related("organisation").order_by("organisation__name")
    )
    # Requests to join the companies the user administers, counted per company.
    requests_to_decide = dict(
        OrganisationMembership.objects.pending()
        .filter(organisation__in=Organisation.objects.administered_by(user))
        .values_list("organisation_id")
        .annotate(count=Count("id"))
    )
    for membership in company_memberships:
        membership.requests_to_decide = requests_to_decide.get(membership.organisation_id, 0)
    network_memberships = (
        NetworkMembership.objects.filter(organisation__in=Organisation.objects.represented_by(user))
        .exclude(status=NetworkMembership.Status.LEFT)
        .select_related("network", "organisation")
        .order_by("network__name", "organisation__name")
    )
    # Only the columns the page shows: an event's descriptions are never read here.
    registrations = (
        Registration.objects.filter(user=user)
        .live()
        .select_related("event", "organisation")
        .only(*ME_REGISTRATION_FIELDS)
    )
    now = timezone.now()
    upcoming = list(
        registrations.filter(event__ends_at__gte=now)
        .with_waitlist_position()
        .order_by("event__starts_at", "event_id")
    )
    # Past registrations a page at a time, newest first, so the page costs the same for a
    # person with five registrations and one with five hundred.
    past_page = Paginator(
        registrations.filter(event__ends_at__lt=now).order_by("-event__starts_at", "-event_id"),
        ME_PAST_PER_PAGE,
    ).get_page(request.GET.get("page"))
    # Each confirmed seat's QR code for the door (printable on the ticket page).
    for registration in upcoming:
        if registration.status == Registration.Status.CONFIRMED:
            registration.qr = qr_svg(registration.check_in_url(), scale=3)
    feed_url = request.build_absolute_uri(
        reverse("me:calendar", kwargs={"token": user.calendar_token})
    )
    return render(
        request,
        "me/index.html",
        {
            "company_memberships": company_memberships,
            "network_memberships": network_memberships,
            "coordinated_projects": Project.objects.coordinated_by(user).order_by("name"),
            "upcoming": upcoming,
            "seat_offers": [
                registration for registration in upcoming if registration.offer_expires_at
            ],
            "past_page": past_page,
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        },
    )


@login_required
def profile(request):
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile is saved."))
        return redirect(next_url or "me:index")
    return render(request, "me/profile.html", {"form": form, "next": next_url})


@login_required
@require_POST
def renew_calendar_token(request):
    request.user.calendar_token = new_calendar_token()
    request.user.save(update_fields=["calendar_token"])
    messages.success(request, _("Your calendar link is renewed; the old link no longer works."))
    return redirect("me:index")


def personal_calendar(request, token):
    user = get_object_or_404(get_user_model().objects.filter(is_active=True), calendar_token=token)
    since = timezone.now() - datetime.timedelta(days=180)
    registrations = (
        Registration.objects.filter(user=user, event__ends_at__gte=since)
        .filter(Q(status=Registration.Status.CONFIRMED) | Q(status=Registration.Status.WAITLISTED))
        .select_related("event")
        .order_by("event__starts_at")
    )
    calendar = build_calendar(
        _("My events – Cluster Portal"),
        (
            calendar_event(
                registration.event,
                tentative=registration.status == Registration.Status.WAITLISTED,
                online_link=registration.status == Registration.Status.CONFIRMED,
            )
            for registration in registrations
        ),
    )
    # Calendar apps subscribe to this address; it is not a download.
    return calendar_response(request, calendar, "cluster-portal.ics", download=False)
