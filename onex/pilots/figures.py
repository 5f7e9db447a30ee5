"""The figures of DESIGN.md, defined once.

备案人数 registered: filed registrations of the year, withdrawn ones excluded.
完成考核人数 completed: registered with a recorded result who sat (not absent).
通过 passed: completed with outcome pass. 取证 certified: registered holding a
certificate that is not revoked. Rates are percentages rounded half up.

The dashboard, the annual report, the API and ``manage.py stats`` all read here,
each with a constant number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from onex.fields import LEVEL_CHINESE
from onex.finance.models import Budget
from onex.percent import money, rate
from onex.pilots.models import Pilot

# 中级 etc.: the level as the national platform and the report write it.
LEVEL_WORD: dict[str, str] = {str(level): word for level, word in LEVEL_CHINESE.items()}

REGISTERED = Q(registration__filed_on__isnull=False, registration__withdrawn_on__isnull=True)
COMPLETED = REGISTERED & Q(registration__result__isnull=False) & ~Q(registration__result__outcome="absent")
PASSED = REGISTERED & Q(registration__result__outcome="pass")
CERTIFIED = REGISTERED & Q(registration__issuedcertificate__status="valid")


def pilots_with_figures(
    *,
    institution_id: int | None = None,
    year: int | None = None,
    department_id: int | None = None,
    certificate_id: int | None = None,
    pilots: QuerySet[Pilot] | None = None,
) -> QuerySet[Pilot]:
    """Pilots annotated with registered, completed, passed and certified (one query)."""
    qs = pilots if pilots is not None else Pilot.objects.all()
    if institution_id is not None:
        qs = qs.filter(institution_id=institution_id)
    if year is not None:
        qs = qs.filter(year=year)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    if certificate_id is not None:
        qs = qs.filter(certificate_id=certificate_id)
    return (
        qs.select_related("certificate", "certificate__organization", "department", "institution")
        .annotate(
            registered=Count("registration", filter=REGISTERED),
            completed=Count("registration", filter=COMPLETED),
            passed=Count("registration", filter=PASSED),
            certified=Count("registration", filter=CERTIFIED),
        )
        .order_by("certificate__name_pinyin", "level")
    )


@dataclass
class Counts:
    registered: int = 0
    completed: int = 0
    passed: int = 0
    certified: int = 0

    def add(self, other: Any) -> None:
        self.registered += other.registered
        self.completed += other.completed
        self.passed += other.passed
        self.certified += other.certified

    @property
    def completion_rate(self) -> Decimal:
        return rate(self.completed, self.registered)

    @property
    def pass_rate(self) -> Decimal:
        return rate(self.passed, self.completed)

    @property
    def certification_rate(self) -> Decimal:
        return rate(self.certified, self.registered)


@dataclass
class YearFigures:
    institution_id: int
    year: int
    pilots: list[Pilot]
    totals: Counts = field(default_factory=Counts)
    budget: Decimal = Decimal("0.00")

    @property
    def certificates(self) -> int:
        return len(self.pilots)

    def as_json(self, institution_code: str) -> dict[str, Any]:
        t = self.totals
        return {
            "institution": institution_code,
            "year": self.year,
            "certificates": self.certificates,
            "registered": t.registered,
            "completed": t.completed,
            "completion_rate": str(t.completion_rate),
            "passed": t.passed,
            "pass_rate": str(t.pass_rate),
            "certified": t.certified,
            "certification_rate": str(t.certification_rate),
            "budget": str(self.budget),
            "by_certificate": [
                {
                    "certificate": p.certificate.name,
                    "level": LEVEL_WORD.get(p.level, p.level),
                    "registered": c.registered,
                    "completed": c.completed,
                    "completion_rate": str(c.completion_rate),
                    "passed": c.passed,
                    "pass_rate": str(c.pass_rate),
                    "certified": c.certified,
                }
                for p, c in ((p, pilot_counts(p)) for p in self.pilots)
            ],
        }


def pilot_counts(pilot: Any) -> Counts:
    """The counts of a pilot annotated by ``pilots_with_figures``."""
    return Counts(
        registered=pilot.registered, completed=pilot.completed, passed=pilot.passed, certified=pilot.certified
    )


def budget_total(*, institution_id: int, year: int) -> Decimal:
    total = Budget.objects.filter(institution_id=institution_id, year=year).aggregate(s=Sum("amount"))["s"]
    return money(total)


def year_figures(*, institution_id: int, year: int, department_id: int | None = None) -> YearFigures:
    """An institution's figures for a year: two queries whatever the size."""
    pilots = list(pilots_with_figures(institution_id=institution_id, year=year, department_id=department_id))
    figures = YearFigures(institution_id=institution_id, year=year, pilots=pilots)
    for p in pilots:
        figures.totals.add(p)
    figures.budget = budget_total(institution_id=institution_id, year=year)
    return figures
