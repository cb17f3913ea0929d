from decimal import Decimal

import pytest

from companies.models import SizeClass, classify_enterprise_size

M = Decimal(1_000_000)


@pytest.mark.parametrize(
    ("headcount", "turnover", "balance", "expected"),
    [
        # micro: fewer than 10 staff and turnover or balance sheet at most €2m
        (9, 2 * M, None, SizeClass.MICRO),
        (9, 2 * M + 1, 2 * M + 1, SizeClass.SMALL),
        (9, 3 * M, 2 * M, SizeClass.MICRO),
        (10, M, M, SizeClass.SMALL),
        # small: fewer than 50 and at most €10m
        (49, 10 * M, None, SizeClass.SMALL),
        (49, 10 * M + 1, 10 * M + 1, SizeClass.MEDIUM),
        (49, 11 * M, 10 * M, SizeClass.SMALL),
        (50, M, M, SizeClass.MEDIUM),
        # medium: fewer than 250 and turnover at most €50m or balance sheet at most €43m
        (249, 50 * M, None, SizeClass.MEDIUM),
        (249, 50 * M + 1, None, SizeClass.LARGE),
        (249, 60 * M, 43 * M, SizeClass.MEDIUM),
        (249, 60 * M, 43 * M + 1, SizeClass.LARGE),
        (250, M, M, SizeClass.LARGE),
        # only the headcount declared: it decides alone
        (5, None, None, SizeClass.MICRO),
        (30, None, None, SizeClass.SMALL),
        (300, None, None, SizeClass.LARGE),
        # nothing declared
        (None, None, None, SizeClass.UNKNOWN),
        (None, M, M, SizeClass.UNKNOWN),
    ],
)
def test_size_class_follows_commission_recommendation(headcount, turnover, balance, expected):
    assert classify_enterprise_size(headcount, turnover, balance) == expected
