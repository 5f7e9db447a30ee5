"""One dashboard per staff role, for a chosen year, department and certificate.

``institution_dashboard`` serves the office, the leadership and the department
coordinators (theirs only), ``finance_dashboard`` the money parts, and
``province_dashboard`` every institution of the province side by side. Each reads
the figures' selectors a fixed number of times, whatever the size of the data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import Http404, QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from onex.catalog.models import Certificate
from onex.core.scoping import scope_queryset
from onex.exams.models import SiteUsage
from onex.exams.selectors import assessor_counts, sharing_figures
from onex.finance.selectors import budget_execution, year_subsidies
from onex.org.models import Department
from onex.pilots.figures import pilots_with_figures
from onex.pilots.models import Pilot
from onex.portal import sections
from onex.portal import selectors as portal_selectors
from onex.portal.forms import dashboard_filters
from onex.portal.tables import Table

FILTER_NAMES = ("year", "department", "certificate", "on")


@dataclass
class Filters:
    """What the user chose, and what they may choose from."""

    year: int | None
    years: list[int]
    departments: list[Department] = field(default_factory=list)
    department: Department | None = None
    department_fixed: bool = False
    certificates: list[Certificate] = field(default_factory=list)
    certificate: Certificate | None = None
    on_date: dt.date = field(default_factory=timezone.localdate)
    on_requested: bool = False
    sort: str = ""
    show_departments: bool = True
    show_on_date: bool = True

    @property
    def department_id(self) -> int | None:
        return self.department.pk if self.department is not None else None

    @property
    def certificate_id(self) -> int | None:
        return self.certificate.pk if self.certificate is not None else None

    def params(self, **changes: Any) -> dict[str, Any]:
        values: dict[str, Any] = {
            "year": self.year,
            "department": self.department_id if not self.department_fixed else None,
            "certificate": self.certificate_id,
            "on": self.on_date.isoformat() if self.on_requested else None,
            "sort": self.sort or None,
        }
        values.update(changes)
        return {k: v for k, v in values.items() if v not in (None, "")}

    def query(self, **changes: Any) -> str:
        return urlencode(self.params(**changes))


@dataclass(frozen=True)
class Card:
    key: str
    label: str
    value: str


@dataclass
class Dashboard:
    title: str
    filters: Filters
    cards: list[Card] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)

    def table(self, key: str) -> Table:
        for table in self.tables:
            if table.key == key:
                return table
        raise Http404

    def link_tables(self) -> None:
        """Give every table its download link and, when sortable, its header links."""
        for table in self.tables:
            table.download_query = self.filters.query(download=table.key)
            table.sort_query = self.filters.query(sort=None)


# ---------------------------------------------------------------- filters


def _pick(choices: list[Any], requested: Any) -> Any:
    """The requested row among those the user may choose; 404 for any other id."""
    if requested is None:
        return None
    for choice in choices:
        if choice.pk == requested:
            return choice
    raise Http404


def _default_on_date(year: int | None) -> dt.date:
    today = timezone.localdate()
    if year is None:
        return today
    return min(today, dt.date(year, 12, 31))


def _common(data: dict[str, Any], filters: Filters) -> Filters:
    filters.year = portal_selectors.chosen_year(data.get("year"), filters.years)
    filters.on_requested = data.get("on") is not None
    filters.on_date = data.get("on") or _default_on_date(filters.year)
    filters.sort = data.get("sort") or ""
    return filters


def _parse(query: QueryDict) -> dict[str, Any]:
    data, invalid = dashboard_filters(query)
    if invalid & {"department", "certificate", "download"}:
        raise Http404
    return data


def institution_filters(query: QueryDict, user: Any, *, department_fixed: bool) -> Filters:
    """Filters within one institution; a coordinator's department is fixed (three queries)."""
    data = _parse(query)
    if department_fixed:
        departments = list(Department.objects.filter(pk=user.department_id, institution_id=user.institution_id))
        if not departments:
            raise Http404
        department = _pick(departments, data.get("department")) or departments[0]
    else:
        departments = list(Department.objects.filter(institution_id=user.institution_id).order_by("name_pinyin"))
        department = _pick(departments, data.get("department"))
    pilots = Pilot.objects.filter(institution_id=user.institution_id)
    if department_fixed:
        pilots = pilots.filter(department_id=user.department_id)
    certificates = list(Certificate.objects.filter(pk__in=pilots.values("certificate_id")).order_by("name_pinyin"))
    filters = Filters(
        year=None,
        years=portal_selectors.pilot_years(
            institution_id=user.institution_id, department_id=user.department_id if department_fixed else None
        ),
        departments=departments,
        department=department,
        department_fixed=department_fixed,
        certificates=certificates,
        certificate=_pick(certificates, data.get("certificate")),
    )
    return _common(data, filters)


def province_filters(query: QueryDict, user: Any) -> tuple[Filters, list[Any]]:
    """Filters over the province's institutions: year and certificate (three queries)."""
    data = _parse(query)
    institutions = list(portal_selectors.province_institutions(user).order_by("name_pinyin", "code"))
    pilots = scope_queryset(Pilot.objects.all(), user).filter(institution_id__in=[i.pk for i in institutions])
    certificates = list(Certificate.objects.filter(pk__in=pilots.values("certificate_id")).order_by("name_pinyin"))
    years = list(pilots.order_by("-year").values_list("year", flat=True).distinct())
    filters = Filters(
        year=None,
        years=years,
        certificates=certificates,
        certificate=_pick(certificates, data.get("certificate")),
        show_departments=False,
        show_on_date=False,
    )
    return _common(data, filters), institutions


# ---------------------------------------------------------------- cards


