"""The tables of the dashboards, each built from a selector of the figures.

No figure is computed here: counts and rates come from ``onex.pilots.figures``
(``Counts``), assessors from ``onex.exams.selectors``, site use from
``onex.exams.services.sites``, money from ``onex.finance.selectors``. These functions
only pick the rows a page shows and lay them out as ``Table``s.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from onex.core.percent import rate
from onex.exams.selectors import AssessorCounts
from onex.pilots.figures import Counts, pilot_counts
from onex.portal.tables import MONEY, RATE, TEXT, Chart, Column, Table


def count_columns() -> list[Column]:
    return [
        Column("registered", pgettext("figures", "Registered")),
        Column("completed", pgettext("figures", "Completed")),
        Column("completion_rate", pgettext("figures", "Completion rate"), RATE),
        Column("passed", pgettext("figures", "Passed")),
        Column("pass_rate", pgettext("figures", "Pass rate"), RATE),
        Column("certified", pgettext("figures", "Certified")),
        Column("certification_rate", pgettext("figures", "Certification rate"), RATE),
    ]


def count_cells(c: Counts) -> list[Any]:
    return [
        c.registered,
        c.completed,
        c.completion_rate,
        c.passed,
        c.pass_rate,
        c.certified,
        c.certification_rate,
    ]


COUNT_CHART = ("registered", "completed", "passed", "certified")
RATE_CHART = ("completion_rate", "pass_rate", "certification_rate")


def totals_of(pilots: Iterable[Any]) -> Counts:
    totals = Counts()
    for p in pilots:
        totals.add(p)
    return totals


# ------------------------------------------------------------------ pilots


def by_certificate(pilots: Sequence[Any], year: int) -> Table:
    """One row per pilot (certificate × level) of the year, with the totals."""
    return Table(
        key="certificates",
        title=_("Figures per certificate, %(year)s") % {"year": year},
        columns=[
            Column("certificate", pgettext("figures", "Certificate"), TEXT),
            Column("level", pgettext("figures", "Level"), TEXT),
            Column("department", pgettext("figures", "Department"), TEXT),
            *count_columns(),
        ],
        rows=[
            [p.certificate.name, p.get_level_display(), p.department.name, *count_cells(pilot_counts(p))]
            for p in pilots
        ],
        total=[pgettext("figures", "Total"), "", "", *count_cells(totals_of(pilots))],
        chart=Chart("bar", COUNT_CHART, ("certificate", "level")),
    )


def by_department(pilots: Sequence[Any], year: int) -> Table:
    """The year's pilots summed per department (pinyin order), with the totals."""
    groups: dict[int, tuple[Any, Counts, list[Any]]] = {}
    for p in pilots:
        groups.setdefault(p.department_id, (p.department, Counts(), []))
        groups[p.department_id][1].add(p)
        groups[p.department_id][2].append(p)
    ordered = sorted(groups.values(), key=lambda g: (g[0].name_pinyin, g[0].pk))
    return Table(
        key="departments",
        title=_("Figures per department, %(year)s") % {"year": year},
        columns=[
            Column("department", pgettext("figures", "Department"), TEXT),
            Column("pilots", pgettext("figures", "Certificates piloted")),
            *count_columns(),
        ],
        rows=[[dept.name, len(members), *count_cells(counts)] for dept, counts, members in ordered],
        total=[pgettext("figures", "Total"), len(pilots), *count_cells(totals_of(pilots))],
        chart=Chart("bar", COUNT_CHART, ("department",)),
    )


def trend(pilots: Sequence[Any]) -> Table:
    """The same figures year by year (oldest first), drawn as a line of the three rates."""
    years: OrderedDict[int, tuple[Counts, list[Any]]] = OrderedDict()
    for p in sorted(pilots, key=lambda p: p.year):
        years.setdefault(p.year, (Counts(), []))
        years[p.year][0].add(p)
        years[p.year][1].append(p)
    return Table(
        key="trend",
        title=_("Over the years"),
        columns=[
            Column("year", _("Year"), TEXT),
            Column("pilots", pgettext("figures", "Certificates piloted")),
            *count_columns(),
        ],
        rows=[[year, len(members), *count_cells(counts)] for year, (counts, members) in years.items()],
        chart=Chart("line", RATE_CHART, ("year",)),
    )


