"""Writes for registrations (报名/备案), each audited."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onex.audit.services import audit_record, audited_save, snapshot
from onex.core.access import require
from onex.org.models import Student
from onex.pilots.models import Pilot, PilotStatus, Registration, TraineeType

if TYPE_CHECKING:
    from onex.accounts.models import User


@transaction.atomic
def registration_create(
    *,
    pilot: Pilot,
    student: Student,
    applied_on: dt.date | None = None,
    filed_on: dt.date | None = None,
    trainee_type: str = TraineeType.SCHOOL,
    actor: User | None = None,
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
    *, registration: Registration, actor: User | None = None, request: Any = None, **changes: Any
) -> Registration:
    """Change ``applied_on``, ``department_approved_on``, ``filed_on`` or ``trainee_type``."""
    allowed = {"applied_on", "department_approved_on", "filed_on", "trainee_type"}
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"registration_update cannot change {sorted(unknown)}")
    filing = changes.get("filed_on")
    if filing is not None and filing != registration.filed_on:
        # Decided on the row as it is now, not as the caller loaded it.
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        refusal = filing_refusal(
            department_approved_on=changes.get("department_approved_on", current.department_approved_on),
            filed_on=current.filed_on,
            withdrawn_on=current.withdrawn_on,
        )
        if refusal is not None:
            raise ValidationError(refusal)
    before = snapshot(registration)
    for name, value in changes.items():
        setattr(registration, name, value)
    audited_save(
        registration,
        actor=actor,
        action="registration.update",
        before=before,
        request=request,
    )
    return registration


def filing_refusal(
    *, department_approved_on: dt.date | None, filed_on: dt.date | None, withdrawn_on: dt.date | None
) -> str | None:
    """Why a registration in this state may not be filed (备案), or None when it may.

    Only a sign-up the department approved (系部审核通过) goes to the national platform; one
    already filed may have its filing date corrected. Every filing door asks here.
    """
    if withdrawn_on is not None:
        if department_approved_on is None and filed_on is None:
            return _("The department turned this sign-up down; a rejected sign-up is never filed.")
        return _("This registration was withdrawn; a withdrawn registration is not filed.")
    if department_approved_on is None and filed_on is None:
        return _("The department has not approved this sign-up yet; only approved sign-ups are filed.")
    return None


@transaction.atomic
def registration_file(
    *, registration: Registration, filed_on: dt.date | None = None, actor: User | None = None, request: Any = None
) -> Registration:
    """Record the filing (备案) on the national platform: of a department-approved sign-up only."""
    return registration_update(
        registration=registration, filed_on=filed_on or timezone.localdate(), actor=actor, request=request
    )


@transaction.atomic
def registration_withdraw(
    *,
    registration: Registration,
    reason: str,
    withdrawn_on: dt.date | None = None,
    actor: User | None = None,
    request: Any = None,
) -> Registration:
    before = snapshot(registration)
    registration.withdrawn_on = withdrawn_on or timezone.localdate()
    registration.withdrawal_reason = reason
    audited_save(
        registration,
        actor=actor,
        action="registration.withdraw",
        before=before,
        reason=reason,
        request=request,
    )
    return registration


# ------------------------------------------------------------ sign-up and approval


def _active_count(pilot: Pilot) -> int:
    return Registration.objects.filter(pilot=pilot, withdrawn_on__isnull=True).count()


def student_major_id(student: Student) -> int | None:
    group = student.class_group
    return group.major_id if group is not None else None


@transaction.atomic
def registration_apply(*, pilot: Pilot, student: Student, actor: User | None, request: Any = None) -> Registration:
    """A student signs up for an open pilot: applied today, awaiting the department's approval.

    The pilot must be open for sign-up, of the student's institution, offered to the
    student's major and below its quota; a student signs up for a pilot once.
    """
    # Lock the pilot so two last sign-ups cannot both take the last place.
    pilot = Pilot.objects.select_for_update().get(pk=pilot.pk)
    if pilot.institution_id != student.institution_id or pilot.status != PilotStatus.OPEN:
        raise ValidationError(_("This pilot is not open for sign-up."))
    major_id = student_major_id(student)
    if major_id is None or not pilot.majors.filter(pk=major_id).exists():
        raise ValidationError(_("This pilot is not offered to your major."))
    if Registration.objects.filter(pilot=pilot, student=student).exists():
        raise ValidationError(_("You have already signed up for this pilot."))
    if pilot.quota is not None and _active_count(pilot) >= pilot.quota:
        raise ValidationError(_("This pilot is full."))
    registration = Registration(
        pilot=pilot,
        student=student,
        applied_on=timezone.localdate(),
        trainee_type=TraineeType.EXTERNAL if student.is_external else TraineeType.SCHOOL,
    )
    registration.full_clean()
    registration.save()
    audit_record(
        actor=actor, action="registration.apply", target=registration, after=snapshot(registration), request=request
    )
    return registration


def _pending_for_decision(*, registration: Registration, actor: User | None) -> Registration:
    # The department of the pilot decides on its sign-ups; the office of the institution may too.
    require(actor, "registration.decide", registration)
    # Of two people deciding at once, the second sees the first one's decision.
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.withdrawn_on is not None or locked.department_approved_on is not None or locked.filed_on is not None:
        raise ValidationError(_("This sign-up has already been decided."))
    return locked


@transaction.atomic
def registration_approve(*, registration: Registration, actor: User | None, request: Any = None) -> Registration:
    """The department approves a sign-up (it may then be filed on the national platform)."""
    locked = _pending_for_decision(registration=registration, actor=actor)
    before = snapshot(locked)
    locked.department_approved_on = timezone.localdate()
    audited_save(
        locked,
        actor=actor,
        action="registration.approve",
        before=before,
        request=request,
        update_fields=["department_approved_on"],
    )
    return locked


@transaction.atomic
def registration_reject(
    *, registration: Registration, reason: str, actor: User | None, request: Any = None
) -> Registration:
    """The department turns a sign-up down: the registration is withdrawn with the reason."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("Give a reason for turning the sign-up down."))
    locked = _pending_for_decision(registration=registration, actor=actor)
    before = snapshot(locked)
    locked.withdrawn_on = timezone.localdate()
    locked.withdrawal_reason = reason
    audited_save(
        locked,
        actor=actor,
        action="registration.reject",
        before=before,
        reason=reason,
        request=request,
        update_fields=["withdrawn_on", "withdrawal_reason"],
    )
    return locked
