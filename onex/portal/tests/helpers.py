"""Test data around the base test case: candidates with results, budgets, sessions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from onex.catalog.models import Certificate
from onex.core.fields import Level
from onex.exams.models import AssessorQualification, Result
from onex.finance.models import Budget
from onex.org import services as org
from onex.pilots.models import Pilot, Registration
from onex.training.models import TrainingSession
from testsupport.base import make_id_number

_serial = iter(range(10, 100_000))


def candidates(pilot: Pilot, class_group: Any, outcomes: list[str | None]) -> list[Registration]:
    """One filed registration per outcome ("pass", "fail", "absent", or None for no result)."""
    registrations = []
    for outcome in outcomes:
        n = next(_serial)
        person = org.student_create(
            institution=pilot.institution,
            name=f"考生{n}",
            id_number=make_id_number(n, birth=f"{2000 + n // 100 % 5}0101"),
            student_number=f"X{n}",
            class_group=class_group,
        )
        reg = Registration.objects.create(
            pilot=pilot, student=person, applied_on=dt.date(pilot.year, 3, 1), filed_on=dt.date(pilot.year, 3, 5)
        )
        if outcome is not None:
            Result.objects.create(registration=reg, outcome=outcome)
        registrations.append(reg)
    return registrations


def another_pilot(institution: Any, department: Any, year: int, code: str, name: str) -> Pilot:
    cert = Certificate.objects.create(
        code=code, name=name, organization_id=Certificate.objects.values_list("organization_id", flat=True)[0]
    )
    return Pilot.objects.create(
        institution=institution,
        year=year,
        certificate=cert,
        level=Level.INTERMEDIATE,
        department=department,
        fee_per_candidate=Decimal("250.00"),
    )


def budget(institution: Any, year: int, amount: str, source: str = "创新强校专项") -> Budget:
    return Budget.objects.create(institution=institution, year=year, source=source, amount=Decimal(amount))


def session(pilot: Pilot, teacher: Any, topic: str) -> TrainingSession:
    start = dt.datetime(pilot.year, 4, 1, 8, 0, tzinfo=dt.UTC)
    s = TrainingSession.objects.create(
        pilot=pilot, topic=topic, starts_at=start, ends_at=start + dt.timedelta(hours=2), hours=Decimal("2.0")
    )
    s.teachers.add(teacher)
    return s


def qualification(teacher: Any, certificate: Any, number: str) -> AssessorQualification:
    return AssessorQualification.objects.create(
        teacher=teacher,
        certificate=certificate,
        level=Level.INTERMEDIATE,
        number=number,
        valid_from=dt.date(2022, 1, 1),
        valid_until=dt.date(2027, 12, 31),
    )
