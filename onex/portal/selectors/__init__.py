"""Reads behind the landing pages: which years exist, and each role's figures.

Every number comes from ``onex.pilots.figures``; this module only picks the
rows a user may see and arranges them for a page, with a constant number of
queries whatever the size of the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from onex.core.percent import money, rate
from onex.core.scoping import scope_queryset
from onex.exams.models import AssessorQualification
from onex.finance.figures import budget_total, year_figures
from onex.finance.models import Budget, Expense
from onex.org.models import Institution
from onex.pilots.figures import Counts, YearFigures, pilots_with_figures
from onex.pilots.models import Pilot, PilotStatus, Registration
from onex.training.models import TrainingSession

if TYPE_CHECKING:
    from onex.accounts.models import User


def pilot_years(*, institution_id: int | None = None, department_id: int | None = None) -> list[int]:
    """The years with pilots past sign-up, newest first (all institutions when none is given).

    A year whose pilots are all still open for sign-up has no figures yet.
    """
    qs = Pilot.objects.exclude(status=PilotStatus.OPEN)
    if institution_id is not None:
        qs = qs.filter(institution_id=institution_id)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    return list(qs.order_by("-year").values_list("year", flat=True).distinct())


def chosen_year(requested: int | None, years: list[int]) -> int | None:
    """The requested year, else the latest year with pilots, else None."""
    if requested is not None:
        return requested
    return years[0] if years else None


def _institution_id(user: User) -> int:
    """The institution of a user whose pages are one institution's (every role but the province)."""
    if user.institution_id is None:
        raise PermissionDenied
    return user.institution_id


def institution_year_figures(*, user: User, year: int, department_wide: bool = False) -> YearFigures:
    """The user's institution (or, for a coordinator, department) in a year."""
    department_id = user.department_id if department_wide else None
    return year_figures(institution_id=_institution_id(user), year=year, department_id=department_id)


@dataclass
class CertificateRow:
    """One pilot's figures, with its rates, as a page shows them."""

    pilot: Pilot
    counts: Counts


def pilot_counts(pilot: Any) -> Counts:
    """The figures a pilot was annotated with by ``pilots_with_figures``."""
    counts = Counts()
    counts.add(pilot)
    return counts


def certificate_rows(figures: YearFigures) -> list[CertificateRow]:
    return [CertificateRow(pilot=p, counts=pilot_counts(p)) for p in figures.pilots]


def chart_data(figures: YearFigures) -> dict[str, Any]:
    """A Chart.js bar chart of registered, completed and passed per certificate."""
    labels = [f"{p.certificate.name}（{p.get_level_display()}）" for p in figures.pilots]
    series = [
        (_("Registered"), "registered", "var(--color-primary-300)"),
        (_("Completed"), "completed", "var(--color-primary-500)"),
        (_("Passed"), "passed", "var(--color-primary-700)"),
    ]
    return {
        "labels": labels,
        "datasets": [
            {
                "label": str(label),
                "data": [getattr(p, attr) for p in figures.pilots],
                "backgroundColor": color,
            }
            for label, attr, color in series
        ],
    }


CHART_OPTIONS: dict[str, Any] = {
    "animation": False,
    "responsive": True,
    "maintainAspectRatio": False,
    "plugins": {"legend": {"display": True, "position": "top"}},
    "scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0}}},
}


@dataclass
class InstitutionRow:
    institution: Institution
    counts: Counts = field(default_factory=Counts)
    pilots: int = 0
    budget: Decimal = Decimal("0.00")


@dataclass
class ProvinceFigures:
    year: int
    rows: list[InstitutionRow]
    totals: Counts = field(default_factory=Counts)
    pilots: int = 0
    budget: Decimal = Decimal("0.00")


def province_institutions(user: User) -> QuerySet[Institution]:
    """The institutions a province user sees: those of their province (the rule lives in scope_queryset)."""
    return scope_queryset(Institution.objects.all(), user)