def _count_cards(pilots: list[Any]) -> list[Card]:
    t = sections.totals_of(pilots)
    return [
        Card("certificates", pgettext("figures", "Certificates piloted"), str(len(pilots))),
        Card("registered", pgettext("figures", "Registered"), str(t.registered)),
        Card("completed", pgettext("figures", "Completed"), str(t.completed)),
        Card("completion_rate", pgettext("figures", "Completion rate"), f"{t.completion_rate}%"),
        Card("passed", pgettext("figures", "Passed"), str(t.passed)),
        Card("pass_rate", pgettext("figures", "Pass rate"), f"{t.pass_rate}%"),
        Card("certified", pgettext("figures", "Certified"), str(t.certified)),
        Card("certification_rate", pgettext("figures", "Certification rate"), f"{t.certification_rate}%"),
    ]


def _money_cards(execution: dict[str, Any]) -> list[Card]:
    return [
        Card("budget", pgettext("figures", "Budget (yuan)"), str(execution["budget"])),
        Card("expenses", pgettext("figures", "Spent (yuan)"), str(execution["spent"])),
        Card("execution_rate", pgettext("figures", "Execution rate"), f"{execution['execution_rate']}%"),
    ]


# ---------------------------------------------------------------- dashboards


def institution_dashboard(user: Any, filters: Filters, *, title: str, with_money: bool = True) -> Dashboard:
    """Pilots, rates, trend, assessors, site use, and (unless a department is chosen) the whole budget."""
    dashboard = Dashboard(title=title, filters=filters)
    year = filters.year
    if year is None:
        return dashboard
    pilots = list(
        pilots_with_figures(
            institution_id=user.institution_id,
            department_id=filters.department_id,
            certificate_id=filters.certificate_id,
        )
    )
    year_pilots = [p for p in pilots if p.year == year]
    assessors = assessor_counts(
        institution_id=user.institution_id, on_date=filters.on_date, department_id=filters.department_id
    )
    usages = scope_queryset(SiteUsage.objects.all(), user).filter(site__institution_id=user.institution_id)
    sharing = sharing_figures(usages=usages, year=year)
    dashboard.cards = _count_cards(year_pilots)
    assessor_table = sections.assessors(assessors, on_date=filters.on_date, certificate_id=filters.certificate_id)
    dashboard.tables = [
        sections.by_certificate(year_pilots, year),
        sections.by_department(year_pilots, year),
        sections.trend(pilots),
        assessor_table,
        sections.site_use(sharing),
    ]
    assessors_total = assessor_table.total[1] if assessor_table.total else 0
    dashboard.cards.append(Card("assessors", pgettext("figures", "Assessors"), str(assessors_total)))
    dashboard.cards.append(Card("external_headcount", _("External trainees"), str(sharing["external_headcount"])))
    if with_money:
        execution = budget_execution(institution_id=user.institution_id, year=year)
        if filters.department is None:
            dashboard.cards.extend(_money_cards(execution))
            dashboard.tables += [sections.budget_sources(execution), sections.spending_categories(execution)]
        dashboard.tables += [
            sections.budget_departments(execution, filters.department),
            sections.subsidies(year_subsidies(institution_id=user.institution_id, year=year), filters.department),
        ]
    dashboard.context["rows"] = [
        portal_selectors.CertificateRow(pilot=p, counts=sections.pilot_counts(p)) for p in year_pilots
    ]
    dashboard.link_tables()
    return dashboard


def finance_dashboard(user: Any, filters: Filters, *, title: str) -> Dashboard:
    """Budget execution per source, department and category; subsidies; each pilot's exam fees."""
    dashboard = Dashboard(title=title, filters=filters)
    year = filters.year
    if year is None:
        return dashboard
    execution = budget_execution(institution_id=user.institution_id, year=year)
    money = portal_selectors.finance_figures(
        user=user, year=year, department_id=filters.department_id, certificate_id=filters.certificate_id
    )
    if filters.department is None:
        dashboard.cards = _money_cards(execution)
        dashboard.tables += [sections.budget_sources(execution), sections.spending_categories(execution)]
    dashboard.cards.append(Card("fees_total", pgettext("figures", "Exam fees (yuan)"), str(money.fees_total)))
    dashboard.tables += [
        sections.budget_departments(execution, filters.department),
        sections.subsidies(year_subsidies(institution_id=user.institution_id, year=year), filters.department),
        sections.exam_fees(money),
    ]
    dashboard.context["money"] = money
    dashboard.link_tables()
    return dashboard


def province_dashboard(user: Any, filters: Filters, institutions: list[Any], *, title: str) -> Dashboard:
    """Every institution of the province side by side, sortable, with totals; the province over the years."""
    dashboard = Dashboard(title=title, filters=filters)
    year = filters.year
    if year is None:
        return dashboard
    all_years = list(
        pilots_with_figures(
            pilots=scope_queryset(Pilot.objects.all(), user).filter(institution_id__in=[i.pk for i in institutions]),
            certificate_id=filters.certificate_id,
        )
    )
    province = portal_selectors.province_figures(user=user, year=year, institutions=institutions, pilots=all_years)
    spending = portal_selectors.province_spending(institution_ids=[i.pk for i in institutions], year=year)
    year_pilots = [p for p in all_years if p.year == year]
    dashboard.cards = [
        Card("institutions", pgettext("figures", "Institutions"), str(len(institutions))),
        *_count_cards(year_pilots),
        Card("budget", pgettext("figures", "Budget (yuan)"), str(province.budget)),
    ]
    dashboard.tables = [
        sections.institutions(province, spending, filters.sort),
        sections.trend(all_years),
    ]
    dashboard.context["province"] = province
    dashboard.link_tables()
    return dashboard
