"""Reads shared by the finance pages, the export and the commands."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import F, QuerySet, Sum
from django.db.models.functions import Coalesce

from onex.core.percent import money, rate
from onex.finance.models import (
    Activity,
    Budget,
    BudgetAllocation,
    Expense,
    ExpenseCategory,
    StatementStatus,
    SubsidyLine,
    SubsidyStatement,
    WorkloadEntry,
)
from onex.finance.services.subsidies import live_statements
from onex.org.models import Department
from onex.pilots.figures import pilot_counts, pilots_with_figures

# ------------------------------------------------------------------ subsidies


@dataclass
class TeacherTotal:
    teacher: Any
    lines: list[SubsidyLine] = field(default_factory=list)
    amount: Decimal = Decimal("0.00")


def statement_lines(statement: SubsidyStatement) -> list[SubsidyLine]:
    return list(
        statement.subsidyline_set.select_related("teacher").order_by("teacher__name_pinyin", "teacher_id", "activity")
    )


def statement_teacher_totals(statement: SubsidyStatement) -> tuple[list[TeacherTotal], Decimal]:
    """Lines grouped per teacher with each teacher's total, and the statement's total."""
    per_teacher: OrderedDict[int, TeacherTotal] = OrderedDict()
    total = Decimal("0.00")
    for line in statement_lines(statement):
        group = per_teacher.setdefault(line.teacher_id, TeacherTotal(teacher=line.teacher))
        group.lines.append(line)
        group.amount += line.amount
        total += line.amount
    return list(per_teacher.values()), money(total)


def statements_with_totals(qs: QuerySet[SubsidyStatement]) -> QuerySet[SubsidyStatement]:
    return qs.select_related("department", "supersedes").annotate(
        total=Coalesce(Sum("subsidyline__amount"), Decimal(0))
    )


def year_subsidy_lines(*, institution_id: int, year: int, department_id: int | None = None) -> list[SubsidyLine]:
    """The lines of a year's live statements (replaced statements left out)."""
    statements = live_statements(SubsidyStatement.objects.filter(institution_id=institution_id, year=year))
    if department_id is not None:
        statements = statements.filter(department_id=department_id)
    return list(
        SubsidyLine.objects.filter(statement__in=statements)
        .select_related("teacher", "statement", "statement__department")
        .order_by("statement__department__name_pinyin", "statement_id", "teacher__name_pinyin", "activity")
    )


def year_subsidies(*, institution_id: int, year: int) -> dict[str, Any]:
    """One year's subsidy lines and totals per department, money as strings in yuan."""
    lines = year_subsidy_lines(institution_id=institution_id, year=year)
    totals: OrderedDict[str, dict[str, Any]] = OrderedDict()
    for line in lines:
        dept = line.statement.department.name
        row = totals.setdefault(dept, {"department": dept, "amount": Decimal("0.00"), "paid": Decimal("0.00")})
        row["amount"] += line.amount
        if line.statement.status == StatementStatus.PAID:
            row["paid"] += line.amount
    grand = sum((t["amount"] for t in totals.values()), Decimal("0.00"))
    return {
        "year": year,
        "lines": [
            {
                "statement": line.statement_id,
                "status": line.statement.status,
                "teacher": line.teacher.name,
                "staff_number": line.teacher.staff_number,
                "department": line.statement.department.name,
                "activity": line.activity,
                "quantity": str(line.quantity),
                "rate": str(line.rate),
                "amount": str(line.amount),
            }
            for line in lines
        ],
        "totals": [{**t, "amount": str(money(t["amount"])), "paid": str(money(t["paid"]))} for t in totals.values()],
        "total": str(money(grand)),
    }


def workload_totals(qs: QuerySet[WorkloadEntry]) -> list[dict[str, Any]]:
    """Quantities per teacher and activity."""
    rows: list[dict[str, Any]] = [
        dict(row)
        for row in qs.values("teacher_id", "teacher__name", "teacher__department__name", "activity")
        .annotate(quantity=Sum("quantity"))
        .order_by("teacher__department__name", "teacher__name", "activity")
    ]
    for row in rows:
        row["activity_label"] = Activity(row["activity"]).label
    return rows


# --------------------------------------------------------------------- budget


