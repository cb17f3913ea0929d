from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.ratelimit import rate_limited
from companies.forms import ActingForForm
from companies.models import Organisation
from web.listing import filtered_page
from web.page_cache import cache_public_page

from .filters import NetworkFilter
from .models import Network, NetworkMembership
from .services import MembershipRefused, join_network, leave_network


@cache_public_page
def network_list(request):
    networks = Network.objects.active().with_card_details().order_by("name", "id")
    filterset = NetworkFilter(request.GET or None, queryset=networks)
    listing = filtered_page(request, filterset)
    return render(
        request,
        "networks/network_list.html",
        {"listing": listing, "filterset": filterset, "page_obj": listing.page_obj},
    )


@cache_public_page
def network_detail(request, slug):
    network = get_object_or_404(
        Network.objects.select_related("project").prefetch_related(
            "hosts", "counties", "thematic_areas"
        ),
        slug=slug,
    )
    members = (
        Organisation.objects.listed()
        .companies()
        .filter(
            network_memberships__network=network,
            network_memberships__status=NetworkMembership.Status.ACTIVE,
        )
        .order_by("name")
    )
    events = network.events.upcoming_cards()
    my_companies = []
    if request.user.is_authenticated:
        memberships = NetworkMembership.objects.filter(network=network)
        for company in Organisation.objects.represented_by(request.user).prefetch_related(
            Prefetch("network_memberships", queryset=memberships, to_attr="this_network")
        ):
            company.membership = company.this_network[0] if company.this_network else None
            my_companies.append(company)
    return render(
        request,
        "networks/network_detail.html",
        {
            "network": network,
            "members": members,
            "events": events,
            "my_companies": my_companies,
            "live_statuses": NetworkMembership.LIVE_STATUSES,
        },
    )


def _acting_for(request) -> ActingForForm:
    """The form (posted, or in the query of a confirmation page) naming a company the user
    represents; 404 for any other."""
    form = ActingForForm(
        request.POST if request.method == "POST" else request.GET, user=request.user
    )
    if not form.is_valid() or form.cleaned_data["organisation"] is None:
        raise Http404
    return form


@login_required
@require_POST
@rate_limited(key="networks:join", rate="10/m")
def network_join(request, slug):
    network = get_object_or_404(Network.objects.all(), slug=slug)
    form = _acting_for(request)
    organisation = form.cleaned_data["organisation"]
    try:
        membership = join_network(
            network=network,
            organisation=organisation,
            user=request.user,
            message=form.cleaned_data["message"],
        )
    except MembershipRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if membership.status == NetworkMembership.Status.ACTIVE:
            messages.success(
                request,
                _("%(org)s is now a member of %(network)s.")
                % {"org": organisation, "network": network},
            )
        else:
            messages.success(
                request,
                _("%(org)s has asked to join %(network)s. The hosts will decide.")
                % {"org": organisation, "network": network},
            )
    return redirect(network)


@login_required
@require_http_methods(["GET", "POST"])
def network_leave(request, slug):
    """GET asks "are you sure?" (a page, so it works without JavaScript); POST leaves, or
    withdraws a request that waits for the hosts."""
    network = get_object_or_404(Network.objects.all(), slug=slug)
    organisation = _acting_for(request).cleaned_data["organisation"]
    membership = get_object_or_404(
        NetworkMembership.objects.all(), network=network, organisation=organisation
    )
    if request.method == "GET" and membership.status not in NetworkMembership.LIVE_STATUSES:
        return redirect(network)
    if request.method == "GET":
        pending = membership.status == NetworkMembership.Status.PENDING
        names = {"org": organisation.name, "network": network.name}
        return render(
            request,
            "confirm.html",
            {
                "title": _("Withdraw the request?") if pending else _("Leave the network?"),
                "question": (
                    _("Do you want to withdraw the request of %(org)s to join %(network)s?")
                    if pending
                    else _("Do you want %(org)s to leave %(network)s?")
                )
                % names,
                "detail": "" if pending else _("To take part again, the company must join anew."),
                "action": request.path,
                "hidden": [("organisation", organisation.pk)],
                "confirm_label": _("Yes, withdraw the request") if pending else _("Yes, leave"),
                "back_url": network.get_absolute_url(),
            },
        )
    try:
        leave_network(membership=membership, user=request.user)
    except MembershipRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(
            request,
            _("%(org)s has left %(network)s.") % {"org": organisation, "network": network},
        )
    return redirect(network)
