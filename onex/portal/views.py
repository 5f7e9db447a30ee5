"""The page each role lands on after login.

``home`` sends each role to its own page; every page checks the role and reads
only the user's institution (or department, or own rows) through the selectors.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from onex.portal import selectors
from onex.portal.forms import requested_year
from onex.roles import Role

LANDING_PAGES = {
    Role.OFFICE: "portal_office",
    Role.COORDINATOR: "portal_department",
    Role.LEADER: "portal_leadership",
    Role.FINANCE: "portal_finance",
    Role.PROVINCE: "portal_province",
    Role.TEACHER: "portal_teacher",
    Role.STUDENT: "portal_student",
}
# Roles whose rows hang off one institution: their pages need one.
NEEDS_INSTITUTION = frozenset(LANDING_PAGES) - {Role.PROVINCE}


def landing_page(user: Any) -> str:
    if user.is_superuser and user.institution_id is None and user.role != Role.PROVINCE:
        return "admin:index"
    return LANDING_PAGES.get(user.role, "login")


def role_required(*roles: str) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """Logged in, of one of ``roles``, and attached to an institution where the role needs one."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if user.role not in roles:  # type: ignore[union-attr]
                raise PermissionDenied
            if user.role in NEEDS_INSTITUTION and user.institution_id is None:  # type: ignore[union-attr]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def staff_context(request: HttpRequest, **context: Any) -> dict[str, Any]:
    """The back office's frame (sidebar, header, language switch) around a page."""
    return {**admin.site.each_context(request), **context}


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("login")
    return redirect(landing_page(request.user))


def _figures_page(request: HttpRequest, *, department_wide: bool, title: str, template: str) -> HttpResponse:
    user: Any = request.user
    years = selectors.pilot_years(
        institution_id=user.institution_id, department_id=user.department_id if department_wide else None
    )
    year = selectors.chosen_year(requested_year(request.GET), years)
    context: dict[str, Any] = {"years": years, "year": year, "title": title}
    if year is not None:
        figures = selectors.institution_year_figures(user=user, year=year, department_wide=department_wide)
        context.update(
            figures=figures,
            rows=selectors.certificate_rows(figures),
            chart=json.dumps(selectors.chart_data(figures), ensure_ascii=False),
            chart_options=json.dumps(selectors.CHART_OPTIONS),
        )
    return render(request, template, staff_context(request, **context))


@role_required(Role.OFFICE)
def office(request: HttpRequest) -> HttpResponse:
    title = _("%(institution)s: 1+X figures") % {"institution": request.user.institution}  # type: ignore[union-attr]
    return _figures_page(request, department_wide=False, title=title, template="portal/office.html")


@role_required(Role.LEADER)
def leadership(request: HttpRequest) -> HttpResponse:
    title = _("%(institution)s: 1+X figures") % {"institution": request.user.institution}  # type: ignore[union-attr]
    return _figures_page(request, department_wide=False, title=title, template="portal/leadership.html")


@role_required(Role.COORDINATOR)
def department(request: HttpRequest) -> HttpResponse:
    title = _("%(department)s: 1+X figures") % {"department": request.user.department}  # type: ignore[union-attr]
    return _figures_page(request, department_wide=True, title=title, template="portal/department.html")


@role_required(Role.FINANCE)
def finance(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    years = selectors.pilot_years(institution_id=user.institution_id)
    year = selectors.chosen_year(requested_year(request.GET), years)
    context: dict[str, Any] = {"years": years, "year": year, "title": _("Budget and exam fees")}
    if year is not None:
        context["money"] = selectors.finance_figures(user=user, year=year)
    return render(request, "portal/finance.html", staff_context(request, **context))


@role_required(Role.PROVINCE)
def province(request: HttpRequest) -> HttpResponse:
    years = selectors.pilot_years()
    year = selectors.chosen_year(requested_year(request.GET), years)
    context: dict[str, Any] = {"years": years, "year": year, "title": _("Institutions side by side")}
    if year is not None:
        context["province"] = selectors.province_figures(user=request.user, year=year)
    return render(request, "portal/province.html", staff_context(request, **context))


@role_required(Role.TEACHER)
def teacher(request: HttpRequest) -> HttpResponse:
    context = {
        "sessions": selectors.teacher_sessions(request.user),
        "qualifications": selectors.teacher_qualifications(request.user),
    }
    return render(request, "portal/teacher.html", context)


@role_required(Role.STUDENT)
def student(request: HttpRequest) -> HttpResponse:
    context = {"registrations": selectors.student_registrations(request.user)}
    return render(request, "portal/student.html", context)
