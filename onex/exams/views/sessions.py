"""Exam session pages: scheduling, seats, assessors and supervisors, printables.

Each view authorises (role, then scope: anything outside the user's scope is a 404), validates a
form, calls one service and redirects.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onex.core.access import can_post, page, page_allowed
from onex.core.pages import attempt
from onex.core.scoping import get_object_for_user, scope_queryset
from onex.exams import printables
from onex.exams.forms.sessions import (
    AddCandidatesForm,
    AssignForm,
    RescheduleForm,
    ScheduleForm,
    SeatMoveForm,
)
from onex.exams.models import (
    AssessorAssignment,
    AssessorRole,
    ExamRoom,
    ExamSession,
    Seat,
)
from onex.exams.pages import messages_to_form, render_page
from onex.exams.services import scheduling, seating
from onex.org.models import Teacher
from onex.pilots.models import Pilot
from onex.training.selectors import training_hours_table


def _sessions(request: HttpRequest) -> Any:
    return scope_queryset(ExamSession.objects.all(), request.user).select_related(
        "pilot__certificate", "room__site", "pilot__institution"
    )


def _session(request: HttpRequest, pk: int) -> ExamSession:
    return get_object_for_user(
        ExamSession.objects.select_related("pilot__certificate", "room__site", "pilot__institution"),
        request.user,
        pk=pk,
    )


def _rooms(request: HttpRequest) -> Any:
    return scope_queryset(ExamRoom.objects.select_related("site"), request.user).order_by("site__name", "name")


def _teachers(request: HttpRequest) -> Any:
    return scope_queryset(Teacher.objects.all(), request.user).order_by("name_pinyin")


def _card_holders(request: HttpRequest, pilot: Pilot) -> Any:
    """Teachers holding any assessor or supervisor card for the pilot's certificate and level."""
    return (
        _teachers(request)
        .filter(assessorqualification__certificate_id=pilot.certificate_id, assessorqualification__level=pilot.level)
        .distinct()
    )


# --- sessions ---------------------------------------------------------------------------------------------


@page
def session_list(request: HttpRequest) -> HttpResponse:
    sessions = _sessions(request).annotate(seat_count=Count("seat", distinct=True)).order_by("-starts_at")
    year = request.GET.get("year", "")
    if year.isdigit():
        sessions = sessions.filter(pilot__year=int(year))
    return render_page(
        request,
        "exams/session_list.html",
        _("Exam sessions"),
        sessions=sessions[:500],
        can_schedule=can_post(request.user, "exams:schedule"),
        can_read_results=page_allowed(request.user, "exams:results"),
        year=year,
    )


