"""Writes for subsidies (补助): rules, workload and statements.

Workload comes from what is already recorded (training sessions taught, exam
sessions assessed or supervised, candidates prepared who completed) plus manual
entries with a reason. A statement turns one department's workload of a year
(or of a batch within it) into lines of quantity × rate; it then passes
draft → department-approved → office-approved → paid, each step by its own
role. Only drafts change; an approved statement is corrected by a new one that
supersedes it and says why.

Separation of duties (职责分离): nobody approves (部门审核, 办公室审批) or pays
(支付) a statement with a line for the teacher record they are linked to, and
nobody records a manual workload entry (手工工作量) for that record, since every
entry of a teacher feeds that teacher's subsidy. Withdrawing one's own entry
only lowers one's pay, and derived workload follows the records, so both stay
open.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from onex.audit.services import audit_record, audited_save, snapshot
from onex.core.access import require
from onex.core.percent import money
from onex.exams.models import AssessorAssignment, AssessorRole
from onex.finance.models import (
    Activity,
    Budget,
    ExpenseCategory,
    StatementStatus,
    SubsidyLine,
    SubsidyRule,
    SubsidyStatement,
    WorkloadEntry,
    WorkloadSource,
)
from onex.org.models import Department, Institution, Teacher
from onex.pilots.figures import pilot_counts, pilots_with_figures
from onex.training.models import TrainingSession

if TYPE_CHECKING:
    from onex.accounts.models import User


class StatementConflictError(ValidationError):
    """Someone else moved the statement on first (two approvals at once)."""


# ---------------------------------------------------------------- permissions


def _refuse_own_pay(actor: User | None, statement: SubsidyStatement, refusal: str) -> None:
    """Separation of duties: a step is never taken by someone the statement pays."""
    teacher_id = getattr(actor, "teacher_id", None)
    if teacher_id and statement.subsidyline_set.filter(teacher_id=teacher_id).exists():
        raise PermissionDenied(refusal)


# ---------------------------------------------------------------------- rules


def year_is_locked(*, institution_id: int, year: int) -> bool:
    """Rules of a year are fixed once any statement of that year has been approved."""
    return (
        SubsidyStatement.objects.filter(institution_id=institution_id, year=year)
        .exclude(status=StatementStatus.DRAFT)
        .exists()
    )


@transaction.atomic
def subsidy_rule_set(
    *,
    actor: User | None,
    institution: Institution,
    year: int,
    activity: str,
    unit_amount: Decimal,
    request: HttpRequest | None = None,
) -> SubsidyRule:
    """Create or change the amount per unit of an activity; drafts of the year follow."""
    require(actor, "subsidy_rule.set", institution)
    if year_is_locked(institution_id=institution.pk, year=year):
        raise ValidationError(
            _("A statement of %(year)s has been approved: its rules can no longer change.") % {"year": year}
        )
    rule = SubsidyRule.objects.select_for_update().filter(institution=institution, year=year, activity=activity).first()
    before = snapshot(rule)
    if rule is None:
        rule = SubsidyRule(institution=institution, year=year, activity=activity)
    rule.unit_amount = money(unit_amount)
    audited_save(
        rule,
        actor=actor,
        action="subsidy_rule.set",
        before=before,
        request=request,
    )
    for draft in SubsidyStatement.objects.filter(institution=institution, year=year, status=StatementStatus.DRAFT):
        _fill_lines(draft)
    return rule


def rules_for_year(*, institution_id: int, year: int) -> dict[str, Decimal]:
    return dict(
        SubsidyRule.objects.filter(institution_id=institution_id, year=year).values_list("activity", "unit_amount")
    )


# ------------------------------------------------------------------- workload


def _derived_workload(*, institution_id: int, year: int) -> dict[tuple, Decimal]:
    """What the records say, keyed (teacher, activity, session, assignment, pilot)."""
    wanted: dict[tuple, Decimal] = {}
    pilot_teachers: dict[int, set[int]] = defaultdict(set)
    through = TrainingSession.teachers.through
    rows = through.objects.filter(
        trainingsession__pilot__institution_id=institution_id, trainingsession__pilot__year=year
    ).values_list("teacher_id", "trainingsession_id", "trainingsession__hours", "trainingsession__pilot_id")
    for teacher_id, session_id, hours, pilot_id in rows:
        wanted[(teacher_id, Activity.TRAINING_HOUR, session_id, None, pilot_id)] = Decimal(hours)
        pilot_teachers[pilot_id].add(teacher_id)
    assignments = AssessorAssignment.objects.filter(
        session__pilot__institution_id=institution_id, session__pilot__year=year
    ).values_list("id", "teacher_id", "role", "session__pilot_id")
    for assignment_id, teacher_id, role, pilot_id in assignments:
        activity = Activity.EXAM_SUPERVISED if role == AssessorRole.SUPERVISOR else Activity.EXAM_ASSESSED
        wanted[(teacher_id, activity, None, assignment_id, pilot_id)] = Decimal(1)
    if pilot_teachers:
        completed = {
            p.pk: pilot_counts(p).completed
            for p in pilots_with_figures(institution_id=institution_id, year=year).filter(pk__in=list(pilot_teachers))
        }
        for pilot_id, teachers in pilot_teachers.items():
            if completed.get(pilot_id):
                for teacher_id in teachers:
                    wanted[(teacher_id, Activity.CANDIDATE_COMPLETED, None, None, pilot_id)] = Decimal(
                        completed[pilot_id]
                    )
    return wanted


def workload_sync(*, institution: Institution, year: int) -> dict[str, int]:
    """Bring the derived workload of a year in line with the records (no permission check: callers do it)."""
    wanted = _derived_workload(institution_id=institution.pk, year=year)
    existing = {
        (e.teacher_id, e.activity, e.training_session_id, e.exam_assignment_id, e.pilot_id): e
        for e in WorkloadEntry.objects.select_for_update().filter(
            teacher__institution_id=institution.pk,
            year=year,
            source__in=[WorkloadSource.TRAINING, WorkloadSource.EXAM],
        )
    }
    created: list[WorkloadEntry] = []
    updated: list[WorkloadEntry] = []
    for key, quantity in wanted.items():
        teacher_id, activity, session_id, assignment_id, pilot_id = key
        entry = existing.pop(key, None)
        if entry is None:
            entry = WorkloadEntry(
                teacher_id=teacher_id,
                year=year,
                pilot_id=pilot_id,
                activity=activity,
                quantity=quantity,
                source=WorkloadSource.EXAM if assignment_id else WorkloadSource.TRAINING,
                training_session_id=session_id,
                exam_assignment_id=assignment_id,
            )
            entry.full_clean(validate_unique=False, validate_constraints=False)
            created.append(entry)
        elif entry.quantity != quantity:
            entry.quantity = quantity
            updated.append(entry)
    WorkloadEntry.objects.bulk_create(created)
    WorkloadEntry.objects.bulk_update(updated, ["quantity"])
    if existing:
        WorkloadEntry.objects.filter(pk__in=[e.pk for e in existing.values()]).delete()
    return {"created": len(created), "updated": len(updated), "removed": len(existing)}


@transaction.atomic
def workload_derive(
    *, actor: User | None, institution: Institution, year: int, request: HttpRequest | None = None
) -> dict[str, int]:
    """Bring the derived workload of a year in line with the records; running it twice changes nothing."""
    require(actor, "workload.write", institution)
    counts = workload_sync(institution=institution, year=year)
    if any(counts.values()):
        audit_record(
            actor=actor,
            action="workload.derive",
            target=institution,
            after={"year": year, **counts},
            request=request,
        )
    return counts


@transaction.atomic
def workload_entry_add(
    *,
    actor: User | None,
    teacher: Teacher,
    year: int,
    activity: str,
    quantity: Decimal,
    reason: str,
    pilot: Any = None,
    request: HttpRequest | None = None,
) -> WorkloadEntry:
    """A manual workload entry: only with a reason, by the office or the teacher's coordinator."""
    require(actor, "workload.write", teacher)
    if actor is not None and actor.teacher_id == teacher.pk:
        raise PermissionDenied(
            _("Separation of duties: you may not record workload for yourself; it would feed your own subsidy.")
        )
    if not reason.strip():
        raise ValidationError({"reason": _("A manual entry needs a reason.")})
    if pilot is not None and pilot.institution_id != teacher.institution_id:
        raise ValidationError({"pilot": _("The pilot belongs to another institution.")})
    entry = WorkloadEntry(
        teacher=teacher,
        year=year,
        pilot=pilot,
        activity=activity,
        quantity=quantity,
        source=WorkloadSource.MANUAL,
        reason=reason.strip(),
    )
    entry.full_clean()
    entry.save()
    audit_record(
        actor=actor, action="workload.add", target=entry, after=snapshot(entry), reason=entry.reason, request=request
    )
    return entry