# ------------------------------------------------------------------ assessors and sites


def assessors(counts: AssessorCounts, *, on_date: Any, certificate_id: int | None = None) -> Table:
    """Table 1 of the report: assessors per certificate on a date, with the 小计."""
    if certificate_id is not None:
        counts = AssessorCounts(rows=[r for r in counts.rows if r.certificate.pk == certificate_id])
    return Table(
        key="assessors",
        title=_("Assessors per certificate on %(date)s") % {"date": on_date.isoformat()},
        columns=[
            Column("certificate", pgettext("figures", "Certificate"), TEXT),
            Column("assessors", pgettext("figures", "Assessors")),
        ],
        rows=[[r.certificate.name, r.assessors] for r in counts.rows],
        total=[pgettext("figures", "Subtotal"), counts.total],
        chart=Chart("bar", ("assessors",), ("certificate",)),
    )


def site_use(sharing: dict[str, Any]) -> Table:
    """Exam-site use in the year: days, uses and headcount per purpose (internal and external)."""
    return Table(
        key="sites",
        title=_("Exam-site use, %(year)s") % {"year": sharing["year"]},
        columns=[
            Column("purpose", pgettext("figures", "Purpose"), TEXT),
            Column("days", pgettext("figures", "Days")),
            Column("uses", pgettext("figures", "Uses")),
            Column("headcount", pgettext("figures", "Headcount")),
        ],
        rows=[[str(p["label"]), p["days"], p["uses"], p["headcount"]] for p in sharing["purposes"]],
        chart=Chart("bar", ("days",), ("purpose",)),
    )


# ------------------------------------------------------------------ money


def budget_sources(execution: dict[str, Any]) -> Table:
    return Table(
        key="budget",
        title=_("Budget execution per source, %(year)s") % {"year": execution["year"]},
        columns=[
            Column("source", pgettext("figures", "Source"), TEXT),
            Column("amount", pgettext("figures", "Budget (yuan)"), MONEY),
            Column("allocated", pgettext("figures", "Allocated (yuan)"), MONEY),
            Column("spent", pgettext("figures", "Spent (yuan)"), MONEY),
            Column("execution_rate", pgettext("figures", "Execution rate"), RATE),
        ],
        rows=[
            [b["source"], b["amount"], b["allocated"], b["spent"], b["execution_rate"]] for b in execution["by_budget"]
        ],
        total=[
            pgettext("figures", "Total"),
            execution["budget"],
            execution["allocated"],
            execution["spent"],
            execution["execution_rate"],
        ],
        chart=Chart("bar", ("amount", "spent"), ("source",)),
    )


def budget_departments(execution: dict[str, Any], department: Any = None) -> Table:
    rows = execution["by_department"]
    if department is not None:
        rows = [r for r in rows if r["department"] == department.name]
    return Table(
        key="budget_departments",
        title=_("Budget execution per department, %(year)s") % {"year": execution["year"]},
        columns=[
            Column("department", pgettext("figures", "Department"), TEXT),
            Column("allocated", pgettext("figures", "Allocated (yuan)"), MONEY),
            Column("spent", pgettext("figures", "Spent (yuan)"), MONEY),
            Column("execution_rate", pgettext("figures", "Execution rate"), RATE),
        ],
        rows=[[r["department"], r["allocated"], r["spent"], r["execution_rate"]] for r in rows],
        chart=Chart("bar", ("allocated", "spent"), ("department",)),
    )


def spending_categories(execution: dict[str, Any]) -> Table:
    return Table(
        key="categories",
        title=_("Spending per category, %(year)s") % {"year": execution["year"]},
        columns=[
            Column("category", pgettext("figures", "Category"), TEXT),
            Column("spent", pgettext("figures", "Spent (yuan)"), MONEY),
        ],
        rows=[[r["name"], r["spent"]] for r in execution["by_category"]],
        total=[pgettext("figures", "Total"), execution["spent"]],
        chart=Chart("bar", ("spent",), ("category",)),
    )