@page
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest) -> HttpResponse:
    pilots = scope_queryset(Pilot.objects.select_related("certificate"), request.user)
    chosen = request.POST.get("pilot") or request.GET.get("pilot") or ""
    pilot = pilots.filter(pk=int(chosen)).first() if chosen.isdigit() else None
    teachers = _teachers(request)
    kwargs = {
        "pilots": pilots,
        "rooms": _rooms(request),
        # Offer the teachers holding a card for the pilot's certificate and level; the date is checked on submit.
        "assessors": scheduling.card_holders(teachers=teachers, pilot=pilot, role=AssessorRole.ASSESSOR),
        "supervisors": scheduling.card_holders(teachers=teachers, pilot=pilot, role=AssessorRole.SUPERVISOR),
    }
    if request.method == "POST":
        form = ScheduleForm(request.POST, **kwargs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                created = scheduling.exam_sessions_schedule(
                    actor=request.user,
                    pilot=data["pilot"],
                    rooms=data["rooms"],
                    kind=data["kind"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    include_below_minimum=data["include_below_minimum"],
                    assessors=list(data["assessors"]),
                    supervisors=list(data["supervisors"]),
                    request=request,
                )
            except ValidationError as exc:
                messages_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("%(sessions)s session(s) scheduled, %(seats)s candidates seated.")
                    % {"sessions": len(created), "seats": sum(s.seat_set.count() for s in created)},
                )
                return redirect("exams:session", pk=created[0].pk)
    else:
        form = ScheduleForm(initial={"pilot": pilot.pk} if pilot else {}, **kwargs)
    hours = training_hours_table(pilot=pilot) if pilot else []
    return render_page(
        request,
        "exams/schedule.html",
        _("Schedule an exam session"),
        form=form,
        pilot=pilot,
        below_minimum=[row for row in hours if row["below_minimum"]],
        waiting=len(scheduling.exam_candidates(pilot=pilot)) if pilot else 0,
    )


@page
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    can_edit = can_post(request.user, "exams:schedule")
    context: dict[str, Any] = {
        "session": session,
        "when": printables.session_when(session),
        "seats": session.seat_set.select_related("registration__student").order_by("seat_number"),
        "assignments": session.assessorassignment_set.select_related("teacher").order_by(
            "role", "teacher__name_pinyin"
        ),
        "can_edit": can_edit,
        "can_read_results": page_allowed(request.user, "exams:results"),
        "can_print_tickets": page_allowed(request.user, "exams:tickets"),
        "can_print": page_allowed(request.user, "exams:sign_in_sheet"),
    }
    if can_edit:
        context["assign_form"] = AssignForm(session=session, teachers=_card_holders(request, session.pilot))
        context["add_form"] = AddCandidatesForm(candidates=scheduling.exam_candidates(pilot=session.pilot))
        context["pilot_sessions"] = ExamSession.objects.filter(pilot=session.pilot).select_related("room__site")
    title = f"{printables.session_title(session)} {context['when']}"
    return render_page(request, "exams/session_detail.html", title, **context)


@page
@require_http_methods(["GET", "POST"])
def session_reschedule(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = RescheduleForm(request.POST or None, session=session, rooms=_rooms(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scheduling.exam_session_reschedule(
                actor=request.user,
                session=session,
                room=data["room"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                kind=data["kind"],
                request=request,
            )
        except ValidationError as exc:
            messages_to_form(form, exc)
        else:
            messages.success(request, _("The session was moved."))
            return redirect("exams:session", pk=session.pk)
    return render_page(request, "exams/session_reschedule.html", _("Move an exam session"), form=form, session=session)


@page
@require_POST
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    scheduling.exam_session_delete(actor=request.user, session=session, request=request)
    messages.success(request, _("The session was deleted."))
    return redirect("exams:sessions")


@page
@require_POST
def assessor_assign(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = AssignForm(request.POST, session=session, teachers=_card_holders(request, session.pilot))
    if form.is_valid():
        try:
            scheduling.assessor_assign(
                actor=request.user,
                session=session,
                teacher=form.cleaned_data["teacher"],
                role=form.cleaned_data["role"],
                request=request,
            )
        except ValidationError as exc:
            messages_to_form(form, exc)
        else:
            messages.success(request, _("Assigned."))
            return redirect("exams:session", pk=session.pk)
    for error in form.errors.values():
        for message in error:
            messages.error(request, message)
    return redirect("exams:session", pk=session.pk)


@page
@require_POST
def assessor_unassign(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    session = _session(request, pk)
    assignment = get_object_for_user(AssessorAssignment.objects.filter(session=session), request.user, pk=assignment_pk)
    scheduling.assessor_unassign(actor=request.user, assignment=assignment, request=request)
    messages.success(request, _("Assignment removed."))
    return redirect("exams:session", pk=session.pk)


@page
@require_POST
def seats_add(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = AddCandidatesForm(request.POST, candidates=scheduling.exam_candidates(pilot=session.pilot))
    if form.is_valid():
        attempt(
            request,
            lambda: seating.seats_allocate(
                actor=request.user,
                session=session,
                registrations=list(form.cleaned_data["registrations"]),
                request=request,
            ),
            _("Candidates seated."),
        )
    else:
        messages.error(request, _("Choose at least one candidate."))
    return redirect("exams:session", pk=session.pk)


@page
@require_POST
def seat_move(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    form = SeatMoveForm(request.POST, sessions=ExamSession.objects.filter(pilot=session.pilot))
    if form.is_valid():
        seat = get_object_for_user(Seat.objects.filter(session=session), request.user, pk=form.cleaned_data["seat"])
        attempt(
            request,
            lambda: seating.seat_move(
                actor=request.user,
                seat=seat,
                session=form.cleaned_data["session"],
                seat_number=form.cleaned_data["seat_number"],
                request=request,
            ),
            _("Seat changed."),
        )
    else:
        messages.error(request, _("Give a valid seat number."))
    return redirect("exams:session", pk=session.pk)


@page
@require_POST
def seat_remove(request: HttpRequest, pk: int, seat_pk: int) -> HttpResponse:
    session = _session(request, pk)
    seat = get_object_for_user(Seat.objects.filter(session=session), request.user, pk=seat_pk)
    seating.seat_remove(actor=request.user, seat=seat, request=request)
    messages.success(request, _("Seat removed."))
    return redirect("exams:session", pk=session.pk)


# --- printables -------------------------------------------------------------------------------------------


@page
def sign_in_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    response = HttpResponse(
        printables.sign_in_workbook(session),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{printables.sign_in_filename(session)}"'
    return response


@page
def seat_plan(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    return render(
        request,
        "exams/print/seat_plan.html",
        {
            "session": session,
            "title": printables.session_title(session),
            "when": printables.session_when(session),
            "rows": seating.seat_plan(session=session),
        },
    )


@page
def tickets(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    return render(request, "exams/print/tickets.html", {**printables.tickets_context(session), "screen": True})


@page
def tickets_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    try:
        pdf = printables.tickets_pdf(session)
    except printables.PdfUnavailableError as exc:
        messages.error(request, str(exc))
        return redirect("exams:session", pk=session.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="tickets-{session.pk}.pdf"'
    return response
