"""Writes for registrations (报名/备案), each audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from onex.audit.services import audit_record, snapshot
from onex.org.models import Student
from onex.pilots.models import Pilot, Registration, TraineeType


@transaction.atomic
def registration_create(
    *,
    pilot: Pilot,
    student: Student,
    applied_on: dt.date | None = None,
    filed_on: dt.date | None = None,
    trainee_type: str = TraineeType.SCHOOL,
    actor: Any = None,
    request: Any = None,
) -> Registration:
    registration = Registration(
        pilot=pilot,
        student=student,
        applied_on=applied_on or timezone.localdate(),
        filed_on=filed_on,
        trainee_type=trainee_type,
    )
    registration.full_clean()
    registration.save()
    audit_record(
        actor=actor, action="registration.create", target=registration, after=snapshot(registration), request=request
    )
    return registration


@transaction.atomic
def registration_update(
    *, registration: Registration, actor: Any = None, request: Any = None, **changes: Any
) -> Registration:
    """Change ``applied_on``, ``department_approved_on``, ``filed_on`` or ``trainee_type``."""
    allowed = {"applied_on", "department_approved_on", "filed_on", "trainee_type"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"registration_update cannot change {sorted(unknown)}")
    before = snapshot(registration)
    for name, value in changes.items():
        setattr(registration, name, value)
    registration.full_clean()
    registration.save()
    audit_record(
        actor=actor,
        action="registration.update",
        target=registration,
        before=before,
        after=snapshot(registration),
        request=request,
    )
    return registration


@transaction.atomic
def registration_file(
    *, registration: Registration, filed_on: dt.date | None = None, actor: Any = None, request: Any = None
) -> Registration:
    """Record the filing (备案) on the national platform."""
    return registration_update(
        registration=registration, filed_on=filed_on or timezone.localdate(), actor=actor, request=request
    )


@transaction.atomic
def registration_withdraw(
    *,
    registration: Registration,
    reason: str,
    withdrawn_on: dt.date | None = None,
    actor: Any = None,
    request: Any = None,
) -> Registration:
    before = snapshot(registration)
    registration.withdrawn_on = withdrawn_on or timezone.localdate()
    registration.withdrawal_reason = reason
    registration.full_clean()
    registration.save()
    audit_record(
        actor=actor,
        action="registration.withdraw",
        target=registration,
        before=before,
        after=snapshot(registration),
        reason=reason,
        request=request,
    )
    return registration
