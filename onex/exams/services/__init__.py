"""Writes for results: recording, approval (which locks them) and audited amendment."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onex.audit.services import audit_record, snapshot
from onex.exams.models import Outcome, Result, Seat
from onex.pilots.models import Pilot, Registration

if TYPE_CHECKING:
    from onex.accounts.models import User

RESULT_FIELDS = ["theory_score", "practical_score", "total_score", "outcome", "approved_at"]


class ResultLockedError(ValidationError):
    """The result was approved; only an amendment with a reason may change it."""


def result_is_locked(*, result: Result | None, pilot: Pilot) -> bool:
    """Approved results are locked, and so is every result of a pilot whose results were approved."""
    return pilot.results_approved_at is not None or (result is not None and result.approved_at is not None)


@transaction.atomic
def result_record(
    *,
    registration: Registration,
    outcome: str,
    theory_score: Decimal | None = None,
    practical_score: Decimal | None = None,
    total_score: Decimal | None = None,
    amend: bool = False,
    reason: str = "",
    actor: User | None = None,
    request: Any = None,
) -> tuple[Result, bool]:
    """Create or update the registration's result; returns it and whether anything changed.

    An approved result (or one of a pilot whose results were approved) changes
    only with ``amend=True`` and a reason, and the amendment is audited.
    """
    # The pilot's approval is read afresh under a lock: an approval may have happened since it was loaded.
    pilot = Pilot.objects.select_for_update().get(pk=registration.pilot_id)
    if _unfinished_sessions(registration_ids=[registration.pk]):
        raise ValidationError(_("A session's results cannot be entered before the session ends."))
    result = Result.objects.select_for_update().filter(registration=registration).first()
    values = {
        "theory_score": theory_score,
        "practical_score": practical_score,
        "total_score": total_score,
        "outcome": outcome,
    }
    if result is not None and all(_same(getattr(result, k), v) for k, v in values.items()):
        return result, False
    locked = result_is_locked(result=result, pilot=pilot)
    if locked:
        if not amend:
            raise ResultLockedError(_("The result was approved; amend it with a reason to change it."))
        if not reason.strip():
            raise ValidationError(_("An amendment of an approved result needs a reason."))
    before = snapshot(result, RESULT_FIELDS)
    if result is None:
        result = Result(registration=registration)
    for name, value in values.items():
        setattr(result, name, value)
    if locked and result.approved_at is None:
        result.approved_at = pilot.results_approved_at
    result.full_clean()
    result.save()
    audit_record(
        actor=actor,
        action="result.amend" if locked else "result.record",
        target=result,
        before=before,
        after=snapshot(result, RESULT_FIELDS),
        reason=reason,
        request=request,
    )
    return result, True


def _unfinished_sessions(*, registration_ids: list[int]) -> set[int]:
    """Those of the registrations seated in an exam session (考核场次) that has not ended yet.

    A registration with no seat (results imported from the national platform) has no session to wait for.
    """
    return set(
        Seat.objects.filter(registration_id__in=registration_ids, session__ends_at__gt=timezone.now()).values_list(
            "registration_id", flat=True
        )
    )


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    return old == new


@transaction.atomic
def results_approve(*, pilot: Pilot, actor: User | None = None, request: Any = None) -> int:
    """Approve the pilot's results: from now on they change only by amendment. Returns how many were locked."""
    now = timezone.now()
    pilot = Pilot.objects.select_for_update().get(pk=pilot.pk)
    if pilot.results_approved_at is not None:
        raise ValidationError(_("The results of this pilot were already approved."))
    before = {"results_approved_at": pilot.results_approved_at}
    pilot.results_approved_at = now
    pilot.results_approved_by = actor if getattr(actor, "is_authenticated", False) else None
    pilot.save(update_fields=["results_approved_at", "results_approved_by"])
    count = Result.objects.filter(registration__pilot=pilot, approved_at__isnull=True).update(approved_at=now)
    audit_record(
        actor=actor,
        action="results.approve",
        target=pilot,
        before=before,
        after={"results_approved_at": now.isoformat(), "results": count},
        request=request,
    )
    return count


# --- the pass rule and the results grid ---------------------------------------------------------------------

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


@dataclass(frozen=True)
class ResultEntry:
    """One row of the results grid as typed: the candidate, the two scores, the absent tick."""

    registration: Registration
    theory_score: Decimal | None = None
    practical_score: Decimal | None = None
    absent: bool = False


