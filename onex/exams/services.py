"""Writes for results: recording, approval (which locks them) and audited amendment."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onex.audit.services import audit_record, snapshot
from onex.exams.models import Result
from onex.pilots.models import Pilot, Registration

RESULT_FIELDS = ["theory_score", "practical_score", "total_score", "outcome", "approved_at"]


class ResultLockedError(ValidationError):
    """The result was approved; only an amendment with a reason may change it."""


def result_is_locked(*, result: Result | None, pilot: Pilot) -> bool:
    return result is not None and (result.approved_at is not None or pilot.results_approved_at is not None)


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
    actor: Any = None,
    request: Any = None,
) -> tuple[Result, bool]:
    """Create or update the registration's result; returns it and whether anything changed.

    An approved result (or one of a pilot whose results were approved) changes
    only with ``amend=True`` and a reason, and the amendment is audited.
    """
    pilot = registration.pilot
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


def _same(old: Any, new: Any) -> bool:
    if isinstance(old, Decimal) or isinstance(new, Decimal):
        return old is not None and new is not None and Decimal(old) == Decimal(new)
    return old == new


@transaction.atomic
def results_approve(*, pilot: Pilot, actor: Any = None, request: Any = None) -> int:
    """Approve the pilot's results: from now on they change only by amendment. Returns how many were locked."""
    now = timezone.now()
    pilot = Pilot.objects.select_for_update().get(pk=pilot.pk)
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