def province_figures(
    *,
    user: User,
    year: int,
    certificate_id: int | None = None,
    institutions: list[Institution] | None = None,
    pilots: list[Pilot] | None = None,
) -> ProvinceFigures:
    """Every institution the user may see, side by side, with totals (three queries).

    ``pilots``, when given, are pilots already annotated by ``pilots_with_figures``
    (of any year: those of ``year`` are kept), saving their two queries.
    """
    if institutions is None:
        institutions = list(province_institutions(user).order_by("name_pinyin", "code"))
    rows = {inst.id: InstitutionRow(institution=inst) for inst in institutions}
    if pilots is None:
        scoped = scope_queryset(Pilot.objects.all(), user).filter(institution_id__in=list(rows))
        pilots = list(pilots_with_figures(year=year, pilots=scoped, certificate_id=certificate_id))
    for pilot in pilots:
        if pilot.year != year:
            continue
        row = rows.get(pilot.institution_id)
        if row is not None:
            row.counts.add(pilot)
            row.pilots += 1
    budgets = (
        Budget.objects.filter(year=year, institution_id__in=list(rows))
        .values("institution_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    for entry in budgets:
        rows[entry["institution_id"]].budget = money(entry["total"])
    result = ProvinceFigures(year=year, rows=list(rows.values()))
    for row in result.rows:
        result.totals.add(row.counts)
        result.pilots += row.pilots
        result.budget += row.budget
    return result


def province_spending(*, institution_ids: list[int], year: int) -> dict[int, Decimal]:
    """Spent against each institution's budgets of the year (one query).

    The same sum as ``onex.finance.selectors.budget_execution``'s ``spent``, for many
    institutions at once.
    """
    rows = (
        Expense.objects.filter(budget__year=year, budget__institution_id__in=institution_ids)
        .values("budget__institution_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {r["budget__institution_id"]: money(r["total"]) for r in rows}


@dataclass
class PilotFee:
    pilot: Pilot
    fees: Decimal


@dataclass
class FinanceFigures:
    year: int
    budget: Decimal
    expenses: Decimal
    pilot_fees: list[PilotFee]
    fees_total: Decimal = Decimal("0.00")

    @property
    def execution_rate(self) -> Decimal:
        return rate(self.expenses, self.budget)


def finance_figures(
    *, user: User, year: int, department_id: int | None = None, certificate_id: int | None = None
) -> FinanceFigures:
    """The year's budget, what was spent against it, and each pilot's exam fees (three queries).

    A pilot's fees are its fee per candidate times the candidates examined (完成考核人数),
    as the finance pages propose them.
    """
    institution_id = _institution_id(user)
    budget = budget_total(institution_id=institution_id, year=year)
    spent = (
        scope_queryset(Expense.objects.all(), user)
        .filter(institution_id=institution_id, budget__year=year)
        .aggregate(total=Sum("amount"))["total"]
    )
    pilots = pilots_with_figures(
        institution_id=user.institution_id, year=year, department_id=department_id, certificate_id=certificate_id
    )
    fees = [PilotFee(pilot=p, fees=money(p.fee_per_candidate * pilot_counts(p).completed)) for p in pilots]
    return FinanceFigures(
        year=year,
        budget=budget,
        expenses=money(spent),
        pilot_fees=fees,
        fees_total=money(sum((f.fees for f in fees), Decimal("0"))),
    )


def teacher_sessions(user: User) -> QuerySet[TrainingSession]:
    return (
        scope_queryset(TrainingSession.objects.all(), user).select_related("pilot__certificate").order_by("-starts_at")
    )


def teacher_qualifications(user: User) -> QuerySet[AssessorQualification]:
    return (
        scope_queryset(AssessorQualification.objects.all(), user)
        .select_related("certificate")
        .order_by("-valid_until", "certificate__name_pinyin")
    )


def student_registrations(user: User) -> QuerySet[Registration]:
    return (
        scope_queryset(Registration.objects.all(), user)
        .select_related("pilot__certificate", "pilot__institution", "result", "issuedcertificate")
        .order_by("-pilot__year", "pilot__certificate__name_pinyin")
    )
