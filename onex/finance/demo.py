"""The finance part of the demo (演示数据): 2023 subsidy rules, workload, statements in each state,
allocations and plausible expenses against the institution's 2023 budget.

The core demo creates the institution, its budgets, pilots and training sessions; this adds to
them and never creates a budget. Running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone

from onex.accounts.models import User
from onex.core.percent import money
from onex.core.roles import Role
from onex.finance.models import (
    Activity,
    Budget,
    BudgetAllocation,
    Expense,
    ExpenseCategory,
    StatementStatus,
    SubsidyRule,
    SubsidyStatement,
    WorkloadEntry,
    WorkloadSource,
)
from onex.finance.services.subsidies import _fill_lines, statement_total, workload_sync
from onex.org.models import Department, Institution
from onex.pilots.figures import pilots_with_figures

YEAR = 2023
RATES = {
    Activity.TRAINING_HOUR: Decimal("100.00"),
    Activity.EXAM_ASSESSED: Decimal("200.00"),
    Activity.EXAM_SUPERVISED: Decimal("150.00"),
    Activity.CANDIDATE_COMPLETED: Decimal("10.00"),
    Activity.OTHER: Decimal("100.00"),
}
# The order in which the demo's statements reach their states, one each.
STATES = [
    StatementStatus.PAID,
    StatementStatus.OFFICE_APPROVED,
    StatementStatus.DEPARTMENT_APPROVED,
    StatementStatus.DRAFT,
]
EXTRA_WORK = [
    ("组织校内模拟考核（演示数据）", Decimal("6")),
    ("1+X 证书宣传讲座（演示数据）", Decimal("4")),
]
LABEL = "演示数据"


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _user(institution: Institution, role: str, department: Department | None = None) -> User | None:
    users = User.objects.filter(institution=institution, role=role)
    if department is not None:
        users = users.filter(department=department)
    return users.order_by("id").first()


# Runs inside the one transaction of ``onex.demo.services.demo_load``.
def load(institution: Institution) -> None:
    for activity, amount in RATES.items():
        SubsidyRule.objects.get_or_create(
            institution=institution, year=YEAR, activity=activity, defaults={"unit_amount": amount}
        )
    workload_sync(institution=institution, year=YEAR)
    budget = Budget.objects.filter(institution=institution, year=YEAR).order_by("-amount", "id").first()
    if not SubsidyStatement.objects.filter(institution=institution, year=YEAR).exists():
        _statements(institution, budget)
    if budget is not None:
        _allocations(budget)
        _expenses(budget)


def _statements(institution: Institution, budget: Budget | None) -> None:
    department_ids = list(
        WorkloadEntry.objects.filter(teacher__institution=institution, year=YEAR)
        .order_by("teacher__department__code", "teacher__department_id")
        .values_list("teacher__department_id", flat=True)
        .distinct()
    )
    departments = [Department.objects.get(pk=pk) for pk in dict.fromkeys(department_ids)]
    if not departments:
        return
    office = _user(institution, Role.OFFICE)
    finance = _user(institution, Role.FINANCE)
    batches: dict[int, int] = {}
    for i, state in enumerate(STATES):
        department = departments[i % len(departments)]
        batch = batches.get(department.pk, 0) + 1
        batches[department.pk] = batch
        if batch > 1:
            reason, quantity = EXTRA_WORK[(batch - 2) % len(EXTRA_WORK)]
            teacher = (
                WorkloadEntry.objects.filter(teacher__department=department, year=YEAR)
                .order_by("teacher__staff_number")
                .first()
                .teacher
            )
            WorkloadEntry.objects.create(
                teacher=teacher,
                year=YEAR,
                activity=Activity.OTHER,
                quantity=quantity,
                source=WorkloadSource.MANUAL,
                reason=reason,
            )
        statement = SubsidyStatement.objects.create(
            institution=institution, department=department, year=YEAR, batch=f"第{batch}批"
        )
        _fill_lines(statement)
        day = dt.date(2023, 12, 20) + dt.timedelta(days=i)
        if state != StatementStatus.DRAFT:
            statement.department_approved_at = _at(day)
            statement.department_approved_by = _user(institution, Role.COORDINATOR, department)
        if state in (StatementStatus.OFFICE_APPROVED, StatementStatus.PAID):
            statement.office_approved_at = _at(day + dt.timedelta(days=2))
            statement.office_approved_by = office
        if state == StatementStatus.PAID:
            statement.paid_at = _at(day + dt.timedelta(days=5))
            statement.paid_by = finance
        statement.status = state
        statement.save()
        total = statement_total(statement)
        if state == StatementStatus.PAID and budget is not None and total > 0:
            Expense.objects.create(
                institution=institution,
                budget=budget,
                category=ExpenseCategory.SUBSIDIES,
                department=department,
                amount=total,
                spent_on=day + dt.timedelta(days=5),
                voucher_number=f"记-{YEAR}-SUB-{statement.pk:04d}",
                description=f"教师补助：{statement}（{LABEL}）",
                subsidy_statement=statement,
            )


def _allocations(budget: Budget) -> None:
    if BudgetAllocation.objects.filter(budget=budget).exists():
        return
    pilots = list(pilots_with_figures(institution_id=budget.institution_id, year=YEAR))
    allocations = [
        BudgetAllocation(budget=budget, pilot=p, amount=money((p.fee_per_candidate + 80) * p.registered))
        for p in pilots
    ]
    department_ids = list(dict.fromkeys(p.department_id for p in pilots))
    for department_id in department_ids:
        share = budget.amount * Decimal("0.55") / len(department_ids)
        allocations.append(BudgetAllocation(budget=budget, department_id=department_id, amount=money(share)))
    total = sum((a.amount for a in allocations), Decimal(0))
    if total <= budget.amount:
        BudgetAllocation.objects.bulk_create(allocations)


def _share(budget: Budget, fraction: str) -> Decimal:
    """A round share of the budget (to the hundred yuan)."""
    return money((budget.amount * Decimal(fraction) / 100).quantize(Decimal(1)) * 100)


def _expenses(budget: Budget) -> None:
    pilots = list(pilots_with_figures(institution_id=budget.institution_id, year=YEAR))
    if not pilots:
        return
    rows: list[tuple[str, str, dict, Decimal, dt.date, str]] = []
    for n, p in enumerate(pilots, start=1):
        rows.append(
            (
                f"记-{YEAR}-EXF-{n:02d}",
                ExpenseCategory.EXAM_FEES,
                {"pilot": p},
                money(p.fee_per_candidate * p.completed),
                dt.date(2023, 12, 26),
                f"考核费：{p.certificate.name} {p.completed} 人 × {p.fee_per_candidate} 元（{LABEL}）",
            )
        )
        rows.append(
            (
                f"记-{YEAR}-MAT-{n:02d}",
                ExpenseCategory.MATERIALS,
                {"pilot": p},
                money(Decimal(60) * p.registered),
                dt.date(2023, 9, 12),
                f"教材与实训耗材：{p.certificate.name}（{LABEL}）",
            )
        )
    # Spending of the whole programme, shared by the departments that run the pilots.
    departments = list(dict.fromkeys(p.department for p in pilots))
    shared = [
        ("SITE", ExpenseCategory.SITE, "0.40", dt.date(2023, 7, 18), "考核站点建设与设备采购"),
        ("TRN", ExpenseCategory.TRAINING, "0.05", dt.date(2023, 10, 20), "学生集中培训"),
        ("TT", ExpenseCategory.TEACHER_TRAINING, "0.03", dt.date(2023, 8, 22), "教师考评员培训差旅与培训费"),
        ("OTH", ExpenseCategory.OTHER, "0.005", dt.date(2023, 5, 16), "宣传推广"),
    ]
    for code, category, fraction, day, what in shared:
        part = Decimal(fraction) / len(departments)
        for n, department in enumerate(departments, start=1):
            rows.append(
                (
                    f"记-{YEAR}-{code}-{n:02d}",
                    category,
                    {"department": department},
                    _share(budget, str(part)),
                    day,
                    f"{what}：{department.name}（{LABEL}）",
                )
            )
    have = set(Expense.objects.filter(budget=budget).values_list("voucher_number", flat=True))
    spent = Expense.objects.filter(budget=budget).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    new = []
    for voucher, category, target, amount, day, description in rows:
        if voucher in have or amount <= 0 or spent + amount > budget.amount:
            continue
        spent += amount
        new.append(
            Expense(
                institution_id=budget.institution_id,
                budget=budget,
                category=category,
                amount=amount,
                spent_on=day,
                voucher_number=voucher,
                description=description,
                **target,
            )
        )
    Expense.objects.bulk_create(new)