@transaction.atomic
def workload_entry_delete(
    *, actor: User | None, entry: WorkloadEntry, reason: str, request: HttpRequest | None = None
) -> None:
    """Withdraw a manual entry (derived ones follow their records)."""
    teacher = entry.teacher
    require(actor, "workload.write", teacher)
    if entry.source != WorkloadSource.MANUAL:
        raise ValidationError(_("Only manual entries can be withdrawn; derived ones follow their records."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the entry is withdrawn.")})
    before = snapshot(entry)
    audit_record(actor=actor, action="workload.delete", target=entry, before=before, reason=reason, request=request)
    entry.delete()


# ----------------------------------------------------------------- statements


def superseded_ids(qs: QuerySet[SubsidyStatement]) -> set[int]:
    return set(SubsidyStatement.objects.filter(supersedes__in=qs.values("pk")).values_list("supersedes_id", flat=True))


def _counted_elsewhere(statement: SubsidyStatement) -> dict[tuple[int, str], Decimal]:
    """Quantities of the same department and year already on other live, non-draft statements."""
    others = SubsidyStatement.objects.filter(
        institution_id=statement.institution_id, department_id=statement.department_id, year=statement.year
    ).exclude(pk=statement.pk)
    dead = superseded_ids(others)
    if statement.supersedes_id:
        dead.add(statement.supersedes_id)
    live = others.exclude(pk__in=dead).exclude(status=StatementStatus.DRAFT)
    rows = SubsidyLine.objects.filter(statement__in=live).values("teacher_id", "activity").annotate(q=Sum("quantity"))
    return {(r["teacher_id"], r["activity"]): r["q"] for r in rows}


def _fill_lines(statement: SubsidyStatement) -> None:
    """(Re)write a draft's lines from the workload, the rules and what other statements already pay."""
    rules = rules_for_year(institution_id=statement.institution_id, year=statement.year)
    totals = (
        WorkloadEntry.objects.filter(
            teacher__institution_id=statement.institution_id,
            teacher__department_id=statement.department_id,
            year=statement.year,
        )
        .values("teacher_id", "activity")
        .annotate(q=Sum("quantity"))
        .order_by("teacher_id", "activity")
    )
    already = _counted_elsewhere(statement)
    missing = sorted({row["activity"] for row in totals} - set(rules))
    if missing:
        names = ", ".join(str(Activity(a).label) for a in missing)
        raise ValidationError(
            _("There is no subsidy rule for %(activities)s in %(year)s.")
            % {"activities": names, "year": statement.year}
        )
    lines = []
    for row in totals:
        quantity = row["q"] - already.get((row["teacher_id"], row["activity"]), Decimal(0))
        if quantity <= 0:
            continue
        rate = rules[row["activity"]]
        line = SubsidyLine(
            statement=statement,
            teacher_id=row["teacher_id"],
            activity=row["activity"],
            quantity=quantity,
            rate=rate,
            amount=money(quantity * rate),
        )
        line.full_clean(exclude=["statement"], validate_unique=False, validate_constraints=False)
        lines.append(line)
    SubsidyLine.objects.filter(statement=statement).delete()
    SubsidyLine.objects.bulk_create(lines)


@transaction.atomic
def subsidy_statement_create(
    *,
    actor: User | None,
    department: Department,
    year: int,
    batch: str = "",
    request: HttpRequest | None = None,
) -> SubsidyStatement:
    """A draft statement of a department's workload not yet on another statement."""
    require(actor, "statement.prepare", department)
    # One open draft per department and year, so two drafts never pay the same work.
    Department.objects.select_for_update().filter(pk=department.pk).first()
    if SubsidyStatement.objects.filter(department=department, year=year, status=StatementStatus.DRAFT).exists():
        raise ValidationError(_("This department already has a draft statement for %(year)s.") % {"year": year})
    statement = SubsidyStatement(
        institution_id=department.institution_id, department=department, year=year, batch=batch
    )
    statement.full_clean()
    statement.save()
    _fill_lines(statement)
    audit_record(
        actor=actor, action="subsidy_statement.create", target=statement, after=snapshot(statement), request=request
    )
    return statement


@transaction.atomic
def subsidy_statement_refresh(
    *, actor: User | None, statement: SubsidyStatement, request: HttpRequest | None = None
) -> SubsidyStatement:
    """Recompute a draft from the current workload and rules."""
    require(actor, "statement.prepare", statement)
    statement = SubsidyStatement.objects.select_for_update().get(pk=statement.pk)
    if statement.status != StatementStatus.DRAFT:
        raise ValidationError(_("The statement is approved and locked; only a new statement can change it."))
    _fill_lines(statement)
    audit_record(actor=actor, action="subsidy_statement.refresh", target=statement, request=request)
    return statement


@transaction.atomic
def subsidy_statement_supersede(
    *, actor: User | None, statement: SubsidyStatement, reason: str, request: HttpRequest | None = None
) -> SubsidyStatement:
    """A new draft that replaces an approved statement, with the reason for the change."""
    require(actor, "statement.prepare", statement)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the statement is replaced.")})
    statement = SubsidyStatement.objects.select_for_update().get(pk=statement.pk)
    if statement.status == StatementStatus.DRAFT:
        raise ValidationError(_("A draft can still be changed; it needs no new statement."))
    if statement.status == StatementStatus.PAID:
        raise ValidationError(_("A paid statement cannot be replaced; record the correction as an expense."))
    if SubsidyStatement.objects.filter(supersedes=statement).exists():
        raise ValidationError(_("This statement has already been replaced."))
    if SubsidyStatement.objects.filter(
        department_id=statement.department_id, year=statement.year, status=StatementStatus.DRAFT
    ).exists():
        raise ValidationError(
            _("This department already has a draft statement for %(year)s.") % {"year": statement.year}
        )
    new = SubsidyStatement(
        institution_id=statement.institution_id,
        department_id=statement.department_id,
        year=statement.year,
        batch=statement.batch,
        supersedes=statement,
        reason=reason.strip(),
    )
    new.full_clean()
    new.save()
    _fill_lines(new)
    audit_record(
        actor=actor,
        action="subsidy_statement.supersede",
        target=new,
        before=snapshot(statement),
        after=snapshot(new),
        reason=new.reason,
        request=request,
    )
    return new


def _advance(
    *,
    actor: User | None,
    statement: SubsidyStatement,
    expected: str,
    new: str,
    stamp: str,
    request: HttpRequest | None,
) -> SubsidyStatement:
    """Move the statement one step, only if nobody else moved it first (a conditional UPDATE)."""
    if SubsidyStatement.objects.filter(supersedes_id=statement.pk).exists():
        raise ValidationError(_("This statement has been replaced by a newer one."))
    now = timezone.now()
    changed = SubsidyStatement.objects.filter(pk=statement.pk, status=expected).update(
        status=new, **{f"{stamp}_at": now, f"{stamp}_by": actor}
    )
    if not changed:
        current = SubsidyStatement.objects.filter(pk=statement.pk).values_list("status", flat=True).first()
        label = StatementStatus(current).label if current else "—"
        raise StatementConflictError(
            _("The statement is no longer “%(expected)s” (it is now “%(current)s”): someone else acted on it first.")
            % {"expected": StatementStatus(expected).label, "current": label}
        )
    before = snapshot(statement, fields=["status"])
    statement.refresh_from_db()
    audit_record(
        actor=actor,
        action=f"subsidy_statement.{new}",
        target=statement,
        before=before,
        after=snapshot(statement, fields=["status", f"{stamp}_at", f"{stamp}_by"]),
        request=request,
    )
    return statement


@transaction.atomic
def subsidy_statement_department_approve(
    *, actor: User | None, statement: SubsidyStatement, request: HttpRequest | None = None
) -> SubsidyStatement:
    """First approval, by the coordinator of the statement's own department."""
    require(actor, "statement.department_approve", statement)  # its own department's coordinator
    _refuse_own_pay(
        actor,
        statement,
        _("Separation of duties: you may not approve a statement that pays yourself; another coordinator approves it."),
    )
    if not statement.subsidyline_set.exists():
        raise ValidationError(_("The statement has no lines to approve."))
    return _advance(
        actor=actor,
        statement=statement,
        expected=StatementStatus.DRAFT,
        new=StatementStatus.DEPARTMENT_APPROVED,
        stamp="department_approved",
        request=request,
    )


@transaction.atomic
def subsidy_statement_office_approve(
    *, actor: User | None, statement: SubsidyStatement, request: HttpRequest | None = None
) -> SubsidyStatement:
    """Second approval, by the 1+X office, after the department's."""
    require(actor, "statement.office_approve", statement)
    _refuse_own_pay(
        actor,
        statement,
        _(
            "Separation of duties: you may not approve a statement that pays yourself; another office member approves it."
        ),
    )
    return _advance(
        actor=actor,
        statement=statement,
        expected=StatementStatus.DEPARTMENT_APPROVED,
        new=StatementStatus.OFFICE_APPROVED,
        stamp="office_approved",
        request=request,
    )


def statement_total(statement: SubsidyStatement) -> Decimal:
    return money(statement.subsidyline_set.aggregate(s=Sum("amount"))["s"])


@transaction.atomic
def subsidy_statement_pay(
    *,
    actor: User | None,
    statement: SubsidyStatement,
    spent_on: dt.date,
    voucher_number: str = "",
    budget: Budget | None = None,
    confirm_over_budget: bool = False,
    request: HttpRequest | None = None,
) -> SubsidyStatement:
    """Finance pays an office-approved statement; its expense is recorded in the same step."""
    from onex.finance.services.budgets import expense_create

    require(actor, "statement.pay", statement)
    _refuse_own_pay(
        actor,
        statement,
        _("Separation of duties: you may not pay a statement that pays yourself; another finance member pays it."),
    )
    if budget is None:
        budgets = list(Budget.objects.filter(institution_id=statement.institution_id, year=statement.year)[:2])
        if len(budgets) != 1:
            raise ValidationError({"budget": _("Choose the budget the statement is paid from.")})
        budget = budgets[0]
    elif budget.institution_id != statement.institution_id:
        raise ValidationError({"budget": _("The budget belongs to another institution.")})
    statement = _advance(
        actor=actor,
        statement=statement,
        expected=StatementStatus.OFFICE_APPROVED,
        new=StatementStatus.PAID,
        stamp="paid",
        request=request,
    )
    total = statement_total(statement)
    if total > 0:
        expense_create(
            actor=actor,
            budget=budget,
            category=ExpenseCategory.SUBSIDIES,
            department=statement.department,
            amount=total,
            spent_on=spent_on,
            voucher_number=voucher_number,
            description=_("Teacher subsidies: %(statement)s") % {"statement": statement},
            subsidy_statement=statement,
            confirm_over_budget=confirm_over_budget,
            request=request,
        )
    return statement


def live_statements(qs: QuerySet[SubsidyStatement]) -> QuerySet[SubsidyStatement]:
    """Statements not replaced by a newer one."""
    return qs.exclude(pk__in=SubsidyStatement.objects.filter(supersedes__isnull=False).values("supersedes_id"))
