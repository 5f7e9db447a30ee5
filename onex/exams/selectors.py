"""Reads about exams shared by several views, the report and the API."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count

from onex.catalog.models import Certificate
from onex.exams.models import AssessorRole


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
