"""The figures of DESIGN.md, defined once.

备案人数 registered: filed registrations of the year, withdrawn ones excluded.
完成考核人数 completed: registered with a recorded result who sat (not absent).
通过 passed: completed with outcome pass. 取证 certified: registered holding a
certificate that is not revoked. Rates are percentages rounded half up.

The dashboard, the annual report, the API and ``manage.py stats`` all read here,
each with a constant number of queries. A year's figures with its budget (预算) are
put together in ``onex.finance.figures``, which owns the budget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce

from onex.core.fields import LEVEL_CHINESE
from onex.core.percent import rate
from onex.pilots.models import Pilot, PilotCounts

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
    """Pilots annotated with registered, completed, passed and certified.

    The numbers come from each pilot's cached counts (``PilotCounts``); stale
    ones are recounted first. Two queries when nothing changed, seven when some
    pilot did, whatever the number of registrations.
    """
    qs = pilots if pilots is not None else Pilot.objects.all()
    if institution_id is not None:
        qs = qs.filter(institution_id=institution_id)
    if year is not None:
        qs = qs.filter(year=year)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    if certificate_id is not None:
        qs = qs.filter(certificate_id=certificate_id)
    counts_refresh(pilots=qs)
    return (
        qs.select_related("certificate", "certificate__organization", "department", "institution")
        .annotate(
            registered=Coalesce(F("counts__registered"), 0),
            completed=Coalesce(F("counts__completed"), 0),
            passed=Coalesce(F("counts__passed"), 0),
            certified=Coalesce(F("counts__certified"), 0),
        )
        .order_by("certificate__name_pinyin", "level")
    )


COUNT_NAMES = ("registered", "completed", "passed", "certified")


def live_counts(pilot_ids: list[int]) -> QuerySet[Pilot]:
    """The figures counted from the registrations themselves (the definition)."""
    return Pilot.objects.filter(pk__in=pilot_ids).annotate(
        registered=Count("registration", filter=REGISTERED),
        completed=Count("registration", filter=COMPLETED),
        passed=Count("registration", filter=PASSED),
        certified=Count("registration", filter=CERTIFIED),
    )


def counts_refresh(*, pilots: QuerySet[Pilot]) -> None:
    """Recount the stale pilots among ``pilots``.

    A reader claims the stale rows with SKIP LOCKED and recounts them in the same
    transaction. A write to one of those pilots waits at its trigger until the
    recount commits, then marks the row stale again, so no change is ever lost.
    """
    stale = list(
        PilotCounts.objects.filter(stale=True, pilot__in=pilots.values("pk")).values_list("pilot_id", flat=True)
    )
    if not stale:
        return
    with transaction.atomic():
        claimed = list(
            PilotCounts.objects.select_for_update(skip_locked=True)
            .filter(pilot_id__in=stale, stale=True)
            .values_list("pilot_id", flat=True)
        )
        if not claimed:
            return
        fresh = [
            PilotCounts(pilot_id=p.pk, stale=False, **{name: getattr(p, name) for name in COUNT_NAMES})
            for p in live_counts(claimed)
        ]
        PilotCounts.objects.bulk_update(fresh, fields=[*COUNT_NAMES, "stale"])


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
