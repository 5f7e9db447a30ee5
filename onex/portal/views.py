"""The page each role lands on after login.

``home`` sends each role to its own page; every page checks the role and reads
only the user's institution (or department, or own rows) through the selectors.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from onex.core.pages import staff_render
from onex.core.roles import Role
from onex.portal import dashboards
from onex.portal.dashboards import Dashboard
from onex.portal.exports import xlsx_response

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


def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("login")
    return redirect(landing_page(request.user))


def _dashboard_page(request: HttpRequest, dashboard: Dashboard, template: str) -> HttpResponse:
    """The dashboard, or with ``?download=<table>`` that table as xlsx (404 for any other name)."""
    filters = dashboard.filters
    download = request.GET.get("download")
    if download:
        table = dashboard.table(download)
        return xlsx_response(table, filename=f"onex-{table.key}-{filters.year}.xlsx")
    context = {
        "title": dashboard.title,
        "dashboard": dashboard,
        "filters": filters,
        "years": filters.years,
        "year": filters.year,
        **dashboard.context,
    }
    return staff_render(request, template, context)


def _institution_page(request: HttpRequest, *, title: str, template: str, department_fixed: bool) -> HttpResponse:
    filters = dashboards.institution_filters(request.GET, request.user, department_fixed=department_fixed)
    dashboard = dashboards.institution_dashboard(request.user, filters, title=title)
    return _dashboard_page(request, dashboard, template)


@role_required(Role.OFFICE)
def office(request: HttpRequest) -> HttpResponse:
    title = _("%(institution)s: 1+X figures") % {"institution": request.user.institution}  # type: ignore[union-attr]
    return _institution_page(request, title=title, template="portal/office.html", department_fixed=False)


@role_required(Role.LEADER)
def leadership(request: HttpRequest) -> HttpResponse:
    title = _("%(institution)s: 1+X figures") % {"institution": request.user.institution}  # type: ignore[union-attr]
    return _institution_page(request, title=title, template="portal/leadership.html", department_fixed=False)


@role_required(Role.COORDINATOR)
def department(request: HttpRequest) -> HttpResponse:
    title = _("%(department)s: 1+X figures") % {"department": request.user.department}  # type: ignore[union-attr]
    return _institution_page(request, title=title, template="portal/department.html", department_fixed=True)


@role_required(Role.FINANCE)
def finance(request: HttpRequest) -> HttpResponse:
    filters = dashboards.institution_filters(request.GET, request.user, department_fixed=False)
    filters.show_on_date = False
    dashboard = dashboards.finance_dashboard(request.user, filters, title=_("Budget and exam fees"))
    return _dashboard_page(request, dashboard, "portal/finance.html")


@role_required(Role.PROVINCE)
def province(request: HttpRequest) -> HttpResponse:
    filters, institutions = dashboards.province_filters(request.GET, request.user)
    dashboard = dashboards.province_dashboard(request.user, filters, institutions, title=_("Institutions side by side"))
    return _dashboard_page(request, dashboard, "portal/province.html")
