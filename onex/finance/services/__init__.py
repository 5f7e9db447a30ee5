"""The finance writes, one import away; they live by concept in ``subsidies`` and ``budgets``."""

from onex.finance.services.budgets import (
    OverBudgetError,
    budget_allocation_create,
    budget_create,
    expense_create,
    over_budget_lines,
)
from onex.finance.services.subsidies import (
    StatementConflictError,
    subsidy_rule_set,
    subsidy_statement_create,
    subsidy_statement_department_approve,
    subsidy_statement_office_approve,
    subsidy_statement_pay,
    subsidy_statement_refresh,
    subsidy_statement_supersede,
    workload_derive,
    workload_entry_add,
    workload_entry_delete,
)

__all__ = [
    "OverBudgetError",
    "StatementConflictError",
    "budget_allocation_create",
    "budget_create",
    "expense_create",
    "over_budget_lines",
    "subsidy_rule_set",
    "subsidy_statement_create",
    "subsidy_statement_department_approve",
    "subsidy_statement_office_approve",
    "subsidy_statement_pay",
    "subsidy_statement_refresh",
    "subsidy_statement_supersede",
    "workload_derive",
    "workload_entry_add",
    "workload_entry_delete",
]
