"""Geometry of the dashboard's SVG charts; the templates draw them. Whole numbers only, so
that no locale turns a coordinate into "12,5"."""

from __future__ import annotations

import datetime
import math

from django.utils import formats

BAR_AREA = 420  # width of the longest horizontal bar
LABEL_AREA = 220
ROW = 28


def horizontal_bars(rows: list[tuple[str, int]]) -> dict:
    largest = max((value for _label, value in rows), default=0) or 1
    bars = [
        {
            "label": label,
            "value": value,
            "y": index * ROW,
            "text_y": index * ROW + 18,
            "width": round(BAR_AREA * value / largest),
            "value_x": LABEL_AREA + round(BAR_AREA * value / largest) + 6,
        }
        for index, (label, value) in enumerate(rows)
    ]
    return {
        "bars": bars,
        "height": max(ROW, len(rows) * ROW),
        "width": LABEL_AREA + BAR_AREA + 60,
        "label_x": LABEL_AREA - 8,
        "bar_x": LABEL_AREA,
    }


def goal_bars(goals) -> dict:
    chart = horizontal_bars([(g.goal.description, g.percent) for g in goals])
    for bar, progress in zip(chart["bars"], goals, strict=True):
        bar["width"] = round(BAR_AREA * progress.percent / 100)
        bar["value_x"] = chart["bar_x"] + BAR_AREA + 6
        bar["caption"] = f"{progress.value} / {progress.goal.target_value}"
    chart["track"] = BAR_AREA
    chart["width"] = LABEL_AREA + BAR_AREA + 120
    return chart


def _months(first: datetime.date, last: datetime.date):
    month = first.replace(day=1)
    while month <= last:
        yield month
        month = (month + datetime.timedelta(days=32)).replace(day=1)


def monthly_columns(per_month: list[tuple[datetime.date, int]], height: int = 200) -> dict:
    """Columns for every month from the first to the last with participants, gaps as zero."""
    if not per_month:
        return {"columns": [], "width": 0, "height": height}
    counts = dict(per_month)
    months = list(_months(per_month[0][0], per_month[-1][0]))
    largest = max(counts.values()) or 1
    column, gap, top, bottom = 36, 8, 20, 40
    # At most eight month labels, so that they never overlap.
    every = max(1, math.ceil(len(months) / 8))
    columns = []
    for index, month in enumerate(months):
        value = counts.get(month, 0)
        bar = round((height - top - bottom) * value / largest)
        x = 40 + index * (column + gap)
        columns.append(
            {
                "month": month,
                "label": formats.date_format(month, "YEAR_MONTH_FORMAT"),
                "short": month.strftime("%Y-%m"),
                "show_label": index % every == 0,
                "value": value,
                "x": x,
                "middle": x + column // 2,
                "y": height - bottom - bar,
                "value_y": height - bottom - bar - 4,
                "width": column,
                "height": bar,
            }
        )
    return {
        "columns": columns,
        "width": 40 + len(months) * (column + gap),
        "height": height,
        "baseline": height - bottom,
        "label_y": height - bottom + 16,
    }
