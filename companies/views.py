from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from web.listing import filtered_page
from web.page_cache import cache_public_page

from .filters import OrganisationFilter
from .forms import CompanyForm, JoinCompanyForm
from .models import Organisation
from .services import (
    MembershipRequestRefused,
    create_company,
    decide_company_membership,
    request_company_membership,
    update_company,
)
from .structured_data import organisation_json_ld


@cache_public_page
def organisation_list(request):
    organisations = (
        Organisation.objects.listed()
        .select_related("county")
        .prefetch_related("thematic_areas")
        .order_by("name", "id")
    )
    filterset = OrganisationFilter(request.GET or None, queryset=organisations)
    listing = filtered_page(request, filterset)
    return render(
        request,
        "companies/organisation_list.html",
        {"listing": listing, "filterset": filterset, "page_obj": listing.page_obj},
    )


@cache_public_page
def organisation_detail(request, slug):
    # A company that is not listed is still visible to the people who represent it.
    visible = Organisation.objects.filter(
        Q(pk__in=Organisation.objects.listed().values("pk"))
        | Q(pk__in=Organisation.objects.represented_by(request.user).values("pk"))
    )
    organisation = get_object_or_404(
        visible.select_related("county").prefetch_related("thematic_areas"), slug=slug
    )
    is_admin = (
        Organisation.objects.administered_by(request.user).filter(pk=organisation.pk).exists()
    )
    hosted_networks = organisation.hosted_networks.filter(is_archived=False).order_by("name")
    hosted_events = organisation.hosted_events.upcoming_cards()[:10]
    networks = (
        organisation.network_memberships.active()
        .select_related("network")
        .order_by("network__name")
        if organisation.kind == Organisation.Kind.COMPANY
        else []
    )
    return render(
        request,
        "companies/organisation_detail.html",
        {
            "organisation": organisation,
            "json_ld": organisation_json_ld(organisation),
            "is_admin": is_admin,
            "hosted_networks": hosted_networks,
            "hosted_events": hosted_events,
            "networks": networks,
        },
    )


@login_required
def company_create(request):
    form = CompanyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        organisation = create_company(form=form, user=request.user)
        messages.success(
            request,
            _("%(org)s is registered and you are its administrator. Size class: %(size)s.")
            % {"org": organisation, "size": organisation.size_class.label},
        )
        return redirect(organisation)
    return render(request, "companies/company_form.html", {"form": form, "creating": True})


@login_required
def company_join(request):
    form = JoinCompanyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            request_company_membership(organisation=form.organisation, user=request.user)
        except MembershipRequestRefused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("You have asked to join %(org)s. Its administrators will decide.")
                % {"org": form.organisation},
            )
            return redirect("me:index")
    return render(request, "companies/company_join.html", {"form": form})


def _administered(request, slug):
    return get_object_or_404(Organisation.objects.administered_by(request.user), slug=slug)


@login_required
def company_edit(request, slug):
    organisation = _administered(request, slug)
    form = CompanyForm(request.POST or None, request.FILES or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        update_company(form=form, user=request.user)
        messages.success(request, _("The profile of %(org)s is saved.") % {"org": organisation})
        return redirect(organisation)
    return render(
        request,
        "companies/company_form.html",
        {"form": form, "organisation": organisation, "creating": False},
    )


@login_required
def company_members(request, slug):
    organisation = _administered(request, slug)
    memberships = organisation.memberships.select_related("user").order_by("status", "user__email")
    return render(
        request,
        "companies/company_members.html",
        {"organisation": organisation, "memberships": memberships},
    )


@login_required
@require_POST
def company_decide(request, slug, pk):
    organisation = _administered(request, slug)
    membership = get_object_or_404(organisation.memberships.all(), pk=pk)
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):
        raise Http404
    try:
        decide_company_membership(
            membership=membership, approve=decision == "approve", decided_by=request.user
        )
    except MembershipRequestRefused as refusal:
        messages.error(request, refusal.message)
    else:
        text = (
            _("%(user)s now represents %(org)s.")
            if decision == "approve"
            else _("The request from %(user)s was rejected.")
        )
        messages.success(request, text % {"user": membership.user, "org": organisation})
    return redirect("companies:members", slug=organisation.slug)
