"""The page each role lands on after login.

``home`` sends each role to its own page; every page checks the role and reads
only the user's institution (or department, or own rows) through the selectors.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from onex.core.access import page, page_allowed
from onex.core.pages import staff_render
from onex.portal import dashboards
from onex.portal.dashboards import Dashboard
from onex.portal.exports import xlsx_response

# Each role's own landing page; a user lands on the first whose policy row admits them.
LANDING_PAGES = (
    "portal_office",
    "portal_department",
    "portal_leadership",
    "portal_finance",
    "portal_province",
    "portal_teacher",
    "portal_student",
)


def landing_page(user: Any) -> str | None:
    for name in (*LANDING_PAGES, "admin:index"):
        if page_allowed(user, name):
            return name
    return None


@page
def home(request: HttpRequest) -> HttpResponse:
    found = landing_page(request.user)
    if found is None:  # an account with neither a role's page nor the back office (no institution yet)
        raise PermissionDenied
    return redirect(found)


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


@page
def office(request: HttpRequest) -> HttpResponse:
    title = _("%(institution)s: 1+X figures") % {"institution": request.user.institution}  # type: ignore[union-attr]
    return _institution_page(request, title=title, template="portal/office.html", department_fixed=False)


@page
def leadership(request: HttpRequest) -> HttpResponse:
    title = _("%(institution)s: 1+X figures") % {"institution": request.user.institution}  # type: ignore[union-attr]
    return _institution_page(request, title=title, template="portal/leadership.html", department_fixed=False)


@page
def department(request: HttpRequest) -> HttpResponse:
    title = _("%(department)s: 1+X figures") % {"department": request.user.department}  # type: ignore[union-attr]
    return _institution_page(request, title=title, template="portal/department.html", department_fixed=True)


@page
def finance(request: HttpRequest) -> HttpResponse:
    filters = dashboards.institution_filters(request.GET, request.user, department_fixed=False)
    filters.show_on_date = False
    dashboard = dashboards.finance_dashboard(request.user, filters, title=_("Budget and exam fees"))
    return _dashboard_page(request, dashboard, "portal/finance.html")


@page
def province(request: HttpRequest) -> HttpResponse:
    filters, institutions = dashboards.province_filters(request.GET, request.user)
    dashboard = dashboards.province_dashboard(request.user, filters, institutions, title=_("Institutions side by side"))
    return _dashboard_page(request, dashboard, "portal/province.html")
