"""Writes for budgets (经费预算), their allocations and expenses (支出)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest
from django.utils.translation import gettext as _

from onex.audit.services import audit_record, audited_save, snapshot
from onex.core.access import require
from onex.core.percent import money
from onex.finance.models import Budget, BudgetAllocation, Expense, SubsidyStatement
from onex.org.models import Department, Institution
from onex.pilots.models import Pilot

if TYPE_CHECKING:
    from onex.accounts.models import User


class OverBudgetError(ValidationError):
    """The expense would take a budget line past its amount; it needs an explicit confirmation."""


@transaction.atomic
def budget_create(
    *,
    actor: User | None,
    institution: Institution,
    year: int,
    source: str,
    amount: Decimal,
    note: str = "",
    request: HttpRequest | None = None,
) -> Budget:
    require(actor, "budget.write", institution)
    budget = Budget(institution=institution, year=year, source=source.strip(), amount=money(amount), note=note)
    budget.full_clean()
    budget.save()
    audit_record(actor=actor, action="budget.create", target=budget, after=snapshot(budget), request=request)
    return budget


@transaction.atomic
def budget_allocation_create(
    *,
    actor: User | None,
    budget: Budget,
    amount: Decimal,
    department: Department | None = None,
    pilot: Pilot | None = None,
    request: HttpRequest | None = None,
) -> BudgetAllocation:
    """Allocate part of a budget to a department or a pilot; allocations never exceed the budget."""
    require(actor, "budget.write", budget)
    if (department is None) == (pilot is None):
        raise ValidationError(_("Allocate to either a department or a pilot."))
    target = department if department is not None else pilot
    assert target is not None  # exactly one of the two, checked above
    if target.institution_id != budget.institution_id:
        raise ValidationError(_("The department or pilot belongs to another institution."))
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    allocated = money(BudgetAllocation.objects.filter(budget=budget).aggregate(s=Sum("amount"))["s"])
    amount = money(amount)
    if allocated + amount > budget.amount:
        raise ValidationError(
            _("Allocations would reach %(total)s yuan, more than the budget of %(budget)s yuan.")
            % {"total": allocated + amount, "budget": budget.amount}
        )
    allocation = BudgetAllocation(budget=budget, department=department, pilot=pilot, amount=amount)
    audited_save(
        allocation,
        actor=actor,
        action="budget_allocation.create",
        institution_id=budget.institution_id,
        request=request,
    )
    return allocation


def over_budget_lines(
    *, budget: Budget, amount: Decimal, department: Department | None = None, pilot: Pilot | None = None
) -> list[str]:
    """The budget lines this expense would take over their amount, described for a warning."""
    warnings = []
    spent = money(Expense.objects.filter(budget=budget).aggregate(s=Sum("amount"))["s"])
    if spent + amount > budget.amount:
        warnings.append(
            _("Budget “%(line)s”: %(after)s of %(limit)s yuan")
            % {"line": budget, "after": spent + amount, "limit": budget.amount}
        )
    if pilot is not None:
        lines = BudgetAllocation.objects.filter(budget=budget, pilot=pilot)
        spent_here = Expense.objects.filter(budget=budget, pilot=pilot)
        target: Any = pilot
    else:
        lines = BudgetAllocation.objects.filter(budget=budget, department=department, pilot__isnull=True)
        spent_here = Expense.objects.filter(budget=budget, department=department, pilot__isnull=True)
        target = department
    limit = lines.aggregate(s=Sum("amount"))["s"]
    if limit is not None:
        after = money(spent_here.aggregate(s=Sum("amount"))["s"]) + amount
        if after > limit:
            warnings.append(
                _("Allocation to “%(line)s”: %(after)s of %(limit)s yuan")
                % {"line": target, "after": after, "limit": money(limit)}
            )
    return warnings


@transaction.atomic
def expense_create(
    *,
    actor: User | None,
    budget: Budget,
    category: str,
    amount: Decimal,
    spent_on: dt.date,
    department: Department | None = None,
    pilot: Pilot | None = None,
    voucher_number: str = "",
    description: str = "",
    subsidy_statement: SubsidyStatement | None = None,
    confirm_over_budget: bool = False,
    request: HttpRequest | None = None,
) -> Expense:
    """Record an expense against a pilot or a department; past a budget line only when confirmed."""
    require(actor, "expense.record", budget)
    if department is None and pilot is None:
        raise ValidationError(_("Charge the expense to a pilot or a department."))
    for target in (department, pilot):
        if target is not None and target.institution_id != budget.institution_id:
            raise ValidationError(_("The department or pilot belongs to another institution."))
    # Serialise expenses on one budget so two people cannot each stay just under it.
    budget = Budget.objects.select_for_update().get(pk=budget.pk)
    amount = money(amount)
    warnings = over_budget_lines(budget=budget, amount=amount, department=department, pilot=pilot)
    if warnings and not confirm_over_budget:
        raise OverBudgetError(warnings)
    expense = Expense(
        institution_id=budget.institution_id,
        budget=budget,
        category=category,
        pilot=pilot,
        department=department,
        amount=amount,
        spent_on=spent_on,
        voucher_number=voucher_number.strip(),
        description=description,
        subsidy_statement=subsidy_statement,
    )
    audited_save(
        expense,
        actor=actor,
        action="expense.create",
        reason="; ".join(warnings),
        request=request,
    )
    return expense
