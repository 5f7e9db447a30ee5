"""The student's pages (``/my/``) and the department's approval of sign-ups (``/sign-ups/``).

A student sees only own rows; anything else is a 404. Sign-ups are decided by the
coordinator of the pilot's department or by the 1+X office of its institution.
"""

from __future__ import annotations

from typing import Any

import segno
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onex.core.access import page
from onex.core.pages import staff_render
from onex.core.scoping import get_object_for_user
from onex.credentials import selectors as records
from onex.credentials.badges import verify_url
from onex.exams import printables
from onex.exams.models import Seat
from onex.notices.selectors import notices_for_reader
from onex.pilots import selectors
from onex.pilots.models import Registration
from onex.pilots.services import registration_apply, registration_approve, registration_reject


def _error_text(exc: ValidationError | PermissionDenied) -> str:
    return " ".join(getattr(exc, "messages", None) or [str(exc)])


def _with_qr(rows: list[records.StudentRegistration]) -> list[dict[str, Any]]:
    shown = []
    for row in rows:
        item: dict[str, Any] = {"row": row}
        if row.certificate is not None:
            url = verify_url(row.certificate.certificate)
            item["verify_url"] = url
            item["qr_svg"] = segno.make(url, error="m").svg_inline(scale=3, title=_("QR code of the verification page"))
        shown.append(item)
    return shown


@page
def home(request: HttpRequest) -> HttpResponse:
    student = selectors.student_of(request.user)
    context: dict[str, Any] = {
        "student": student,
        "open_pilots": selectors.open_pilots_for_student(student=student) if student else [],
        "registrations": _with_qr(records.student_registrations(user=request.user)),
        "unread_notices": notices_for_reader(request.user).filter(read_at__isnull=True).count(),
    }
    return render(request, "portal/student_home.html", context)


@page
@require_POST
def sign_up(request: HttpRequest, pk: int) -> HttpResponse:
    student = selectors.student_of(request.user)
    pilot = selectors.open_pilot_for_student(student=student, pk=pk) if student else None
    if student is None or pilot is None:
        raise Http404
    try:
        registration_apply(pilot=pilot, student=student, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(
            request,
            _("You signed up for %(pilot)s. Your department will approve it.") % {"pilot": pilot.certificate.name},
        )
    return redirect("portal_student")


@page
def ticket(request: HttpRequest, pk: int) -> HttpResponse:
    """The admission ticket (准考证) of one of the student's own seats."""
    user: Any = request.user
    seat = get_object_for_user(
        Seat.objects.select_related(
            "session__pilot__certificate", "session__room__site", "registration__student"
        ).filter(registration__student_id=user.student_id),
        user,
        pk=pk,
    )
    session = seat.session
    context = {
        "session": session,
        "title": printables.session_title(session),
        "when": printables.session_when(session),
        "tickets": [{"seat": seat, "student": seat.registration.student, "number": printables.ticket_number(seat)}],
    }
    return render(request, "exams/print/tickets.html", context)


# ------------------------------------------------------------------ approval


class RejectForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=200)


@page
def sign_ups(request: HttpRequest) -> HttpResponse:
    pending = selectors.pending_registrations(user=request.user)[:500]
    return staff_render(request, "portal/student_signups.html", {"pending": pending})


def _pending(request: HttpRequest, pk: int) -> Registration:
    return get_object_for_user(selectors.pending_registrations(user=request.user), request.user, pk=pk)


@page
@require_POST
def sign_up_approve(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _pending(request, pk)
    try:
        registration_approve(registration=registration, actor=request.user, request=request)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Approved: %(student)s.") % {"student": registration.student.name})
    return redirect("portal_sign_ups")


@page
@require_POST
def sign_up_reject(request: HttpRequest, pk: int) -> HttpResponse:
    registration = _pending(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for turning the sign-up down."))
        return redirect("portal_sign_ups")
    try:
        registration_reject(
            registration=registration, reason=form.cleaned_data["reason"], actor=request.user, request=request
        )
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("Turned down: %(student)s.") % {"student": registration.student.name})
    return redirect("portal_sign_ups")
