"""The database's size rule (for reports) agrees with the Python one (for pages)."""

from decimal import Decimal

import pytest

from companies.models import Organisation, classify_enterprise_size, size_class_expression
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

M = Decimal(1_000_000)
FACTS = [
    (None, None, None),
    (None, 1 * M, 1 * M),
    (0, None, None),
    (9, 2 * M, None),
    (9, Decimal(2_000_001), None),
    (9, Decimal(2_000_001), 2 * M),
    (9, None, Decimal(2_000_001)),
    (10, None, None),
    (49, 10 * M, 11 * M),
    (49, 11 * M, 11 * M),
    (50, None, None),
    (249, 50 * M, None),
    (249, 51 * M, 43 * M),
    (249, 51 * M, 44 * M),
    (250, 1 * M, 1 * M),
]


@pytest.mark.parametrize(("headcount", "turnover", "balance"), FACTS)
def test_size_class_expression_agrees_with_classify_enterprise_size(headcount, turnover, balance):
    organisation = OrganisationFactory(
        headcount=headcount, annual_turnover_eur=turnover, balance_sheet_total_eur=balance
    )
    in_database = (
        Organisation.objects.filter(pk=organisation.pk)
        .annotate(size=size_class_expression())
        .values_list("size", flat=True)
        .get()
    )
    assert in_database == classify_enterprise_size(headcount, turnover, balance)