def subsidies(year_subsidies: dict[str, Any], department: Any = None) -> Table:
    """Subsidies of the year's live statements per department: all lines, and those paid."""
    rows = year_subsidies["totals"]
    if department is not None:
        rows = [r for r in rows if r["department"] == department.name]
    amounts = [Decimal(r["amount"]) for r in rows]
    paid = [Decimal(r["paid"]) for r in rows]
    return Table(
        key="subsidies",
        title=_("Teacher subsidies, %(year)s") % {"year": year_subsidies["year"]},
        columns=[
            Column("department", pgettext("figures", "Department"), TEXT),
            Column("amount", pgettext("figures", "Subsidies (yuan)"), MONEY),
            Column("paid", pgettext("figures", "Paid (yuan)"), MONEY),
        ],
        rows=[[r["department"], a, p] for r, a, p in zip(rows, amounts, paid, strict=True)],
        total=[pgettext("figures", "Total"), sum(amounts, Decimal("0.00")), sum(paid, Decimal("0.00"))],
        chart=Chart("bar", ("amount", "paid"), ("department",)),
    )


def exam_fees(money: Any) -> Table:
    """Each pilot's exam fees: fee per candidate times the candidates examined (``finance_figures``)."""
    return Table(
        key="fees",
        title=_("Exam fees per pilot, %(year)s") % {"year": money.year},
        columns=[
            Column("certificate", pgettext("figures", "Certificate"), TEXT),
            Column("level", pgettext("figures", "Level"), TEXT),
            Column("department", pgettext("figures", "Department"), TEXT),
            Column("completed", pgettext("figures", "Completed")),
            Column("fee", pgettext("figures", "Fee per candidate (yuan)"), MONEY),
            Column("fees", pgettext("figures", "Exam fees (yuan)"), MONEY),
        ],
        rows=[
            [
                f.pilot.certificate.name,
                f.pilot.get_level_display(),
                f.pilot.department.name,
                f.pilot.completed,
                f.pilot.fee_per_candidate,
                f.fees,
            ]
            for f in money.pilot_fees
        ],
        total=[pgettext("figures", "Total"), "", "", None, None, money.fees_total],
        chart=Chart("bar", ("fees",), ("certificate", "level")),
    )


# ------------------------------------------------------------------ province


def institutions(province: Any, spending: dict[int, Decimal], sort: str) -> Table:
    """Every institution side by side, sortable by any column, with the totals row."""
    table = Table(
        key="institutions",
        title=_("Every institution, %(year)s") % {"year": province.year},
        columns=[
            Column("institution", pgettext("figures", "Institution"), TEXT),
            Column("code", pgettext("figures", "Code"), TEXT),
            Column("pilots", pgettext("figures", "Certificates piloted")),
            *count_columns(),
            Column("budget", pgettext("figures", "Budget (yuan)"), MONEY),
            Column("spent", pgettext("figures", "Spent (yuan)"), MONEY),
            Column("execution_rate", pgettext("figures", "Execution rate"), RATE),
        ],
        rows=[
            [
                row.institution.name,
                row.institution.code,
                row.pilots,
                *count_cells(row.counts),
                row.budget,
                spending.get(row.institution.pk, Decimal("0.00")),
                rate(spending.get(row.institution.pk, 0), row.budget),
            ]
            for row in province.rows
        ],
        total=[
            pgettext("figures", "Total"),
            "",
            province.pilots,
            *count_cells(province.totals),
            province.budget,
            sum(spending.values(), Decimal("0.00")),
            rate(sum(spending.values(), Decimal("0.00")), province.budget),
        ],
        chart=Chart("bar", COUNT_CHART, ("institution",)),
        sortable=True,
    )
    return table.sorted_by(sort) if sort else table
