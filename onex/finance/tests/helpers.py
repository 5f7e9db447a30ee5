"""Records the finance tests build on: sessions taught, exams assessed, results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from onex.exams.models import AssessorAssignment, AssessorRole, ExamRoom, ExamSession, ExamSite, Outcome, Result
from onex.finance.models import Activity, Budget, SubsidyRule
from onex.training.models import TrainingSession

RATES = {
    Activity.TRAINING_HOUR: Decimal("80.00"),
    Activity.EXAM_ASSESSED: Decimal("150.00"),
    Activity.EXAM_SUPERVISED: Decimal("100.00"),
    Activity.CANDIDATE_COMPLETED: Decimal("5.50"),
    Activity.OTHER: Decimal("1.00"),
}


def at(day: int, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2023, 5, day, hour, 0))


def add_rules(inst: Any, year: int = 2023) -> None:
    for activity, amount in RATES.items():
        SubsidyRule.objects.create(institution=inst, year=year, activity=activity, unit_amount=amount)


def add_session(pilot: Any, teachers: list[Any], *, day: int, hours: str = "2.0") -> TrainingSession:
    session = TrainingSession.objects.create(
        pilot=pilot, topic=f"第{day}次课", starts_at=at(day), ends_at=at(day, 11), hours=Decimal(hours)
    )
    session.teachers.set(teachers)
    return session


def add_exam(pilot: Any, assignments: list[tuple[Any, str]], *, day: int) -> ExamSession:
    site, _ = ExamSite.objects.get_or_create(
        institution=pilot.institution, name="考核站点", defaults={"organization": pilot.certificate.organization}
    )
    room, _ = ExamRoom.objects.get_or_create(site=site, name="101", defaults={"seats": 40})
    session = ExamSession.objects.create(pilot=pilot, room=room, starts_at=at(day), ends_at=at(day, 11))
    for teacher, role in assignments:
        AssessorAssignment.objects.create(session=session, teacher=teacher, role=role)
    return session


def complete(registration: Any, outcome: str = Outcome.PASS) -> Result:
    return Result.objects.create(registration=registration, outcome=outcome, total_score=Decimal("75"))


def budget(inst: Any, amount: str = "10000.00", source: str = "创新强校专项", year: int = 2023) -> Budget:
    return Budget.objects.create(institution=inst, year=year, source=source, amount=Decimal(amount))


SUPERVISOR = AssessorRole.SUPERVISOR
ASSESSOR = AssessorRole.ASSESSOR