@dataclass(frozen=True)
class Computed:
    theory_score: Decimal | None
    practical_score: Decimal | None
    total_score: Decimal | None
    outcome: str


@dataclass
class GridSaved:
    recorded: int = 0
    updated: int = 0
    unchanged: int = 0


def result_compute(
    *, pilot: Pilot, theory_score: Decimal | None, practical_score: Decimal | None, absent: bool
) -> Computed:
    """Total and outcome of one candidate by the pilot's pass rule; a ValidationError lists what is wrong.

    The total weighs theory by ``theory_weight`` and practical by the rest; a part of weight zero is not
    required and does not count. With ``both_parts_required`` every counted part must reach the pass mark
    as well as the total. An absent candidate has no scores.
    """
    if absent:
        if theory_score is not None or practical_score is not None:
            raise ValidationError(_("An absent candidate has no scores: clear them or untick absent."))
        return Computed(None, None, None, Outcome.ABSENT)
    problems = []
    for score in (theory_score, practical_score):
        if score is not None and not (0 <= score <= HUNDRED):
            problems.append(_("A score must be a number from 0 to 100."))
            break
    weight = pilot.theory_weight
    parts = [(weight, _cents(theory_score), _("theory")), (1 - weight, _cents(practical_score), _("practical"))]
    counted: list[tuple[Decimal, Decimal]] = [(w, score) for w, score, _label in parts if w > 0 and score is not None]
    missing = [label for w, score, label in parts if w > 0 and score is None]
    if missing:
        problems.append(_("Enter the %(part)s score, or tick absent.") % {"part": "、".join(missing)})
    if problems:
        raise ValidationError(problems)
    theory, practical = parts[0][1], parts[1][1]
    total = sum((w * score for w, score in counted), Decimal("0")).quantize(CENT, rounding=ROUND_HALF_UP)
    passed = total >= pilot.pass_mark
    if pilot.both_parts_required:
        passed = passed and all(score >= pilot.pass_mark for _w, score in counted)
    return Computed(theory, practical, total, Outcome.PASS if passed else Outcome.FAIL)


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _as_typed(result: Result) -> tuple[Decimal | None, Decimal | None, bool]:
    return result.theory_score, result.practical_score, result.outcome == Outcome.ABSENT


def _entry_unchanged(entry: ResultEntry, result: Result | None) -> bool:
    if result is None:
        return False
    theory, practical, absent = _as_typed(result)
    return (
        absent == entry.absent
        and _same(theory, _cents(entry.theory_score))
        and _same(practical, _cents(entry.practical_score))
    )


def results_grid_problems(*, pilot: Pilot, entries: list[ResultEntry]) -> dict[str, list[str]]:
    """What is wrong with each row of the grid, keyed by registration id; nothing is written."""
    errors, _todo, _unchanged = _grid_plan(pilot=pilot, entries=entries)
    return errors


def _grid_plan(
    *, pilot: Pilot, entries: list[ResultEntry]
) -> tuple[dict[str, list[str]], list[tuple[ResultEntry, Computed]], int]:
    registered = set(registered_candidates(pilot=pilot).values_list("pk", flat=True))
    results = {r.registration_id: r for r in Result.objects.filter(registration__pilot=pilot)}
    waiting = _unfinished_sessions(registration_ids=[e.registration.pk for e in entries])
    errors: dict[str, list[str]] = {}
    todo: list[tuple[ResultEntry, Computed]] = []
    unchanged = 0
    for entry in entries:
        key = str(entry.registration.pk)
        if entry.registration.pk not in registered:
            errors[key] = [_("This candidate is not registered for the pilot.")]
            continue
        result = results.get(entry.registration.pk)
        blank = entry.theory_score is None and entry.practical_score is None and not entry.absent
        if blank and result is None:
            continue
        if _entry_unchanged(entry, result):
            unchanged += 1
            continue
        if entry.registration.pk in waiting:
            errors[key] = [_("A session's results cannot be entered before the session ends.")]
            continue
        if blank:
            errors[key] = [_("A recorded result cannot be emptied: enter the scores or tick absent.")]
            continue
        try:
            computed = result_compute(
                pilot=pilot,
                theory_score=entry.theory_score,
                practical_score=entry.practical_score,
                absent=entry.absent,
            )
        except ValidationError as exc:
            errors[key] = exc.messages
            continue
        todo.append((entry, computed))
    return errors, todo, unchanged


