"""Scheduling exam sessions (考核场次) and assigning assessors, with every conflict refused.

``schedule_problems`` and ``assignment_problems`` list what is wrong in plain
words; the forms show those messages and the services refuse with them, so the
two can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from onex.audit.services import audit_record, audited_save, snapshot
from onex.exams.models import (
    AssessorAssignment,
    AssessorQualification,
    AssessorRole,
    ExamKind,
    ExamRoom,
    ExamSession,
    Seat,
)
from onex.org.models import Student, Teacher
from onex.pilots.models import Pilot, Registration
from onex.training.selectors import registration_ids_below_minimum

if TYPE_CHECKING:
    from onex.accounts.models import User

EXPIRY_WINDOW_DAYS = 90
# Level names go into refusal messages; listed here so this app's catalog translates them as well.
LEVEL_WORDS = (gettext_noop("Junior"), gettext_noop("Intermediate"), gettext_noop("Senior"))


def _local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


def _when(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    start = timezone.localtime(starts_at)
    end = timezone.localtime(ends_at)
    return f"{start:%Y-%m-%d %H:%M}–{end:%H:%M}"


def _overlapping(qs: QuerySet[Any], prefix: str, starts_at: dt.datetime, ends_at: dt.datetime) -> QuerySet[Any]:
    return qs.filter(**{f"{prefix}starts_at__lt": ends_at, f"{prefix}ends_at__gt": starts_at})


def _role_label(role: str) -> str:
    return _("supervisor") if role == AssessorRole.SUPERVISOR else _("assessor")


# --- checks -----------------------------------------------------------------------------------------------


def year_problems(*, pilot: Pilot, starts_at: dt.datetime, ends_at: dt.datetime) -> list[str]:
    if _local_day(starts_at).year != pilot.year or _local_day(ends_at).year != pilot.year:
        return [_("The session falls outside the pilot's year %(year)s.") % {"year": pilot.year}]
    return []


def room_problems(
    *, pilot: Pilot, room: ExamRoom, starts_at: dt.datetime, ends_at: dt.datetime, exclude_ids: Iterable[int] = ()
) -> list[str]:
    site = room.site
    if site.institution_id != pilot.institution_id:
        return [_("Room %(room)s belongs to another institution.") % {"room": room}]
    problems = []
    if not site.certificates.filter(pk=pilot.certificate_id).exists():
        problems.append(
            _("Site %(site)s is not accredited for the certificate %(certificate)s.")
            % {"site": site.name, "certificate": pilot.certificate.name}
        )
    clash = (
        _overlapping(ExamSession.objects.filter(room=room), "", starts_at, ends_at)
        .exclude(pk__in=list(exclude_ids))
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        problems.append(
            _("Room %(room)s is already used by another exam session at that time (%(when)s).")
            % {"room": room, "when": _when(clash.starts_at, clash.ends_at)}
        )
    return problems


def capacity_problems(*, candidates: int, seats: int) -> list[str]:
    if candidates > seats:
        return [
            _("%(candidates)s candidates do not fit in %(seats)s seats.") % {"candidates": candidates, "seats": seats}
        ]
    return []


def candidate_problems(
    *,
    registrations: Iterable[Registration],
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    exclude_session_ids: Iterable[int] = (),
) -> list[str]:
    regs = list(registrations)
    student_ids = {r.student_id for r in regs}
    if not student_ids:
        return []
    clashes = (
        _overlapping(Seat.objects.filter(registration__student_id__in=student_ids), "session__", starts_at, ends_at)
        .exclude(session_id__in=list(exclude_session_ids))
        .select_related("registration__student", "session")
        .order_by("registration__student__name_pinyin", "registration__student_id")
    )
    problems, seen = [], set()
    for seat in clashes:
        student = seat.registration.student
        if student.id in seen:
            continue
        seen.add(student.id)
        problems.append(
            _("Candidate %(name)s already sits another exam session at that time (%(when)s).")
            % {"name": student.name, "when": _when(seat.session.starts_at, seat.session.ends_at)}
        )
    return problems


def assignment_problems(
    *,
    pilot: Pilot,
    teacher: Teacher,
    role: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    exclude_session_ids: Iterable[int] = (),
) -> list[str]:
    """What stops ``teacher`` from assessing (or supervising) ``pilot`` from ``starts_at`` to ``ends_at``."""
    if teacher.institution_id != pilot.institution_id:
        return [_("Teacher %(name)s belongs to another institution.") % {"name": teacher.name}]
    problems = []
    clash = (
        _overlapping(AssessorAssignment.objects.filter(teacher=teacher), "session__", starts_at, ends_at)
        .exclude(session_id__in=list(exclude_session_ids))
        .select_related("session")
        .first()
    )
    if clash is not None:
        problems.append(
            _("%(role)s %(name)s is already assigned to another exam session at that time (%(when)s).")
            % {
                "role": _role_label(role).capitalize(),
                "name": teacher.name,
                "when": _when(clash.session.starts_at, clash.session.ends_at),
            }
        )
    first_day, last_day = _local_day(starts_at), _local_day(ends_at)
    qualified = AssessorQualification.objects.filter(
        teacher=teacher,
        certificate_id=pilot.certificate_id,
        level=pilot.level,
        role=role,
        valid_from__lte=first_day,
        valid_until__gte=last_day,
    ).exists()
    if not qualified:
        problems.append(
            _("%(name)s holds no %(role)s qualification for %(certificate)s (%(level)s) valid on %(date)s.")
            % {
                "name": teacher.name,
                "role": _role_label(role),
                "certificate": pilot.certificate.name,
                "level": pilot.get_level_display(),
                "date": date_format(first_day, "Y-m-d"),
            }
        )
    return problems


def exam_candidates(*, pilot: Pilot) -> QuerySet[Registration]:
    """Registered candidates of the pilot (filed, not withdrawn) without a seat in one of its sessions."""
    return (
        Registration.objects.filter(pilot=pilot, filed_on__isnull=False, withdrawn_on__isnull=True)
        .exclude(seat__session__pilot=pilot)
        .select_related("student")
        .order_by("student__name_pinyin", "id")
    )


def schedule_candidates(*, pilot: Pilot, include_below_minimum: bool = False) -> list[Registration]:
    """Who a new session takes by default: registered, not yet seated, with enough training hours."""
    regs = list(exam_candidates(pilot=pilot))
    if not include_below_minimum:
        below = registration_ids_below_minimum(pilot=pilot)
        regs = [r for r in regs if r.id not in below]
    return regs


def schedule_problems(
    *,
    pilot: Pilot,
    rooms: Sequence[ExamRoom],
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    registrations: Sequence[Registration],
    assessors: Sequence[Teacher] = (),
    supervisors: Sequence[Teacher] = (),
) -> list[str]:
    """Every reason to refuse scheduling ``registrations`` of ``pilot`` into ``rooms`` at that time."""
    if ends_at <= starts_at:
        return [_("An exam session must end after it starts.")]
    if not rooms:
        return [_("Choose at least one room.")]
    problems = year_problems(pilot=pilot, starts_at=starts_at, ends_at=ends_at)
    for room in rooms:
        problems += room_problems(pilot=pilot, room=room, starts_at=starts_at, ends_at=ends_at)
    problems += capacity_problems(candidates=len(registrations), seats=sum(r.seats for r in rooms))
    strangers = [r for r in registrations if r.pilot_id != pilot.pk]
    if strangers:
        problems.append(_("Only candidates of this pilot can be seated."))
    problems += candidate_problems(registrations=registrations, starts_at=starts_at, ends_at=ends_at)
    for teacher in assessors:
        problems += assignment_problems(
            pilot=pilot, teacher=teacher, role=AssessorRole.ASSESSOR, starts_at=starts_at, ends_at=ends_at
        )
    for teacher in supervisors:
        problems += assignment_problems(
            pilot=pilot, teacher=teacher, role=AssessorRole.SUPERVISOR, starts_at=starts_at, ends_at=ends_at
        )
    both = {t.pk for t in assessors} & {t.pk for t in supervisors}
    if both:
        problems.append(_("Nobody can be both assessor and supervisor of the same session."))
    return problems


def reschedule_problems(
    *, session: ExamSession, room: ExamRoom, starts_at: dt.datetime, ends_at: dt.datetime
) -> list[str]:
    """Every reason to refuse moving ``session`` (with its seats and assessors) to ``room`` at that time."""
    pilot = session.pilot
    if ends_at <= starts_at:
        return [_("An exam session must end after it starts.")]
    seats = list(session.seat_set.select_related("registration"))
    problems = year_problems(pilot=pilot, starts_at=starts_at, ends_at=ends_at)
    problems += room_problems(pilot=pilot, room=room, starts_at=starts_at, ends_at=ends_at, exclude_ids=[session.pk])
    problems += capacity_problems(candidates=len(seats), seats=room.seats)
    if any(s.seat_number > room.seats for s in seats) and len(seats) <= room.seats:
        problems.append(_("Some seat numbers exceed the seats of room %(room)s; renumber them first.") % {"room": room})
    problems += candidate_problems(
        registrations=[s.registration for s in seats],
        starts_at=starts_at,
        ends_at=ends_at,
        exclude_session_ids=[session.pk],
    )
    for assignment in session.assessorassignment_set.select_related("teacher"):
        problems += assignment_problems(
            pilot=pilot,
            teacher=assignment.teacher,
            role=assignment.role,
            starts_at=starts_at,
            ends_at=ends_at,
            exclude_session_ids=[session.pk],
        )
    return problems


def assign_problems(*, session: ExamSession, teacher: Teacher, role: str) -> list[str]:
    """Every reason to refuse ``teacher`` as assessor or supervisor of ``session``."""
    if role not in AssessorRole.values:
        return [_("Unknown role.")]
    if AssessorAssignment.objects.filter(session=session, teacher=teacher).exists():
        return [_("%(name)s is already assigned to this session.") % {"name": teacher.name}]
    return assignment_problems(
        pilot=session.pilot,
        teacher=teacher,
        role=role,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        exclude_session_ids=[session.pk],
    )


# --- services ---------------------------------------------------------------------------------------------


def _rooms_needed(rooms: Sequence[ExamRoom], candidates: int) -> list[ExamRoom]:
    needed: list[ExamRoom] = []
    capacity = 0
    for room in rooms:
        if capacity >= candidates and needed:
            break
        needed.append(room)
        capacity += room.seats
    return needed


@transaction.atomic
def exam_sessions_schedule(
    *,
    actor: User | None,
    pilot: Pilot,
    rooms: Sequence[ExamRoom],
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    registrations: Sequence[Registration] | None = None,
    include_below_minimum: bool = False,
    assessors: Sequence[Teacher] = (),
    supervisors: Sequence[Teacher] = (),
    request: HttpRequest | None = None,
) -> list[ExamSession]:
    """Schedule candidates of ``pilot`` at one time, filling ``rooms`` in order (one session per room used).

    Without ``registrations`` every registered candidate not yet seated is taken, except those below
    the pilot's minimum training hours unless ``include_below_minimum``. Seats are numbered from 1 in
    each room. Assessors and supervisors are spread over the sessions in turn.
    """
    if kind not in ExamKind.values:
        raise ValidationError(_("Unknown kind of exam."))
    if registrations is None:
        regs = schedule_candidates(pilot=pilot, include_below_minimum=include_below_minimum)
    else:
        regs = list(registrations)
    # Lock the rooms, candidates and staff so that two offices scheduling at once cannot both take them.
    locked = {r.pk: r for r in ExamRoom.objects.select_for_update().filter(pk__in=[r.pk for r in rooms])}
    list(Student.objects.select_for_update().filter(pk__in={r.student_id for r in regs}).values_list("pk"))
    list(
        Teacher.objects.select_for_update().filter(pk__in={t.pk for t in (*assessors, *supervisors)}).values_list("pk")
    )
    rooms = [locked[r.pk] for r in rooms if r.pk in locked]
    problems = schedule_problems(
        pilot=pilot,
        rooms=rooms,
        starts_at=starts_at,
        ends_at=ends_at,
        registrations=regs,
        assessors=assessors,
        supervisors=supervisors,
    )
    if problems:
        raise ValidationError(problems)
    used = _rooms_needed(rooms, len(regs))
    sessions, start = [], 0
    for room in used:
        session = ExamSession(pilot=pilot, room=room, kind=kind, starts_at=starts_at, ends_at=ends_at)
        session.full_clean()
        session.save()
        chunk = regs[start : start + room.seats]
        start += len(chunk)
        for number, reg in enumerate(chunk, start=1):
            seat = Seat(session=session, registration=reg, seat_number=number)
            seat.full_clean()
            seat.save()
        audit_record(
            actor=actor,
            action="exam_session.create",
            target=session,
            after={**(snapshot(session) or {}), "seats": len(chunk)},
            request=request,
        )
        sessions.append(session)
    for staff, role in ((assessors, AssessorRole.ASSESSOR), (supervisors, AssessorRole.SUPERVISOR)):
        for i, teacher in enumerate(staff):
            session = sessions[i % len(sessions)]
            assignment = AssessorAssignment(session=session, teacher=teacher, role=role)
            assignment.full_clean()
            assignment.save()
            audit_record(
                actor=actor, action="assessor.assign", target=assignment, after=snapshot(assignment), request=request
            )
    return sessions


@transaction.atomic
def exam_session_reschedule(
    *,
    actor: User | None,
    session: ExamSession,
    room: ExamRoom,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    kind: str | None = None,
    request: HttpRequest | None = None,
) -> ExamSession:
    """Move a session to another room or time; its seats and assessors must still fit."""
    session = ExamSession.objects.select_for_update().select_related("pilot__certificate").get(pk=session.pk)
    room = ExamRoom.objects.select_for_update().select_related("site").get(pk=room.pk)
    problems = reschedule_problems(session=session, room=room, starts_at=starts_at, ends_at=ends_at)
    if problems:
        raise ValidationError(problems)
    before = snapshot(session)
    session.room = room
    session.starts_at = starts_at
    session.ends_at = ends_at
    if kind is not None:
        session.kind = kind
    audited_save(
        session,
        actor=actor,
        action="exam_session.update",
        before=before,
        request=request,
    )
    return session


@transaction.atomic
def exam_session_delete(*, actor: User | None, session: ExamSession, request: HttpRequest | None = None) -> None:
    audit_record(
        actor=actor,
        action="exam_session.delete",
        target=session,
        before={**(snapshot(session) or {}), "seats": session.seat_set.count()},
        request=request,
    )
    session.assessorassignment_set.all().delete()
    session.seat_set.all().delete()
    session.delete()


@transaction.atomic
def assessor_assign(
    *, actor: User | None, session: ExamSession, teacher: Teacher, role: str, request: HttpRequest | None = None
) -> AssessorAssignment:
    # Serialise assignments of one teacher so that two requests cannot double-book them.
    teacher = Teacher.objects.select_for_update().get(pk=teacher.pk)
    problems = assign_problems(session=session, teacher=teacher, role=role)
    if problems:
        raise ValidationError(problems)
    assignment = AssessorAssignment(session=session, teacher=teacher, role=role)
    assignment.full_clean()
    assignment.save()
    audit_record(actor=actor, action="assessor.assign", target=assignment, after=snapshot(assignment), request=request)
    return assignment


@transaction.atomic
def assessor_unassign(
    *, actor: User | None, assignment: AssessorAssignment, request: HttpRequest | None = None
) -> None:
    audit_record(
        actor=actor, action="assessor.unassign", target=assignment, before=snapshot(assignment), request=request
    )
    assignment.delete()


# --- reads ------------------------------------------------------------------------------------------------


def qualifications_expiring(
    *, qualifications: QuerySet[AssessorQualification], today: dt.date | None = None, days: int = EXPIRY_WINDOW_DAYS
) -> QuerySet[AssessorQualification]:
    """Qualifications still valid today that end within ``days`` days, soonest first."""
    today = today or timezone.localdate()
    return (
        qualifications.filter(valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=days))
        .select_related("teacher", "certificate")
        .order_by("valid_until", "teacher__name_pinyin")
    )


def card_holders(*, teachers: QuerySet[Teacher], pilot: Pilot | None, role: str) -> QuerySet[Teacher]:
    """Of ``teachers``, those who ever held a ``role`` card for the pilot's certificate and level."""
    if pilot is None:
        return teachers.none()
    return teachers.filter(
        assessorqualification__certificate_id=pilot.certificate_id,
        assessorqualification__level=pilot.level,
        assessorqualification__role=role,
    ).distinct()


def qualified_teachers(*, pilot: Pilot, day: dt.date, role: str) -> QuerySet[Teacher]:
    """Teachers of the pilot's institution qualified for its certificate and level on ``day``."""
    return (
        Teacher.objects.filter(
            institution_id=pilot.institution_id,
            assessorqualification__certificate_id=pilot.certificate_id,
            assessorqualification__level=pilot.level,
            assessorqualification__role=role,
            assessorqualification__valid_from__lte=day,
            assessorqualification__valid_until__gte=day,
        )
        .distinct()
        .order_by("name_pinyin")
    )
