"""Amounts a company states in Swedish kronor or in euro.

The EU's SME thresholds are in euro, so amounts are stored in euro. An amount in kronor is
converted at `settings.SEK_PER_EUR` (kronor for one euro) and rounded half up to whole euro,
as the amounts are stored.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

WHOLE = Decimal(1)


class Currency(models.TextChoices):
    EUR = "EUR", _("Euro (EUR)")
    SEK = "SEK", _("Swedish kronor (SEK)")


def sek_per_eur() -> Decimal:
    return Decimal(str(settings.SEK_PER_EUR))


def to_eur(amount: Decimal | int, currency: str) -> Decimal:
    """The amount, stated in `currency`, in whole euro."""
    amount = Decimal(amount)
    if currency == Currency.SEK:
        amount /= sek_per_eur()
    return amount.quantize(WHOLE, rounding=ROUND_HALF_UP)


def eur_to_sek(amount: Decimal | int) -> Decimal:
    """Whole euro in whole kronor, for showing an amount in both currencies."""
    return (Decimal(amount) * sek_per_eur()).quantize(WHOLE, rounding=ROUND_HALF_UP)
