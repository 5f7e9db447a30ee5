"""Budgets (经费预算) of the demo."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from onex.finance.models import Budget
from onex.org.models import Institution


def load_budgets(*, institution: Institution, budgets: Sequence[tuple[int, str, Decimal, str]]) -> None:
    have = set(Budget.objects.filter(institution=institution).values_list("year", "source"))
    Budget.objects.bulk_create(
        [
            Budget(institution=institution, year=year, source=source, amount=amount, note=note)
            for year, source, amount, note in budgets
            if (year, source) not in have
        ]
    )
