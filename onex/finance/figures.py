"""An institution's figures for a year (年度数据): the counts of ``onex.pilots.figures``
with the year's budget (预算), which this app owns.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Sum

from onex.core.percent import money
from onex.finance.models import Budget
from onex.pilots.figures import YearFigures, pilots_with_figures


def budget_total(*, institution_id: int, year: int) -> Decimal:
    total = Budget.objects.filter(institution_id=institution_id, year=year).aggregate(s=Sum("amount"))["s"]
    return money(total)


def year_figures(*, institution_id: int, year: int, department_id: int | None = None) -> YearFigures:
    """An institution's figures for a year: a constant number of queries whatever the size."""
    pilots = list(pilots_with_figures(institution_id=institution_id, year=year, department_id=department_id))
    figures = YearFigures(institution_id=institution_id, year=year, pilots=pilots)
    for p in pilots:
        figures.totals.add(p)
    figures.budget = budget_total(institution_id=institution_id, year=year)
    return figures
