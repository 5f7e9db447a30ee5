"""The back office's index page: the year's figures for those who see them."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest

from onex.core.access import page_allowed
from onex.portal import selectors

# The admin index shows the year's figures to those whose landing page shows them:
# the institution's for the office and leadership, the department's for a coordinator.
FIGURE_PAGES = {"portal_office": False, "portal_leadership": False, "portal_department": True}


def dashboard_callback(request: HttpRequest, context: dict[str, Any]) -> dict[str, Any]:
    user: Any = request.user
    department_wide = next((wide for name, wide in FIGURE_PAGES.items() if page_allowed(user, name)), None)
    if department_wide is None or user.institution_id is None:
        return context
    years = selectors.pilot_years(
        institution_id=user.institution_id, department_id=user.department_id if department_wide else None
    )
    year = selectors.chosen_year(None, years)
    if year is None:
        return context
    figures = selectors.institution_year_figures(user=user, year=year, department_wide=department_wide)
    context.update(
        figures=figures,
        rows=selectors.certificate_rows(figures),
        chart=json.dumps(selectors.chart_data(figures), ensure_ascii=False),
        chart_options=json.dumps(selectors.CHART_OPTIONS),
        show_budget=not department_wide,
    )
    return context
