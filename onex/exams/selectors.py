"""Reads about exams shared by several views, the report and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from onex.catalog.models import Certificate
from onex.exams.models import AssessorRole, ExamSite, SiteUsage, UsagePurpose


@dataclass(frozen=True)
class AssessorCount:
    certificate: Certificate
    assessors: int


@dataclass(frozen=True)
class AssessorCounts:
    """Table 1 of the annual report: 考评员人数 per certificate and their 小计."""

    rows: list[AssessorCount]

    @property
    def total(self) -> int:
        return sum(row.assessors for row in self.rows)


def assessor_counts(*, institution_id: int, on_date: dt.date, department_id: int | None = None) -> AssessorCounts:
    """Distinct teachers of the institution holding an assessor qualification valid on ``on_date``.

    One row per certificate with at least one such teacher (pinyin order), one query.
    A teacher counts once per certificate whatever the levels held; supervisor cards
    and cards not valid on the date do not count. With ``department_id``, only that
    department's teachers count.
    """
    held = {
        "assessorqualification__teacher__institution_id": institution_id,
        "assessorqualification__role": AssessorRole.ASSESSOR,
        "assessorqualification__valid_from__lte": on_date,
        "assessorqualification__valid_until__gte": on_date,
    }
    if department_id is not None:
        held["assessorqualification__teacher__department_id"] = department_id
    certificates = (
        Certificate.objects.filter(**held)
        .annotate(assessors=Count("assessorqualification__teacher", distinct=True))
        .order_by("name_pinyin", "id")
    )
    return AssessorCounts(rows=[AssessorCount(certificate=c, assessors=c.assessors) for c in certificates])


# --- exam sites and their opening to outside trainees (开放共享) ------------------------------


def sharing_figures(*, usages: QuerySet[SiteUsage], year: int) -> dict[str, Any]:
    """开放共享 in figures for one year: external headcount, and days used per purpose (one query).

    A day counts once per purpose however many sites or uses it had.
    """
    rows = (
        usages.filter(used_on__year=year)
        .values("purpose")
        .annotate(days=Count("used_on", distinct=True), headcount=Sum("headcount"), uses=Count("id"))
    )
    by_purpose: dict[str, dict[str, Any]] = {r["purpose"]: dict(r) for r in rows}
    purposes = [
        {
            "purpose": value,
            "label": label,
            "days": by_purpose.get(value, {}).get("days", 0),
            "uses": by_purpose.get(value, {}).get("uses", 0),
            "headcount": by_purpose.get(value, {}).get("headcount") or 0,
        }
        for value, label in UsagePurpose.choices
    ]
    external = by_purpose.get(UsagePurpose.EXTERNAL_TRAINING, {})
    return {
        "year": year,
        "external_headcount": external.get("headcount") or 0,
        "external_days": external.get("days", 0),
        "purposes": purposes,
    }


def sites_with_rooms(*, sites: QuerySet[ExamSite]) -> QuerySet[Any]:
    """Sites with ``room_count`` and ``seat_count``."""
    return (
        sites.select_related("organization")
        .prefetch_related("certificates", "examroom_set")
        .annotate(room_count=Count("examroom", distinct=True), seat_count=Sum("examroom__seats"))
        .order_by("name")
    )


def external_headcount_by_year(*, usages: QuerySet[SiteUsage]) -> list[dict[str, Any]]:
    rows = (
        usages.filter(purpose=UsagePurpose.EXTERNAL_TRAINING)
        .values("used_on__year")
        .annotate(headcount=Sum("headcount"), days=Count("used_on", distinct=True))
        .order_by("used_on__year")
    )
    return [dict(row) for row in rows]


def exam_days(*, usages: QuerySet[SiteUsage]) -> int:
    return usages.filter(Q(purpose=UsagePurpose.INTERNAL_EXAM)).values("used_on").distinct().count()
