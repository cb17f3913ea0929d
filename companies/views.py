from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from web.listing import filtered_page
from web.page_cache import cache_public_page

from .declaration_pdf import declaration_pdf_bytes
from .filters import OrganisationFilter
from .forms import (
    CompanyForm,
    JoinCompanyForm,
    RelatedEnterpriseFormSet,
    SignatureForm,
    SizeDeclarationForm,
)
from .models import Organisation, SizeClass
from .services import (
    MembershipRequestRefused,
    create_company,
    decide_company_membership,
    make_size_declaration,
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


def _next_url(request) -> str:
    """Where the person came from (an event they want to register for), if it is this site."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""


@login_required
def company_create(request):
    next_url = _next_url(request)
    form = CompanyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        organisation = create_company(form=form, user=request.user)
        messages.success(
            request,
            _("%(org)s is registered and you are its administrator. Size class: %(size)s.")
            % {"org": organisation, "size": organisation.size_class.label},
        )
        return redirect(next_url or organisation)
    return render(
        request,
        "companies/company_form.html",
        {"form": form, "creating": True, "next": next_url},
    )


@login_required
def company_join(request):
    # "Ask to join this company" from the registration form brings the number along.
    form = JoinCompanyForm(
        request.POST or None,
        initial={"organisation_number": request.GET.get("organisation_number", "")[:13]},
    )
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


@login_required
def declaration_list(request, slug):
    organisation = _administered(request, slug)
    declarations = organisation.size_declarations.select_related("declared_by").order_by(
        "-declared_on"
    )
    return render(
        request,
        "companies/declaration_list.html",
        {
            "organisation": organisation,
            "declarations": declarations,
            "stale": organisation.size_declarations.latest_per_organisation()
            .stale_on(timezone.localdate())
            .exists(),
        },
    )


@login_required
def declaration_new(request, slug):
    """The guided declaration: the figures (step one), then the arithmetic to check and the
    signature (step two); nothing is kept until it is signed."""
    organisation = _administered(request, slug)
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else None
    form = SizeDeclarationForm(data, today=today)
    formset = RelatedEnterpriseFormSet(
        data, prefix="related", structure=data.get("structure", "") if data else ""
    )
    signing = data is not None and "sign" in data
    signature = SignatureForm(
        data if signing else None,
        initial={
            "signer_name": request.user.get_full_name(),
            "signer_role": request.user.job_title,
        },
    )
    context = {"organisation": organisation, "form": form, "formset": formset}
    editing = data is None or "back" in data
    if editing or not (form.is_valid() and formset.is_valid()):
        return render(request, "companies/declaration_form.html", context)
    declaration = form.declaration(organisation)
    related = formset.enterprises()
    if signing and signature.is_valid():
        declaration = make_size_declaration(
            declaration=declaration,
            related=related,
            signer_name=signature.cleaned_data["signer_name"],
            signer_role=signature.cleaned_data["signer_role"],
            by=request.user,
        )
        messages.success(
            request,
            _("Your declaration is signed. Size class: %(size)s.")
            % {"size": declaration.size_class_in_force.label},
        )
        return redirect("companies:declarations", slug=organisation.slug)
    declaration.apply_totals(related)
    previous = declaration.previous_year() if declaration.reference_year else None
    context.update(
        {
            "declaration": declaration,
            "arithmetic": declaration.arithmetic(related),
            "qualified": declaration.qualified_size_class,
            "in_force": SizeClass(declaration.settled_size_class()),
            "previous": previous,
            "signature": signature,
        }
    )
    return render(request, "companies/declaration_review.html", context)


@login_required
def declaration_pdf(request, slug, pk):
    organisation = _administered(request, slug)
    declaration = get_object_or_404(organisation.size_declarations.signed(), pk=pk)
    response = HttpResponse(declaration_pdf_bytes(declaration), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="sme-declaration-{organisation.slug}-{declaration.declared_on}.pdf"'
    )
    return response
