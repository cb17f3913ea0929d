"""Multi-step writes on organisations and the people in them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import (
    DeMinimisStatement,
    Organisation,
    OrganisationMembership,
    OtherDeMinimisAid,
    RelatedEnterprise,
    SizeDeclaration,
    SizeDeclarationCorrection,
)


def declare_size_facts(
    *,
    organisation: Organisation,
    headcount: int | None,
    annual_turnover_eur: Decimal | None,
    balance_sheet_total_eur: Decimal | None,
    declared_on: datetime.date | None = None,
    declared_by=None,
) -> Organisation:
    """Record the organisation's SME facts as current and keep the declaration in its history."""
    declared_on = declared_on or timezone.localdate()
    with transaction.atomic():
        organisation.headcount = headcount
        organisation.annual_turnover_eur = annual_turnover_eur
        organisation.balance_sheet_total_eur = balance_sheet_total_eur
        organisation.sme_facts_declared_on = declared_on
        organisation.save(
            update_fields=[
                "headcount",
                "annual_turnover_eur",
                "balance_sheet_total_eur",
                "sme_facts_declared_on",
                "updated_at",
            ]
        )
        SizeDeclaration.objects.update_or_create(
            organisation=organisation,
            declared_on=declared_on,
            defaults={
                "headcount": headcount,
                "annual_turnover_eur": annual_turnover_eur,
                "balance_sheet_total_eur": balance_sheet_total_eur,
                "declared_by": declared_by,
            },
        )
        return organisation


def adopt_latest_size_declaration(*, organisation: Organisation) -> Organisation:
    """Make the organisation's current SME facts those of its latest declaration (after a
    declaration was written directly, e.g. in the admin), unless its current facts are newer."""
    latest = organisation.size_declarations.order_by("-declared_on").first()
    current_since = organisation.sme_facts_declared_on
    if latest is None or (current_since is not None and current_since > latest.declared_on):
        return organisation
    organisation.headcount = latest.headcount
    organisation.annual_turnover_eur = latest.annual_turnover_eur
    organisation.balance_sheet_total_eur = latest.balance_sheet_total_eur
    organisation.sme_facts_declared_on = latest.declared_on
    organisation.save(
        update_fields=[
            "headcount",
            "annual_turnover_eur",
            "balance_sheet_total_eur",
            "sme_facts_declared_on",
            "updated_at",
        ]
    )
    return organisation


def make_size_declaration(
    *,
    declaration: SizeDeclaration,
    related: list[RelatedEnterprise],
    signer_name: str,
    signer_role: str,
    by,
) -> SizeDeclaration:
    """Sign and keep a company's guided declaration (its own figures and its partner and linked
    enterprises'), and make its aggregate the company's current SME facts."""
    now = timezone.now()
    with transaction.atomic():
        organisation = Organisation.objects.select_for_update().get(pk=declaration.organisation_id)
        declaration.declared_on = timezone.localdate(now)
        declaration.declared_by = by
        declaration.signer_name = signer_name
        declaration.signer_role = signer_role
        declaration.signed_at = now
        declaration.apply_totals(related)
        # A second declaration on the same day replaces the first (one per day, as reports
        # need), with its enterprises.
        SizeDeclaration.objects.filter(
            organisation=organisation, declared_on=declaration.declared_on
        ).delete()
        declaration.save()
        for enterprise in related:
            enterprise.declaration = declaration
        RelatedEnterprise.objects.bulk_create(related)
        # The organisation's whole-number headcount keeps the class: every ceiling is a whole
        # number and is compared with "below", so 9.75 work units and 9 are both below 10.
        organisation.headcount = (
            None if declaration.headcount is None else int(declaration.headcount)
        )
        organisation.annual_turnover_eur = declaration.annual_turnover_eur
        organisation.balance_sheet_total_eur = declaration.balance_sheet_total_eur
        organisation.sme_facts_declared_on = declaration.declared_on
        organisation.save(
            update_fields=[
                "headcount",
                "annual_turnover_eur",
                "balance_sheet_total_eur",
                "sme_facts_declared_on",
                "updated_at",
            ]
        )
        declaration.refresh_from_db(fields=["size_class"])
        return declaration


