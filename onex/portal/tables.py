"""The tables of the dashboards: what a page shows, what a chart draws, what a download holds.

A ``Table`` is built once from the selectors' figures; the page renders it, its
chart reads its columns, and the xlsx download writes the very same rows, so the
three can never disagree.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from onex.core.pinyin import pinyin_key

# Kinds of column: how a value is shown and sorted.
TEXT, COUNT, RATE, MONEY = "text", "count", "rate", "money"

# Chart colours from the theme unfold ships (no colour is hard-coded in a page).
PALETTE = (
    "var(--color-primary-300)",
    "var(--color-primary-500)",
    "var(--color-primary-700)",
    "var(--color-primary-900)",
)

BAR_OPTIONS: dict[str, Any] = {
    "animation": False,
    "responsive": True,
    "maintainAspectRatio": False,
    "plugins": {"legend": {"display": True, "position": "top"}},
    "scales": {"y": {"beginAtZero": True}},
}
LINE_OPTIONS: dict[str, Any] = {
    **BAR_OPTIONS,
    "elements": {"line": {"tension": 0}},
    "scales": {"y": {"beginAtZero": True, "suggestedMax": 100}},
}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = COUNT

    @property
    def numeric(self) -> bool:
        return self.kind != TEXT

    def show(self, value: Any) -> str:
        if value is None:
            return "—"
        if self.kind == RATE:
            return f"{value}%"
        return str(value)

    @property
    def heading(self) -> str:
        """The header in a workbook, where a rate is a bare number."""
        return f"{self.label}(%)" if self.kind == RATE else self.label


@dataclass(frozen=True)
class Chart:
    """A Chart.js chart of some columns of its table, labelled by the label columns."""

    kind: str  # "bar" or "line"
    series: tuple[str, ...]
    label_columns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool


@dataclass
class Table:
    key: str
    title: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    total: list[Any] | None = None
    chart: Chart | None = None
    sortable: bool = False
    sort: str = ""
    note: str = ""
    download_query: str = ""
    sort_query: str = ""

    def index(self, key: str) -> int:
        return [c.key for c in self.columns].index(key)

    def column(self, key: str) -> list[Any]:
        i = self.index(key)
        return [row[i] for row in self.rows]

    def records(self) -> list[dict[str, Any]]:
        """Rows as dictionaries keyed by column (for tests and the API of the future)."""
        keys = [c.key for c in self.columns]
        return [dict(zip(keys, row, strict=True)) for row in self.rows]

    # -------------------------------------------------------------- display
    def _cells(self, row: Sequence[Any]) -> list[Cell]:
        return [Cell(text=c.show(v), numeric=c.numeric) for c, v in zip(self.columns, row, strict=True)]

    @property
    def display_rows(self) -> list[list[Cell]]:
        return [self._cells(row) for row in self.rows]

    @property
    def display_total(self) -> list[Cell] | None:
        return self._cells(self.total) if self.total is not None else None

    @property
    def headers(self) -> list[dict[str, Any]]:
        """Column headers with the ``?sort=`` value each header links to."""
        result = []
        for c in self.columns:
            current = self.sort.lstrip("-") == c.key
            descending = self.sort.startswith("-")
            next_sort = c.key if (current and descending) else f"-{c.key}" if c.numeric or current else c.key
            result.append(
                {
                    "label": c.label,
                    "numeric": c.numeric,
                    "key": c.key,
                    "next_sort": next_sort,
                    "href": "?" + "&".join(q for q in (self.sort_query, f"sort={next_sort}") if q),
                    "current": current,
                    "descending": current and descending,
                }
            )
        return result

    # -------------------------------------------------------------- sorting
    def sorted_by(self, sort: str) -> Table:
        """Rows ordered by a column (``-`` first for descending); unknown columns leave the order."""
        key = sort.lstrip("-")
        if key not in {c.key for c in self.columns}:
            return self
        i = self.index(key)
        text = self.columns[i].kind == TEXT

        def sort_key(row: Sequence[Any]) -> tuple[int, Any]:
            value = row[i]
            if value is None:
                return (1, "")
            return (0, pinyin_key(str(value)) if text else Decimal(value))

        rows = sorted(self.rows, key=sort_key, reverse=sort.startswith("-"))
        if sort.startswith("-"):  # empty cells stay last either way
            rows = [r for r in rows if r[i] is not None] + [r for r in rows if r[i] is None]
        self.rows = rows
        self.sort = sort
        return self

    # -------------------------------------------------------------- charts
    @property
    def chart_json(self) -> str:
        if self.chart is None:
            return ""
        labels_at = [self.index(k) for k in self.chart.label_columns] or [0]
        labels = [" ".join(str(row[i]) for i in labels_at) for row in self.rows]
        datasets = []
        for n, key in enumerate(self.chart.series):
            i = self.index(key)
            colour = PALETTE[n % len(PALETTE)]
            dataset: dict[str, Any] = {
                "label": self.columns[i].label,
                "data": [float(row[i]) if row[i] is not None else None for row in self.rows],
                "backgroundColor": colour,
                "borderColor": colour,
            }
            if self.chart.kind == "line":
                dataset["fill"] = False
            datasets.append(dataset)
        return json.dumps({"labels": labels, "datasets": datasets}, ensure_ascii=False)

    @property
    def chart_options(self) -> str:
        if self.chart is None:
            return ""
        return json.dumps(LINE_OPTIONS if self.chart.kind == "line" else BAR_OPTIONS)

    @property
    def chart_template(self) -> str:
        kind = self.chart.kind if self.chart else "bar"
        return f"unfold/components/chart/{kind}.html"

    # -------------------------------------------------------------- workbook
    def sheet_rows(self) -> list[list[Any]]:
        rows = [list(r) for r in self.rows]
        if self.total is not None:
            rows.append(list(self.total))
        return rows
