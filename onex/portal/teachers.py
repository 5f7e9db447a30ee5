"""The teacher's page (``/teaching/``): own sessions, qualifications, exam duties, workload and subsidy."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from onex.core.access import page
from onex.portal.forms import requested_year
from onex.portal.selectors import teachers as selectors


@page
def home(request: HttpRequest) -> HttpResponse:
    context = {
        "sessions": selectors.teacher_sessions(user=request.user),
        "qualifications": selectors.teacher_qualifications(user=request.user),
        "warning_days": selectors.EXPIRY_WARNING_DAYS,
        "assignments": selectors.teacher_exam_assignments(user=request.user),
        "workload": selectors.teacher_workload(user=request.user, year=requested_year(request.GET)),
    }
    return render(request, "portal/teacher_home.html", context)