def correct_size_declaration(
    *, declaration: SizeDeclaration, changed_fields: list[str], initial: dict, reason: str, by
) -> SizeDeclaration:
    """Save staff's correction of a signed declaration (its aggregate follows) and log what
    changed, from what to what, with their reason."""
    with transaction.atomic():
        declaration.apply_totals()
        declaration.save()
        if changed_fields:
            SizeDeclarationCorrection.objects.create(
                declaration=declaration,
                corrected_by=by,
                reason=reason.strip(),
                changes={
                    name: [str(initial.get(name)), str(getattr(declaration, name))]
                    for name in changed_fields
                },
            )
        return declaration


def confirm_de_minimis_statement(
    *, organisation: Organisation, other_aid: list[OtherDeMinimisAid], by
) -> DeMinimisStatement:
    """Keep the company's statement of the other de minimis aid its undertaking received."""
    with transaction.atomic():
        statement = DeMinimisStatement.objects.create(
            organisation=organisation, confirmed_by=by, confirmed_at=timezone.now()
        )
        for aid in other_aid:
            aid.statement = statement
        OtherDeMinimisAid.objects.bulk_create(other_aid)
        return statement


def add_member(
    *,
    organisation: Organisation,
    user,
    role: str = OrganisationMembership.Role.MEMBER,
    decided_by=None,
) -> OrganisationMembership:
    """Make the user an active member of the organisation with the given role."""
    membership, _created = OrganisationMembership.objects.update_or_create(
        organisation=organisation,
        user=user,
        defaults={
            "role": role,
            "status": OrganisationMembership.Status.ACTIVE,
            "decided_at": timezone.now(),
            "decided_by": decided_by,
        },
    )
    return membership


def unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "company"
    slug, number = base, 2
    # "new" and "join" are pages of their own under /organisations/.
    while slug in ("new", "join") or Organisation.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


def create_company(*, form, user) -> Organisation:
    """Create a company from a valid CompanyForm, make the user its admin, record its SME facts."""
    with transaction.atomic():
        organisation = form.save(commit=False)
        organisation.kind = Organisation.Kind.COMPANY
        organisation.slug = unique_slug(organisation.name)
        organisation.save()
        form.save_m2m()
        add_member(organisation=organisation, user=user, role=OrganisationMembership.Role.ADMIN)
        declare_size_facts(organisation=organisation, declared_by=user, **form.sme_facts)
        return organisation


def update_company(*, form, user) -> Organisation:
    """Save a company's profile; changed SME facts become a new declaration in its history."""
    with transaction.atomic():
        organisation = form.save()
        if form.sme_facts_changed:
            declare_size_facts(organisation=organisation, declared_by=user, **form.sme_facts)
        return organisation


class Refused(Exception):
    """A change the portal's rules do not allow; `message` says why, for the person who tried.

    Each app's services raise their own subclass, so a view catches only the refusals it
    expects."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class MembershipRequestRefused(Refused):
    """A request to join a company that cannot be made."""


def request_company_membership(*, organisation: Organisation, user) -> OrganisationMembership:
    """Ask to join a company; its admins approve or reject the request."""
    with transaction.atomic():
        membership, created = OrganisationMembership.objects.select_for_update().get_or_create(
            organisation=organisation,
            user=user,
            defaults={
                "role": OrganisationMembership.Role.MEMBER,
                "status": OrganisationMembership.Status.PENDING,
            },
        )
        if created:
            return membership
        if membership.status == OrganisationMembership.Status.ACTIVE:
            raise MembershipRequestRefused(
                _("You already represent %(org)s.") % {"org": organisation}
            )
        if membership.status == OrganisationMembership.Status.PENDING:
            raise MembershipRequestRefused(
                _("You have already asked to join %(org)s; its administrators will decide.")
                % {"org": organisation}
            )
        membership.status = OrganisationMembership.Status.PENDING
        membership.decided_at = None
        membership.decided_by = None
        membership.save(update_fields=["status", "decided_at", "decided_by"])
        return membership


def decide_company_membership(
    *, membership: OrganisationMembership, approve: bool, decided_by
) -> OrganisationMembership:
    """An admin of the company approves or rejects a pending request to join it."""
    with transaction.atomic():
        membership = OrganisationMembership.objects.select_for_update().get(pk=membership.pk)
        if membership.status != OrganisationMembership.Status.PENDING:
            raise MembershipRequestRefused(_("Only pending requests can be decided."))
        membership.status = (
            OrganisationMembership.Status.ACTIVE
            if approve
            else OrganisationMembership.Status.REJECTED
        )
        membership.decided_at = timezone.now()
        membership.decided_by = decided_by
        membership.save(update_fields=["status", "decided_at", "decided_by"])
        return membership
