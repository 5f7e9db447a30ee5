"""Seats (座位): added to a session, moved or swapped by hand, and read as a seat plan."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from onex.audit.services import audit_record, snapshot
from onex.exams.models import ExamSession, Seat
from onex.exams.services.scheduling import candidate_problems, capacity_problems
from onex.org.models import Student
from onex.pilots.models import Registration

if TYPE_CHECKING:
    from onex.accounts.models import User

# Parks a seat while two seats swap numbers (the pair is unique per session).
_PARKED = 2_000_000_000


def _free_numbers(session: ExamSession, count: int) -> list[int]:
    taken = set(session.seat_set.values_list("seat_number", flat=True))
    free = [n for n in range(1, session.room.seats + 1) if n not in taken]
    return free[:count]


@transaction.atomic
def seats_allocate(
    *,
    actor: User | None,
    session: ExamSession,
    registrations: Sequence[Registration],
    request: HttpRequest | None = None,
) -> list[Seat]:
    """Seat more candidates in ``session``, taking the lowest free seat numbers."""
    session = ExamSession.objects.select_for_update().select_related("room", "pilot").get(pk=session.pk)
    regs = list(registrations)
    # Serialise seating of the same candidates (see exam_sessions_schedule).
    list(Student.objects.select_for_update().filter(pk__in={r.student_id for r in regs}).values_list("pk"))
    problems = []
    if any(r.pilot_id != session.pilot_id for r in regs):
        problems.append(_("Only candidates of this pilot can be seated."))
    already = set(session.seat_set.filter(registration__in=regs).values_list("registration_id", flat=True))
    if already:
        problems.append(_("Some of these candidates are already seated in this session."))
    occupied = session.seat_set.count()
    problems += capacity_problems(candidates=occupied + len(regs), seats=session.room.seats)
    problems += candidate_problems(registrations=regs, starts_at=session.starts_at, ends_at=session.ends_at)
    if problems:
        raise ValidationError(problems)
    seats = []
    for reg, number in zip(regs, _free_numbers(session, len(regs)), strict=True):
        seat = Seat(session=session, registration=reg, seat_number=number)
        seat.full_clean()
        seat.save()
        seats.append(seat)
    audit_record(
        actor=actor,
        action="seats.allocate",
        target=session,
        after={"seats": [[s.registration_id, s.seat_number] for s in seats]},
        request=request,
    )
    return seats


@transaction.atomic
def seat_move(
    *,
    actor: User | None,
    seat: Seat,
    seat_number: int,
    session: ExamSession | None = None,
    request: HttpRequest | None = None,
) -> Seat:
    """Give a candidate another seat number, in the same session or another of the pilot's sessions.

    If the number is taken, the two candidates swap seats.
    """
    seat = Seat.objects.select_for_update().select_related("session__room", "registration").get(pk=seat.pk)
    Student.objects.select_for_update().filter(pk=seat.registration.student_id).exists()
    source = seat.session
    target = source if session is None else ExamSession.objects.select_related("room").get(pk=session.pk)
    if target.pilot_id != source.pilot_id:
        raise ValidationError(_("A seat can only move between sessions of the same pilot."))
    if not 1 <= seat_number <= target.room.seats:
        raise ValidationError(
            _("Seat number must be between 1 and %(seats)s in room %(room)s.")
            % {"seats": target.room.seats, "room": target.room}
        )
    other = Seat.objects.select_for_update().filter(session=target, seat_number=seat_number).exclude(pk=seat.pk).first()
    if target.pk != source.pk:
        if other is None and target.seat_set.count() >= target.room.seats:
            raise ValidationError(capacity_problems(candidates=target.room.seats + 1, seats=target.room.seats))
        problems = candidate_problems(
            registrations=[seat.registration],
            starts_at=target.starts_at,
            ends_at=target.ends_at,
            exclude_session_ids=[source.pk],
        )
        if other is not None:
            problems += candidate_problems(
                registrations=[other.registration],
                starts_at=source.starts_at,
                ends_at=source.ends_at,
                exclude_session_ids=[target.pk],
            )
        if problems:
            raise ValidationError(problems)
    before = {"session": source.pk, "seat_number": seat.seat_number}
    if other is not None:
        old_session, old_number = seat.session, seat.seat_number
        seat.seat_number = _PARKED
        seat.save(update_fields=["seat_number"])
        other.session = old_session
        other.seat_number = old_number
        other.full_clean()
        other.save()
        audit_record(
            actor=actor,
            action="seat.move",
            target=other,
            before={"session": target.pk, "seat_number": seat_number},
            after=snapshot(other, ["session", "seat_number"]),
            request=request,
        )
    seat.session = target
    seat.seat_number = seat_number
    seat.full_clean()
    seat.save()
    audit_record(
        actor=actor,
        action="seat.move",
        target=seat,
        before=before,
        after=snapshot(seat, ["session", "seat_number"]),
        request=request,
    )
    return seat


@transaction.atomic
def seat_remove(*, actor: User | None, seat: Seat, request: HttpRequest | None = None) -> None:
    audit_record(actor=actor, action="seat.remove", target=seat, before=snapshot(seat), request=request)
    seat.delete()


def seat_plan(*, session: ExamSession, columns: int = 6) -> list[list[dict[str, Any]]]:
    """The room as rows of ``columns`` seats, each seat with its candidate or None."""
    by_number = {
        s.seat_number: s for s in session.seat_set.select_related("registration__student").order_by("seat_number")
    }
    size = max([session.room.seats, *by_number.keys()]) if by_number else session.room.seats
    cells = [{"number": n, "seat": by_number.get(n)} for n in range(1, size + 1)]
    return [cells[i : i + columns] for i in range(0, len(cells), columns)]
