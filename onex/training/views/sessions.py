"""Training pages: sessions per pilot (single or a weekly series), hours per candidate, attendance.

The attendance page is made for a phone: the teacher of a session ticks who is there and saves.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onex.core.access import can_post, page
from onex.core.pages import attempt, staff_render
from onex.core.roles import Role
from onex.core.scoping import get_object_for_user, scope_queryset
from onex.org.models import Teacher
from onex.pilots.models import Pilot
from onex.training import services
from onex.training.forms import MinimumHoursForm, TrainingSeriesForm, TrainingSessionForm
from onex.training.models import TrainingSession
from onex.training.selectors import attendance_sheet, training_hours_table

ORGANISERS = {Role.OFFICE, Role.COORDINATOR}
READERS = ORGANISERS | {Role.LEADER, Role.PROVINCE}
ATTENDANCE_TAKERS = ORGANISERS | {Role.TEACHER}


def _can_organise(request: HttpRequest) -> bool:
    return can_post(request.user, "training:session_create")


def _office_page(request: HttpRequest, template: str, title: str, **context: Any) -> HttpResponse:
    return staff_render(request, template, {"title": title, **context})


def _pilot(request: HttpRequest, pk: int) -> Pilot:
    return get_object_for_user(Pilot.objects.select_related("certificate", "department"), request.user, pk=pk)


def _teachers(request: HttpRequest, pilot: Pilot) -> Any:
    return Teacher.objects.filter(institution_id=pilot.institution_id).order_by("name_pinyin")


@page
def pilot_list(request: HttpRequest) -> HttpResponse:
    pilots = (
        scope_queryset(Pilot.objects.select_related("certificate", "department", "institution"), request.user)
        .annotate(session_count=Count("trainingsession", distinct=True), hours=Sum("trainingsession__hours"))
        .order_by("-year", "certificate__name_pinyin")
    )
    return _office_page(request, "training/pilot_list.html", _("Training"), pilots=pilots[:500])


@page
def pilot_sessions(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot(request, pk)
    can_organise = _can_organise(request)
    teachers = _teachers(request, pilot)
    hours = training_hours_table(pilot=pilot)
    return _office_page(
        request,
        "training/pilot_sessions.html",
        str(pilot),
        pilot=pilot,
        sessions=TrainingSession.objects.filter(pilot=pilot).prefetch_related("teachers").order_by("starts_at"),
        hours=hours,
        below=sum(1 for row in hours if row["below_minimum"]),
        can_organise=can_organise,
        session_form=TrainingSessionForm(teachers=teachers) if can_organise else None,
        series_form=TrainingSeriesForm(teachers=teachers) if can_organise else None,
        minimum_form=MinimumHoursForm(initial={"min_training_hours": pilot.min_training_hours})
        if can_organise
        else None,
    )


@page
@require_POST
def minimum_hours_set(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot(request, pk)
    form = MinimumHoursForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.pilot_minimum_hours_set(
                actor=request.user, pilot=pilot, hours=form.cleaned_data["min_training_hours"], request=request
            ),
            _("Minimum training hours saved."),
        )
    else:
        messages.error(request, _("Give the hours as a number, e.g. 16 or 16.5."))
    return redirect("training:pilot", pk=pilot.pk)


@page
@require_POST
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot(request, pk)
    form = TrainingSessionForm(request.POST, teachers=_teachers(request, pilot))
    if form.is_valid():
        attempt(
            request,
            lambda: services.training_session_create(
                actor=request.user, pilot=pilot, request=request, **form.cleaned_data
            ),
            _("Training session added."),
        )
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("training:pilot", pk=pilot.pk)


@page
@require_POST
def series_create(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = _pilot(request, pk)
    form = TrainingSeriesForm(request.POST, teachers=_teachers(request, pilot))
    if form.is_valid():
        try:
            created = services.training_series_create(
                actor=request.user, pilot=pilot, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)s training sessions added.") % {"n": len(created)})
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("training:pilot", pk=pilot.pk)


@page
@require_POST
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_for_user(TrainingSession.objects.all(), request.user, pk=pk)
    pilot_id = session.pilot_id
    services.training_session_delete(actor=request.user, session=session, request=request)
    messages.success(request, _("Training session deleted."))
    return redirect("training:pilot", pk=pilot_id)


@page
def my_sessions(request: HttpRequest) -> HttpResponse:
    sessions = scope_queryset(TrainingSession.objects.select_related("pilot__certificate"), request.user)
    now = timezone.now()
    return render(
        request,
        "training/my_sessions.html",
        {
            "title": _("My training sessions"),
            "upcoming": sessions.filter(ends_at__gte=now).order_by("starts_at")[:50],
            "past": sessions.filter(ends_at__lt=now).order_by("-starts_at")[:50],
        },
    )


@page
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_for_user(TrainingSession.objects.select_related("pilot__certificate"), request.user, pk=pk)
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("present") if v.isdigit()]
        try:
            result = services.attendance_record(
                actor=request.user, session=session, present_registration_ids=ids, request=request
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("Attendance saved: %(present)s present, %(absent)s absent.")
                % {"present": result["present"], "absent": result["absent"]},
            )
            return redirect("training:attendance", pk=session.pk)
    rows = attendance_sheet(session=session)
    return render(
        request,
        "training/attendance.html",
        {
            "title": _("Attendance"),
            "session": session,
            "rows": rows,
            "recorded": any(r["recorded"] for r in rows),
            "present_count": sum(1 for r in rows if r["present"]),
        },
    )
