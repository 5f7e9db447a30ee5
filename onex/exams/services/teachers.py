"""Teachers' own training (师资培训): recording it, and what it adds up to.

It lives with exams because a qualifying training earns an assessor qualification
(考评员资格), an exams row; the pages keep their addresses under ``/training/``.

Recording a training whose outcome is "qualified as assessor" (or supervisor)
also creates the assessor qualification it earned, in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import ExtractYear
from django.http import HttpRequest
from django.utils.translation import gettext as _

from onex.audit.services import audit_record, audited_save, snapshot
from onex.catalog.models import Certificate
from onex.core.access import require
from onex.exams.models import AssessorQualification, AssessorRole
from onex.org.models import Teacher
from onex.training.models import TeacherTraining, TrainingOutcome

if TYPE_CHECKING:
    from onex.accounts.models import User

QUALIFYING: dict[str, AssessorRole] = {
    TrainingOutcome.QUALIFIED_ASSESSOR: AssessorRole.ASSESSOR,
    TrainingOutcome.QUALIFIED_SUPERVISOR: AssessorRole.SUPERVISOR,
}
# A qualification card is valid for three years unless the organization says otherwise.
DEFAULT_VALIDITY_YEARS = 3


def _require_may_record(actor: User | None, teacher: Teacher, outcome: str) -> None:
    # A qualifying outcome (考评员 card) is the office's or the department's to record, never the teacher's own.
    require(actor, "qualification.record" if outcome in QUALIFYING else "teacher_training.record", teacher)


def _valid_until(start: dt.date) -> dt.date:
    try:
        end = start.replace(year=start.year + DEFAULT_VALIDITY_YEARS)
    except ValueError:  # 29 February
        end = start.replace(year=start.year + DEFAULT_VALIDITY_YEARS, day=28)
    return end - dt.timedelta(days=1)


@transaction.atomic
def teacher_training_record(
    *,
    actor: User | None,
    teacher: Teacher,
    programme: str,
    organizer: str,
    starts_on: dt.date,
    ends_on: dt.date,
    hours: Decimal,
    outcome: str,
    certificate: Certificate | None = None,
    level: str = "",
    qualification_number: str = "",
    valid_until: dt.date | None = None,
    request: HttpRequest | None = None,
) -> TeacherTraining:
    """Record a teacher's training; a qualifying outcome also creates the qualification."""
    _require_may_record(actor, teacher, outcome)
    role = QUALIFYING.get(outcome)
    if role is not None and (certificate is None or not level):
        raise ValidationError(_("A qualifying training needs its certificate and level."))
    if certificate is not None and level and level not in certificate.levels:
        raise ValidationError({"level": _("The certificate has no such level.")})
    training = TeacherTraining(
        teacher=teacher,
        programme=programme.strip(),
        organizer=organizer.strip(),
        certificate=certificate,
        level=level,
        starts_on=starts_on,
        ends_on=ends_on,
        hours=hours,
        outcome=outcome,
        qualification_number=qualification_number.strip(),
    )
    training.full_clean()
    training.save()
    audit_record(
        actor=actor, action="teacher_training.record", target=training, after=snapshot(training), request=request
    )
    if role is not None:
        qualification = AssessorQualification(
            teacher=teacher,
            certificate=certificate,
            level=level,
            role=role,
            number=training.qualification_number,
            valid_from=ends_on,
            valid_until=valid_until or _valid_until(ends_on),
        )
        audited_save(
            qualification,
            actor=actor,
            action="assessor_qualification.create",
            reason=training.programme,
            request=request,
        )
    return training


# ---------------------------------------------------------------- summaries

SUMMARY_KEYS = {
    "certificate": ("certificate_id", "certificate__name"),
    "department": ("teacher__department_id", "teacher__department__name"),
    "year": ("year", "year"),
}


def teacher_training_summary(qs: QuerySet[TeacherTraining], *, by: str) -> list[dict[str, Any]]:
    """Trainings, distinct teachers, hours and qualifications earned, per certificate, department or year."""
    key, label = SUMMARY_KEYS[by]
    qualified = Q(outcome__in=list(QUALIFYING))
    rows = (
        qs.annotate(year=ExtractYear("starts_on"))
        .values(key, label)
        .annotate(
            trainings=Count("id"),
            teachers=Count("teacher", distinct=True),
            hours=Sum("hours"),
            qualified=Count("id", filter=qualified),
        )
        .order_by(label)
    )
    return [
        {
            "key": row[key],
            "label": row[label] if row[label] is not None else "—",
            "trainings": row["trainings"],
            "teachers": row["teachers"],
            "hours": row["hours"] or Decimal("0"),
            "qualified": row["qualified"],
        }
        for row in rows
    ]


def teacher_qualifications(teacher: Teacher, *, on_date: dt.date) -> list[dict[str, Any]]:
    """A teacher's qualifications, each marked valid or not on the date."""
    return [
        {"qualification": q, "valid": q.valid_from <= on_date <= q.valid_until}
        for q in AssessorQualification.objects.filter(teacher=teacher)
        .select_related("certificate")
        .order_by("-valid_until", "certificate__name_pinyin")
    ]
