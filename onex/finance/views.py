"""Finance pages: subsidy rules, workload, statements, budget execution and expenses.

Each view authorises, validates a form, calls one service and redirects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onex.core.access import can_post, has_role, may, page, page_allowed
from onex.core.pages import staff_render
from onex.core.roles import Role
from onex.core.scoping import get_object_for_user, scope_queryset
from onex.finance import selectors, services
from onex.finance.export import statement_xlsx, year_xlsx
from onex.finance.forms import (
    AllocationForm,
    BudgetForm,
    ExpenseForm,
    ManualEntryForm,
    PayForm,
    ReasonForm,
    RuleForm,
    StatementCreateForm,
)
from onex.finance.models import (
    Activity,
    Expense,
    StatementStatus,
    SubsidyLine,
    SubsidyRule,
    SubsidyStatement,
    WorkloadEntry,
)
from onex.finance.services.subsidies import live_statements, year_is_locked
from onex.org.models import Institution
from onex.pilots.models import Pilot


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or 0)
    except ValueError:
        year = 0
    if 2019 <= year <= 2100:
        return year
    latest = (
        Pilot.objects.filter(institution_id=request.user.institution_id)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest or dt.date.today().year


def _back(name: str, year: int, **kwargs: Any) -> HttpResponse:
    return redirect(f"{reverse(name, kwargs=kwargs or None)}?year={year}")


def _errors(exc: Exception) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc) or _("You may not do this.")])


def _run(request: HttpRequest, action: Callable[[], Any], done: str) -> bool:
    """Call a service, turning its refusals into messages on the next page."""
    try:
        action()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _errors(exc))
        return False
    messages.success(request, done)
    return True


def _page(request: HttpRequest, template: str, year: int, **context: Any) -> HttpResponse:
    user = request.user
    # A tab shows when its page opens for this user; the fee column links to the expense form.
    tabs = {name: page_allowed(user, f"finance:{name}") for name in ("statements", "rules", "budget")}
    may_record_expenses = can_post(user, "finance:expenses")
    context.update(year=year, years=range(year + 1, year - 5, -1), tabs=tabs, may_record_expenses=may_record_expenses)
    return staff_render(request, template, context)


def _institution(request: HttpRequest) -> Institution:
    return Institution.objects.get(pk=request.user.institution_id)


# ---------------------------------------------------------------------- rules


@page
def rule_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    rules = {r.activity: r for r in scope_queryset(SubsidyRule.objects.filter(year=year), request.user)}
    rows = [(value, label, rules.get(value)) for value, label in Activity.choices]
    locked = year_is_locked(institution_id=request.user.institution_id, year=year)
    can_edit = can_post(request.user, "finance:rule_set") and not locked
    return _page(request, "finance/rules.html", year, rows=rows, locked=locked, can_edit=can_edit, form=RuleForm())


@page
@require_POST
def rule_set(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    form = RuleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _errors(ValidationError(list(form.errors.values()))))
    else:
        _run(
            request,
            lambda: services.subsidy_rule_set(
                actor=request.user, institution=_institution(request), year=year, request=request, **form.cleaned_data
            ),
            _("The rule is saved."),
        )
    return _back("finance:rules", year)


# ------------------------------------------------------------------- workload


@page
def workload_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    entries = scope_queryset(WorkloadEntry.objects.filter(year=year), request.user)
    manual = entries.filter(source="manual").select_related("teacher", "pilot", "pilot__certificate")
    my_lines = None
    if has_role(request.user, {Role.TEACHER}):
        my_lines = (
            scope_queryset(SubsidyLine.objects.filter(statement__year=year), request.user)
            .select_related("statement", "statement__department")
            .order_by("statement_id", "activity")
        )
    can_write = can_post(request.user, "finance:workload_add")
    return _page(
        request,
        "finance/workload.html",
        year,
        totals=selectors.workload_totals(entries),
        manual=manual,
        my_lines=my_lines,
        can_write=can_write,
        form=ManualEntryForm(user=request.user, year=year) if can_write else None,
    )


@page
@require_POST
def workload_derive(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    result: dict[str, int] = {}

    def derive() -> None:
        result.update(
            services.workload_derive(actor=request.user, institution=_institution(request), year=year, request=request)
        )

    if _run(request, derive, _("Workload brought up to date with the records.")):
        messages.info(request, _("%(created)s new, %(updated)s changed, %(removed)s removed.") % result)
    return _back("finance:workload", year)


@page
@require_POST
def workload_add(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    form = ManualEntryForm(request.POST, user=request.user, year=year)
    if not form.is_valid():
        messages.error(request, _errors(ValidationError(list(form.errors.values()))))
    else:
        _run(
            request,
            lambda: services.workload_entry_add(actor=request.user, year=year, request=request, **form.cleaned_data),
            _("The entry is recorded."),
        )
    return _back("finance:workload", year)


@page
@require_POST
def workload_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_for_user(WorkloadEntry.objects.select_related("teacher"), request.user, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the entry is withdrawn."))
    else:
        _run(
            request,
            lambda: services.workload_entry_delete(
                actor=request.user, entry=entry, reason=form.cleaned_data["reason"], request=request
            ),
            _("The entry is withdrawn."),
        )
    return _back("finance:workload", entry.year)


# ----------------------------------------------------------------- statements


def _statements(request: HttpRequest):
    return scope_queryset(SubsidyStatement.objects.all(), request.user)


@page
def statement_list(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    statements = selectors.statements_with_totals(_statements(request).filter(year=year)).order_by(
        "department__name_pinyin", "-created_at"
    )
    replaced = set(statements.exclude(supersedes__isnull=True).values_list("supersedes_id", flat=True))
    can_create = can_post(request.user, "finance:statement_create")
    return _page(
        request,
        "finance/statements.html",
        year,
        statements=statements,
        replaced=replaced,
        can_create=can_create,
        form=StatementCreateForm(user=request.user) if can_create else None,
    )


@page
@require_POST
def statement_create(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    form = StatementCreateForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, _errors(ValidationError(list(form.errors.values()))))
        return _back("finance:statements", year)
    made: list[SubsidyStatement] = []
    ok = _run(
        request,
        lambda: made.append(
            services.subsidy_statement_create(actor=request.user, year=year, request=request, **form.cleaned_data)
        ),
        _("A draft statement is made from the workload."),
    )
    if ok:
        return redirect("finance:statement", pk=made[0].pk)
    return _back("finance:statements", year)


@page
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_object_for_user(
        SubsidyStatement.objects.select_related("department", "supersedes"), request.user, pk=pk
    )
    teachers, total = selectors.statement_teacher_totals(statement)
    replaced_by = SubsidyStatement.objects.filter(supersedes=statement).first()
    user = request.user
    live = replaced_by is None
    status = statement.status
    actions = {
        "refresh": live and status == StatementStatus.DRAFT and may(user, "statement.prepare", statement),
        "department_approve": live
        and status == StatementStatus.DRAFT
        and can_post(user, "finance:statement_department_approve")
        and may(user, "statement.department_approve", statement),
        "office_approve": live
        and status == StatementStatus.DEPARTMENT_APPROVED
        and may(user, "statement.office_approve", statement),
        "pay": live and status == StatementStatus.OFFICE_APPROVED and may(user, "statement.pay", statement),
        "supersede": live
        and status in (StatementStatus.DEPARTMENT_APPROVED, StatementStatus.OFFICE_APPROVED)
        and may(user, "statement.prepare", statement),
    }
    return _page(
        request,
        "finance/statement.html",
        statement.year,
        statement=statement,
        teachers=teachers,
        total=total,
        replaced_by=replaced_by,
        expense=Expense.objects.filter(subsidy_statement=statement).first(),
        actions=actions,
        pay_form=PayForm(user=user, year=statement.year) if actions["pay"] else None,
        reason_form=ReasonForm() if actions["supersede"] else None,
    )


def _statement_step(request: HttpRequest, pk: int, step: Callable, done: str) -> HttpResponse:
    statement = get_object_for_user(SubsidyStatement.objects.all(), request.user, pk=pk)
    _run(request, lambda: step(actor=request.user, statement=statement, request=request), done)
    return redirect("finance:statement", pk=statement.pk)


@page
@require_POST
def statement_refresh(request: HttpRequest, pk: int) -> HttpResponse:
    return _statement_step(request, pk, services.subsidy_statement_refresh, _("The draft is recomputed."))


@page
@require_POST
def statement_department_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _statement_step(
        request,
        pk,
        services.subsidy_statement_department_approve,
        _("Approved for the department."),
    )


@page
@require_POST
def statement_office_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _statement_step(request, pk, services.subsidy_statement_office_approve, _("Approved by the 1+X office."))


@page
@require_POST
def statement_pay(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_object_for_user(SubsidyStatement.objects.all(), request.user, pk=pk)
    form = PayForm(request.POST, user=request.user, year=statement.year)
    if not form.is_valid():
        messages.error(request, _errors(ValidationError(list(form.errors.values()))))
    else:
        _run(
            request,
            lambda: services.subsidy_statement_pay(
                actor=request.user, statement=statement, request=request, **form.cleaned_data
            ),
            _("Paid; the expense is recorded."),
        )
    return redirect("finance:statement", pk=statement.pk)


@page
@require_POST
def statement_supersede(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_object_for_user(SubsidyStatement.objects.all(), request.user, pk=pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the statement is replaced."))
        return redirect("finance:statement", pk=statement.pk)
    made: list[SubsidyStatement] = []
    ok = _run(
        request,
        lambda: made.append(
            services.subsidy_statement_supersede(
                actor=request.user, statement=statement, reason=form.cleaned_data["reason"], request=request
            )
        ),
        _("A new draft replaces the statement."),
    )
    return redirect("finance:statement", pk=made[0].pk if ok else statement.pk)


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@page
def statement_export(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_object_for_user(SubsidyStatement.objects.select_related("department"), request.user, pk=pk)
    return _xlsx(statement_xlsx(statement), f"subsidy-statement-{statement.pk}.xlsx")


@page
def year_export(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    return _xlsx(year_xlsx(institution_id=request.user.institution_id, year=year), f"subsidies-{year}.xlsx")


# -------------------------------------------------------------------- budgets


@page
def budget_page(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    can_write = can_post(request.user, "finance:budget_create")
    statements = live_statements(_statements(request).filter(year=year))
    return _page(
        request,
        "finance/budget.html",
        year,
        execution=selectors.budget_execution(institution_id=request.user.institution_id, year=year),
        costs=selectors.pilot_costs(institution_id=request.user.institution_id, year=year),
        unpaid=statements.filter(status=StatementStatus.OFFICE_APPROVED).count(),
        can_write=can_write,
        budget_form=BudgetForm(initial={"year": year}) if can_write else None,
        allocation_form=AllocationForm(user=request.user, year=year) if can_write else None,
    )


@page
@require_POST
def budget_create(request: HttpRequest) -> HttpResponse:
    form = BudgetForm(request.POST)
    year = _year(request)
    if not form.is_valid():
        messages.error(request, _errors(ValidationError(list(form.errors.values()))))
    else:
        _run(
            request,
            lambda: services.budget_create(
                actor=request.user, institution=_institution(request), request=request, **form.cleaned_data
            ),
            _("The budget is recorded."),
        )
    return _back("finance:budget", year)


@page
@require_POST
def allocation_create(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    form = AllocationForm(request.POST, user=request.user, year=year)
    if not form.is_valid():
        messages.error(request, _errors(ValidationError(list(form.errors.values()))))
    else:
        _run(
            request,
            lambda: services.budget_allocation_create(actor=request.user, request=request, **form.cleaned_data),
            _("The allocation is recorded."),
        )
    return _back("finance:budget", year)


@page
def expense_list(request: HttpRequest) -> HttpResponse:
    """The expenses of a year, and (for finance) the form; an over-budget expense asks for confirmation."""
    year = _year(request)
    user = request.user
    can_write = can_post(user, "finance:expenses")
    form = None
    warnings: list[str] = []
    if can_write:
        initial = {}
        pilot_id = request.GET.get("pilot")
        if pilot_id and request.method == "GET":
            row = next(
                (
                    r
                    for r in selectors.pilot_costs(institution_id=user.institution_id, year=year)
                    if str(r["pilot"].pk) == pilot_id
                ),
                None,
            )
            if row is not None:
                initial = {"pilot": row["pilot"].pk, "category": "exam_fees", "amount": row["outstanding_fees"]}
        form = ExpenseForm(request.POST or None, user=user, year=year, initial=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.expense_create(actor=user, request=request, **form.cleaned_data)
            except services.OverBudgetError as exc:
                warnings = exc.messages
            except (ValidationError, PermissionDenied) as exc:
                form.add_error(None, _errors(exc))
            else:
                messages.success(request, _("The expense is recorded."))
                return _back("finance:expenses", year)
    elif request.method == "POST":
        raise PermissionDenied
    expenses = selectors.expenses_for(scope_queryset(Expense.objects.filter(budget__year=year), user))
    return _page(request, "finance/expenses.html", year, expenses=expenses, form=form, warnings=warnings)
