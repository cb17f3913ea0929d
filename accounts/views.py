import datetime

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from companies.models import Organisation, OrganisationMembership
from events.calendar import calendar_event, calendar_response, new_calendar
from events.models import Registration
from networks.models import NetworkMembership

from .forms import ProfileForm
from .models import new_calendar_token


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
    # Sorted here, not by the event's start in SQL: that join made PostgreSQL hash every event
    # in the table to order one person's registrations. The events and organisations are
    # fetched by id instead.
    registrations = sorted(
        Registration.objects.filter(user=user)
        .live()
        .order_by()
        .prefetch_related("event", "organisation"),
        key=lambda registration: (registration.event.starts_at, registration.event_id),
    )
    now = timezone.now()
    upcoming = [r for r in registrations if r.event.ends_at >= now]
    past = [r for r in registrations if r.event.ends_at < now][::-1]
    waitlisted = [r for r in upcoming if r.status == Registration.Status.WAITLISTED]
    # One query for every waiting-list position instead of one per registration.
    if waitlisted:
        ahead = (
            Registration.objects.waitlisted()
            .filter(event__in=[r.event_id for r in waitlisted])
            .values_list("event_id", "created_at", "id")
        )
        for registration in waitlisted:
            registration.position = 1 + sum(
                1
                for event_id, created_at, pk in ahead
                if event_id == registration.event_id
                and (created_at, pk) < (registration.created_at, registration.pk)
            )
    feed_url = request.build_absolute_uri(
        reverse("accounts:calendar", kwargs={"token": user.calendar_token})
    )
    return render(
        request,
        "accounts/me.html",
        {
            "company_memberships": company_memberships,
            "network_memberships": network_memberships,
            "upcoming": upcoming,
            "past": past,
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
        return redirect(next_url or "accounts:me")
    return render(request, "accounts/profile.html", {"form": form, "next": next_url})


@login_required
@require_POST
def renew_calendar_token(request):
    request.user.calendar_token = new_calendar_token()
    request.user.save(update_fields=["calendar_token"])
    messages.success(request, _("Your calendar link is renewed; the old link no longer works."))
    return redirect("accounts:me")


def personal_calendar(request, token):
    user = get_object_or_404(get_user_model().objects.filter(is_active=True), calendar_token=token)
    since = timezone.now() - datetime.timedelta(days=180)
    registrations = (
        Registration.objects.filter(user=user, event__ends_at__gte=since)
        .filter(Q(status=Registration.Status.CONFIRMED) | Q(status=Registration.Status.WAITLISTED))
        .select_related("event")
        .order_by("event__starts_at")
    )
    calendar = new_calendar(_("My events – Cluster Portal"))
    for registration in registrations:
        calendar.add_component(
            calendar_event(
                registration.event,
                request,
                tentative=registration.status == Registration.Status.WAITLISTED,
                online_link=registration.status == Registration.Status.CONFIRMED,
            )
        )
    # Calendar apps subscribe to this address; it is not a download.
    return calendar_response(calendar, "cluster-portal.ics", download=False)
