"""Reads behind the teacher's page: own sessions, qualifications, exam duties, workload and subsidy lines.

Every read goes through ``onex.core.scoping``, which gives a teacher only own rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum
from django.utils import timezone

from onex.core.scoping import scope_queryset
from onex.exams.models import AssessorAssignment, AssessorQualification
from onex.finance.models import Activity, SubsidyLine, WorkloadEntry
from onex.training.models import TrainingSession

if TYPE_CHECKING:
    from onex.accounts.models import User

EXPIRY_WARNING_DAYS = 90
RECENT_SESSIONS = 20


@dataclass
class QualificationRow:
    qualification: AssessorQualification
    days_left: int

    @property
    def expired(self) -> bool:
        return self.days_left < 0

    @property
    def expiring(self) -> bool:
        return 0 <= self.days_left <= EXPIRY_WARNING_DAYS


def teacher_qualifications(*, user: User, today: dt.date | None = None) -> list[QualificationRow]:
    """Own qualifications, soonest to expire first, each with the days left (negative once expired)."""
    today = today or timezone.localdate()
    qs = (
        scope_queryset(AssessorQualification.objects.all(), user)
        .select_related("certificate")
        .order_by("valid_until", "certificate__name_pinyin")
    )
    return [QualificationRow(qualification=q, days_left=(q.valid_until - today).days) for q in qs]


@dataclass
class TeacherSessions:
    upcoming: list[TrainingSession]
    recent: list[TrainingSession]


def teacher_sessions(*, user: User) -> TeacherSessions:
    """Own training sessions: those not yet over (soonest first) and the latest ones past."""
    now = timezone.now()
    qs = scope_queryset(TrainingSession.objects.all(), user).select_related("pilot__certificate")
    return TeacherSessions(
        upcoming=list(qs.filter(ends_at__gte=now).order_by("starts_at")),
        recent=list(qs.filter(ends_at__lt=now).order_by("-starts_at")[:RECENT_SESSIONS]),
    )


def teacher_exam_assignments(*, user: User) -> list[AssessorAssignment]:
    return list(
        scope_queryset(AssessorAssignment.objects.all(), user)
        .select_related("session__pilot__certificate", "session__room__site")
        .order_by("-session__starts_at")[:50]
    )


@dataclass
class WorkloadSummary:
    year: int | None
    years: list[int] = field(default_factory=list)
    totals: list[tuple[str, Decimal]] = field(default_factory=list)
    lines: list[SubsidyLine] = field(default_factory=list)

    @property
    def amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def teacher_workload(*, user: User, year: int | None = None) -> WorkloadSummary:
    """Own workload per activity and own subsidy lines in a year (the latest with any, by default)."""
    entries = scope_queryset(WorkloadEntry.objects.all(), user)
    lines = scope_queryset(SubsidyLine.objects.all(), user)
    years = sorted(
        set(entries.values_list("year", flat=True).distinct())
        | set(lines.values_list("statement__year", flat=True).distinct()),
        reverse=True,
    )
    if year is None or year not in years:
        year = years[0] if years else None
    if year is None:
        return WorkloadSummary(year=None)
    labels = dict(Activity.choices)
    totals = [
        (str(labels.get(row["activity"], row["activity"])), row["quantity"])
        for row in entries.filter(year=year).values("activity").annotate(quantity=Sum("quantity")).order_by("activity")
    ]
    return WorkloadSummary(
        year=year,
        years=years,
        totals=totals,
        lines=list(
            lines.filter(statement__year=year)
            .select_related("statement__department")
            .order_by("statement_id", "activity")
        ),
    )
