"""Multi-step writes on organisations and the people in them."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import (
    Organisation,
    OrganisationMembership,
    SizeDeclaration,
    classify_enterprise_size,
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
                "size_class": classify_enterprise_size(
                    headcount, annual_turnover_eur, balance_sheet_total_eur
                ),
                "declared_by": declared_by,
            },
        )
        return organisation


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