def budget_execution(*, institution_id: int, year: int) -> dict[str, Any]:
    """Budget, allocations and spending of a year: per budget, department and category."""
    budgets = list(
        Budget.objects.filter(institution_id=institution_id, year=year)
        .annotate(spent=Coalesce(Sum("expense__amount"), Decimal(0)))
        .order_by("source")
    )
    allocated_by_budget = dict(
        BudgetAllocation.objects.filter(budget__in=budgets)
        .values("budget_id")
        .annotate(s=Sum("amount"))
        .values_list("budget_id", "s")
    )
    total = money(sum((b.amount for b in budgets), Decimal(0)))
    spent = money(sum((b.spent for b in budgets), Decimal(0)))
    allocated = money(sum(allocated_by_budget.values(), Decimal(0)))
    expenses = Expense.objects.filter(budget__institution_id=institution_id, budget__year=year)

    spent_by_category = dict(expenses.values("category").annotate(s=Sum("amount")).values_list("category", "s"))
    by_category = [
        {"category": c.value, "name": str(c.label), "spent": money(spent_by_category.get(c.value))}
        for c in ExpenseCategory
    ]

    spent_by_dept = dict(
        expenses.annotate(dept=Coalesce("department_id", "pilot__department_id"))
        .values("dept")
        .annotate(s=Sum("amount"))
        .values_list("dept", "s")
    )
    alloc_by_dept = dict(
        BudgetAllocation.objects.filter(budget__in=budgets)
        .annotate(dept=Coalesce("department_id", "pilot__department_id"))
        .values("dept")
        .annotate(s=Sum("amount"))
        .values_list("dept", "s")
    )
    by_department = []
    for dept in Department.objects.filter(institution_id=institution_id).order_by("name_pinyin"):
        d_alloc = money(alloc_by_dept.get(dept.pk))
        d_spent = money(spent_by_dept.get(dept.pk))
        if d_alloc or d_spent:
            by_department.append(
                {
                    "department": dept.name,
                    "allocated": d_alloc,
                    "spent": d_spent,
                    "execution_rate": rate(d_spent, d_alloc),
                }
            )
    return {
        "year": year,
        "budget": total,
        "allocated": allocated,
        "spent": spent,
        "remaining": money(total - spent),
        "execution_rate": rate(spent, total),
        "by_budget": [
            {
                "id": b.pk,
                "source": b.source,
                "amount": b.amount,
                "allocated": money(allocated_by_budget.get(b.pk)),
                "spent": money(b.spent),
                "execution_rate": rate(b.spent, b.amount),
            }
            for b in budgets
        ],
        "by_category": by_category,
        "by_department": by_department,
    }


def budget_execution_json(*, institution_code: str, institution_id: int, year: int) -> dict[str, Any]:
    """``budget_execution`` with money as strings in yuan and rates with two decimals."""
    data = budget_execution(institution_id=institution_id, year=year)

    def strs(row: dict[str, Any]) -> dict[str, Any]:
        return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in row.items()}

    return {
        "institution": institution_code,
        **strs({k: v for k, v in data.items() if not isinstance(v, list)}),
        "by_budget": [strs(r) for r in data["by_budget"]],
        "by_category": [strs(r) for r in data["by_category"]],
        "by_department": [strs(r) for r in data["by_department"]],
    }


def pilot_costs(*, institution_id: int, year: int) -> list[dict[str, Any]]:
    """Per pilot: exam fees proposed (fee × candidates examined) and recorded, spending, cost per candidate."""
    pilots = list(pilots_with_figures(institution_id=institution_id, year=year))
    expenses = Expense.objects.filter(pilot__in=pilots)
    spent = dict(expenses.values("pilot_id").annotate(s=Sum("amount")).values_list("pilot_id", "s"))
    fees = dict(
        expenses.filter(category=ExpenseCategory.EXAM_FEES)
        .values("pilot_id")
        .annotate(s=Sum("amount"))
        .values_list("pilot_id", "s")
    )
    rows = []
    for p in pilots:
        examined = pilot_counts(p).completed
        proposed = money(p.fee_per_candidate * examined)
        recorded = money(fees.get(p.pk))
        p_spent = money(spent.get(p.pk))
        rows.append(
            {
                "pilot": p,
                "examined": examined,
                "fee_per_candidate": p.fee_per_candidate,
                "proposed_fees": proposed,
                "recorded_fees": recorded,
                "outstanding_fees": money(max(proposed - recorded, Decimal(0))),
                "spent": p_spent,
                "cost_per_candidate": money(p_spent / examined) if examined else None,
            }
        )
    return rows


def expenses_for(qs: QuerySet[Expense]) -> QuerySet[Expense]:
    return qs.select_related("budget", "pilot", "pilot__certificate", "department").order_by(
        "-spent_on", F("id").desc()
    )
