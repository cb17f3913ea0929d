"""The de minimis ledger: the aid each attended participation grants a company's undertaking
(Regulation (EU) 2023/2831: at most EUR 300,000 per single undertaking over any three years)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from companies.models import (
    DeMinimisStatement,
    Organisation,
    OtherDeMinimisAid,
    RelatedEnterprise,
    SizeDeclaration,
)
from events.models import AidValuation, Event, Registration
from projects.models import Project

REGULATION = "Commission Regulation (EU) 2023/2831"
# The regulation's name in the reader's language, for the entries that cite it.
REGULATION_NAME = _("Commission Regulation (EU) 2023/2831")
CENT = Decimal("0.01")


def three_years_ending(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The rolling window of Art. 3(2) that ends on `day`: the three years up to and including
    it, so aid granted on the same date three years before has just left it."""
    try:
        start = day.replace(year=day.year - 3)
    except ValueError:  # 29 February: three years before has none
        start = day.replace(year=day.year - 3, day=28)
    return start + datetime.timedelta(days=1), day


def undertaking_numbers(organisation: Organisation) -> set[str]:
    """The organisation numbers of the single undertaking: the company's own and those of the
    linked enterprises in its latest declaration, and of the companies whose latest declaration
    names it as linked."""
    numbers = {organisation.organisation_number} - {""}
    latest = organisation.size_declarations.order_by("-declared_on").first()
    if latest is not None:
        numbers |= set(
            latest.related_enterprises.filter(relation=RelatedEnterprise.Relation.LINKED)
            .exclude(organisation_number="")
            .values_list("organisation_number", flat=True)
        )
    if organisation.organisation_number:
        naming_it = RelatedEnterprise.objects.filter(
            relation=RelatedEnterprise.Relation.LINKED,
            organisation_number=organisation.organisation_number,
            declaration__in=SizeDeclaration.objects.latest_per_organisation(),
        ).values_list("declaration__organisation__organisation_number", flat=True)
        numbers |= set(naming_it) - {""}
    return numbers


class DeMinimisEntryQuerySet(models.QuerySet):
    def of_undertaking(self, organisation: Organisation):
        """Entries of the company's single undertaking (undertaking_numbers)."""
        numbers = undertaking_numbers(organisation)
        # The companies first (by the unique organisation-number index), then their entries by
        # (organisation, granted_on): no scan of the ledger or of every organisation.
        companies = Organisation.objects.filter(
            Q(pk=organisation.pk) | Q(organisation_number__in=numbers)
        ).values("pk")
        return self.filter(organisation__in=companies)

    def granted_within(self, start: datetime.date, end: datetime.date):
        return self.filter(granted_on__gte=start, granted_on__lte=end)

    def total_eur(self) -> Decimal:
        return self.aggregate(total=Sum("aid_eur"))["total"] or Decimal(0)

    def per_year(self):
        """Aid per calendar year: year, number of entries, SEK and EUR."""
        return (
            self.values("granted_on__year")
            .annotate(entries=models.Count("id"), sek=Sum("aid_sek"), eur=Sum("aid_eur"))
            .order_by("-granted_on__year")
        )


class DeMinimisEntry(models.Model):
    """The de minimis aid one attended participation granted a company, dated at the event.
    Written and removed by funding.ledger.record_participation on every path that records
    attendance; the rate and amount are kept as they were at the time."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="de_minimis_entry",
        verbose_name=_("registration"),
    )
    # The composite indexes below lead with the company and the project and serve their
    # foreign keys too.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="de_minimis_entries",
        verbose_name=_("company"),
        db_index=False,
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="de_minimis_entries", verbose_name=_("event")
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        related_name="de_minimis_entries",
        verbose_name=_("granting project"),
        db_index=False,
    )
    granting_body = models.CharField(_("granting body"), max_length=200)
    granted_on = models.DateField(_("granted on"))
    aid_sek = models.DecimalField(_("aid (SEK)"), max_digits=12, decimal_places=2)
    sek_per_eur = models.DecimalField(_("SEK per EUR"), max_digits=8, decimal_places=4)
    aid_eur = models.DecimalField(_("aid (EUR)"), max_digits=12, decimal_places=2)
    valuation = models.CharField(
        _("how the aid value was set"), max_length=16, choices=AidValuation.choices
    )
    regulation = models.CharField(_("regulation"), max_length=100, default=REGULATION)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DeMinimisEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("de minimis ledger entry")
        verbose_name_plural = _("de minimis ledger")
        ordering = ["-granted_on", "id"]
        indexes = [
            # The undertaking's rolling three-year sum and the project export read these.
            models.Index(fields=["organisation", "granted_on"], name="de_minimis_undertaking_idx"),
            models.Index(fields=["project", "granted_on"], name="de_minimis_project_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(aid_sek__gte=0) & Q(aid_eur__gte=0) & Q(sek_per_eur__gt=0),
                name="de_minimis_entry_amounts_valid",
            )
        ]

    def __str__(self):
        return f"{self.organisation} {self.granted_on}: {self.aid_sek} SEK"

    def save(self, *args, **kwargs):
        # The EUR amount the ceiling is checked in follows from the stored SEK and rate on
        # every write.
        self.aid_eur = (self.aid_sek / self.sek_per_eur).quantize(CENT)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "aid_eur"}
        super().save(*args, **kwargs)

    @property
    def regulation_name(self) -> str:
        return str(REGULATION_NAME) if self.regulation == REGULATION else self.regulation


@dataclass(frozen=True)
class UndertakingTotal:
    """The single undertaking's de minimis aid in the three years ending on a day."""

    start: datetime.date
    end: datetime.date
    ledger_eur: Decimal
    other_eur: Decimal
    added_eur: Decimal

    @property
    def total_eur(self) -> Decimal:
        return self.ledger_eur + self.other_eur + self.added_eur

    @property
    def ceiling_eur(self) -> Decimal:
        return Decimal(settings.DE_MINIMIS_CEILING_EUR)

    @property
    def exceeds_ceiling(self) -> bool:
        return self.total_eur > self.ceiling_eur


def undertaking_total(
    organisation: Organisation, *, on: datetime.date, adding_eur: Decimal = Decimal(0)
) -> UndertakingTotal:
    """The rolling three-year total of the company's single undertaking on a day: the ledger's
    entries for every company of the undertaking and the other aid in the company's latest
    statement, plus `adding_eur` (aid about to be granted)."""
    start, end = three_years_ending(on)
    ledger = DeMinimisEntry.objects.of_undertaking(organisation).granted_within(start, end)
    statement = (
        DeMinimisStatement.objects.filter(organisation=organisation)
        .order_by("-confirmed_at")
        .first()
    )
    other = Decimal(0)
    if statement is not None:
        other = OtherDeMinimisAid.objects.filter(
            statement=statement, granted_on__gte=start, granted_on__lte=end
        ).aggregate(total=Sum("amount_eur"))["total"] or Decimal(0)
    return UndertakingTotal(
        start=start,
        end=end,
        ledger_eur=ledger.total_eur(),
        other_eur=other,
        added_eur=adding_eur,
    )
