"""Writes about training sessions (培训课次) and attendance (考勤)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from onex.audit.services import audit_record, snapshot
from onex.org.models import Teacher
from onex.pilots.models import Pilot, Registration
from onex.training.models import Attendance, TrainingSession

if TYPE_CHECKING:
    from onex.accounts.models import User

MAX_SERIES_SESSIONS = 200


def _hours_between(starts_at: dt.datetime, ends_at: dt.datetime) -> Decimal:
    seconds = Decimal((ends_at - starts_at).total_seconds())
    return (seconds / Decimal(3600)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _check_teachers(*, pilot: Pilot, teachers: Sequence[Teacher]) -> None:
    for teacher in teachers:
        if teacher.institution_id != pilot.institution_id:
            raise ValidationError(_("Teacher %(name)s belongs to another institution.") % {"name": teacher.name})


@transaction.atomic
def training_session_create(
    *,
    actor: User | None,
    pilot: Pilot,
    topic: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    hours: Decimal | None = None,
    room: str = "",
    teachers: Sequence[Teacher] = (),
    request: HttpRequest | None = None,
) -> TrainingSession:
    if ends_at <= starts_at:
        raise ValidationError(_("A training session must end after it starts."))
    _check_teachers(pilot=pilot, teachers=teachers)
    session = TrainingSession(
        pilot=pilot,
        topic=topic,
        starts_at=starts_at,
        ends_at=ends_at,
        hours=hours if hours is not None else _hours_between(starts_at, ends_at),
        room=room,
    )
    session.full_clean()
    session.save()
    session.teachers.set(teachers)
    audit_record(
        actor=actor, action="training_session.create", target=session, after=snapshot(session), request=request
    )
    return session


def series_dates(*, first_day: dt.date, weeks: int, weekdays: Iterable[int]) -> list[dt.date]:
    """The days of a weekly series: ``weekdays`` (Monday = 0) over ``weeks`` weeks from ``first_day``."""
    wanted = set(weekdays)
    last_day = first_day + dt.timedelta(weeks=weeks) - dt.timedelta(days=1)
    days = []
    day = first_day
    while day <= last_day:
        if day.weekday() in wanted:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


@transaction.atomic
def training_series_create(
    *,
    actor: User | None,
    pilot: Pilot,
    topic: str,
    first_day: dt.date,
    weeks: int,
    weekdays: Sequence[int],
    start_time: dt.time,
    end_time: dt.time,
    hours: Decimal | None = None,
    room: str = "",
    teachers: Sequence[Teacher] = (),
    request: HttpRequest | None = None,
) -> list[TrainingSession]:
    """A weekly series in one go, e.g. every Tuesday and Thursday for six weeks."""
    if weeks < 1:
        raise ValidationError(_("A series lasts at least one week."))
    if not weekdays:
        raise ValidationError(_("Choose at least one day of the week."))
    if end_time <= start_time:
        raise ValidationError(_("A training session must end after it starts."))
    days = series_dates(first_day=first_day, weeks=weeks, weekdays=weekdays)
    if len(days) > MAX_SERIES_SESSIONS:
        raise ValidationError(_("A series may hold at most %(n)s sessions.") % {"n": MAX_SERIES_SESSIONS})
    tz = timezone.get_current_timezone()
    sessions = []
    for number, day in enumerate(days, start=1):
        sessions.append(
            training_session_create(
                actor=actor,
                pilot=pilot,
                topic=f"{topic} ({number}/{len(days)})",
                starts_at=dt.datetime.combine(day, start_time, tzinfo=tz),
                ends_at=dt.datetime.combine(day, end_time, tzinfo=tz),
                hours=hours,
                room=room,
                teachers=teachers,
                request=request,
            )
        )
    return sessions


@transaction.atomic
def training_session_delete(
    *, actor: User | None, session: TrainingSession, request: HttpRequest | None = None
) -> None:
    before = snapshot(session)
    audit_record(actor=actor, action="training_session.delete", target=session, before=before, request=request)
    session.delete()


@transaction.atomic
def attendance_record(
    *,
    actor: User | None,
    session: TrainingSession,
    present_registration_ids: Iterable[int],
    request: HttpRequest | None = None,
) -> dict[str, int]:
    """Record who was present at ``session``; every other candidate of the pilot is marked absent.

    Refused for a session that has not started yet: attendance is never dated after the fact it records.
    """
    if session.starts_at > timezone.now():
        raise ValidationError(_("The training session has not started yet; its attendance cannot be taken."))
    present_ids = set(present_registration_ids)
    candidates = set(
        Registration.objects.filter(pilot_id=session.pilot_id, withdrawn_on__isnull=True).values_list("id", flat=True)
    )
    strangers = present_ids - candidates
    if strangers:
        raise ValidationError(_("Only candidates of this pilot can be marked present."))
    existing = {a.registration_id: a for a in Attendance.objects.filter(session=session)}
    before = {str(rid): a.present for rid, a in existing.items()}
    changed = 0
    for reg_id in sorted(candidates):
        present = reg_id in present_ids
        row = existing.get(reg_id)
        if row is None:
            row = Attendance(session=session, registration_id=reg_id, present=present, recorded_by=actor)
        elif row.present == present:
            continue
        else:
            row.present = present
            row.recorded_by = actor
        row.full_clean()
        row.save()
        changed += 1
    after = {str(rid): rid in present_ids for rid in sorted(candidates)}
    audit_record(
        actor=actor,
        action="attendance.record",
        target=session,
        before=before,
        after=after,
        request=request,
    )
    return {"present": len(present_ids), "absent": len(candidates) - len(present_ids), "changed": changed}


@transaction.atomic
def pilot_minimum_hours_set(
    *, actor: User | None, pilot: Pilot, hours: Decimal | None, request: HttpRequest | None = None
) -> Pilot:
    """Set (or clear, with None) the training hours a candidate needs to be seated for the exam."""
    if hours is not None and hours < 0:
        raise ValidationError(_("The minimum hours cannot be negative."))
    before = snapshot(pilot, ["min_training_hours"])
    pilot.min_training_hours = hours
    pilot.full_clean()
    pilot.save(update_fields=["min_training_hours"])
    audit_record(
        actor=actor,
        action="pilot.min_training_hours",
        target=pilot,
        before=before,
        after=snapshot(pilot, ["min_training_hours"]),
        request=request,
    )
    return pilot