@transaction.atomic
def results_grid_save(
    *, pilot: Pilot, entries: list[ResultEntry], actor: User | None = None, request: Any = None
) -> GridSaved:
    """Record the grid of a pilot whose results are not approved yet, all rows or none.

    A row left blank for a candidate without a result is skipped; a row as it was stored is left
    alone (so results imported with an outcome but no scores are kept). Errors are raised together,
    keyed by registration id, before anything is written.
    """
    pilot = Pilot.objects.select_for_update().get(pk=pilot.pk)
    if pilot.results_approved_at is not None:
        raise ResultLockedError(_("The results of this pilot were approved; amend a result with a reason instead."))
    errors, todo, unchanged = _grid_plan(pilot=pilot, entries=entries)
    if errors:
        raise ValidationError(errors)
    saved = GridSaved(unchanged=unchanged)
    had = set(Result.objects.filter(registration__pilot=pilot).values_list("registration_id", flat=True))
    for entry, computed in todo:
        _result, changed = result_record(
            registration=entry.registration,
            outcome=computed.outcome,
            theory_score=computed.theory_score,
            practical_score=computed.practical_score,
            total_score=computed.total_score,
            actor=actor,
            request=request,
        )
        if not changed:
            saved.unchanged += 1
        elif entry.registration.pk in had:
            saved.updated += 1
        else:
            saved.recorded += 1
    return saved


@transaction.atomic
def result_amend(
    *,
    registration: Registration,
    theory_score: Decimal | None,
    practical_score: Decimal | None,
    absent: bool,
    reason: str,
    actor: User | None = None,
    request: Any = None,
) -> tuple[Result, bool]:
    """Amend one approved result with a reason; the trail keeps it before and after."""
    if not reason.strip():
        raise ValidationError(_("An amendment of an approved result needs a reason."))
    computed = result_compute(
        pilot=registration.pilot, theory_score=theory_score, practical_score=practical_score, absent=absent
    )
    return result_record(
        registration=registration,
        outcome=computed.outcome,
        theory_score=computed.theory_score,
        practical_score=computed.practical_score,
        total_score=computed.total_score,
        amend=True,
        reason=reason.strip(),
        actor=actor,
        request=request,
    )


PASS_RULE_FIELDS = ["pass_mark", "theory_weight", "both_parts_required"]


@transaction.atomic
def results_pass_rule_set(
    *,
    pilot: Pilot,
    pass_mark: Decimal,
    theory_weight: Decimal,
    both_parts_required: bool,
    actor: User | None = None,
    request: Any = None,
) -> int:
    """Change the pilot's pass rule before approval and recompute the results it decides; returns how many changed.

    Results without the scores the rule needs (an outcome imported as a word) are left as they are.
    """
    pilot = Pilot.objects.select_for_update().get(pk=pilot.pk)
    if pilot.results_approved_at is not None:
        raise ResultLockedError(_("The results of this pilot were approved; the pass rule can no longer change."))
    before = snapshot(pilot, PASS_RULE_FIELDS)
    pilot.pass_mark = pass_mark
    pilot.theory_weight = theory_weight
    pilot.both_parts_required = both_parts_required
    pilot.full_clean()
    pilot.save(update_fields=PASS_RULE_FIELDS)
    audit_record(
        actor=actor,
        action="pilot.pass_rule",
        target=pilot,
        before=before,
        after=snapshot(pilot, PASS_RULE_FIELDS),
        request=request,
    )
    changed = 0
    results = Result.objects.filter(registration__pilot=pilot).exclude(outcome=Outcome.ABSENT)
    for result in results.select_related("registration"):
        try:
            computed = result_compute(
                pilot=pilot, theory_score=result.theory_score, practical_score=result.practical_score, absent=False
            )
        except ValidationError:
            continue
        _result, did = result_record(
            registration=result.registration,
            outcome=computed.outcome,
            theory_score=computed.theory_score,
            practical_score=computed.practical_score,
            total_score=computed.total_score,
            actor=actor,
            request=request,
        )
        changed += did
    return changed


def registered_candidates(*, pilot: Pilot) -> Any:
    """The candidates the grid lists: filed, not withdrawn (备案人数), by name."""
    return (
        Registration.objects.filter(pilot=pilot, filed_on__isnull=False, withdrawn_on__isnull=True)
        .select_related("student", "result")
        .order_by("student__name_pinyin", "student__student_number", "pk")
    )
