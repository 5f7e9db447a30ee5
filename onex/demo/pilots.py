"""Pilots, registrations, results and issued certificates of the demo.

Each pilot's candidates are laid out from its facts: the first ``registered``
are filed and stay; among them ``passed`` pass, ``completed - passed`` fail,
``no_result`` wait for their result and the rest were absent; then come the
withdrawn and the never-filed sign-ups, which no figure counts.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from onex.catalog.models import Certificate
from onex.core.fields import Level
from onex.credentials.codes import new_verify_code, next_status_index
from onex.credentials.models import IssuedCertificate
from onex.demo import facts
from onex.demo.base import at
from onex.demo.org import Campus
from onex.exams.models import Outcome, Result
from onex.org.models import Student
from onex.pilots.models import Pilot, PilotStatus, Registration

HALF = Decimal("0.5")
CENT = Decimal("0.01")

PASS, FAIL, ABSENT, PENDING = "pass", "fail", "absent", "pending"


@dataclass
class PilotRows:
    pilot: Pilot
    fact: facts.PilotFact
    # Filed, not withdrawn, in layout order; with each one's planned outcome.
    registered: list[Registration] = field(default_factory=list)
    outcomes: list[str] = field(default_factory=list)

    def passed_students(self) -> list[Student]:
        return [r.student for r, o in zip(self.registered, self.outcomes, strict=True) if o == PASS]


def pilot_get_or_create(*, campus: Campus, fact: facts.PilotFact, certificate: Certificate) -> Pilot:
    inst = campus.institution
    pilot = Pilot.objects.filter(institution=inst, year=fact.year, certificate=certificate, level=fact.level).first()
    if pilot is None:
        pilot = Pilot.objects.create(
            institution=inst,
            year=fact.year,
            certificate=certificate,
            level=fact.level,
            department=campus.departments[fact.department],
            quota=fact.registered + fact.withdrawn + fact.unfiled + 10,
            fee_per_candidate=fact.fee,
            status=PilotStatus.CLOSED,
            min_training_hours=Decimal("16.0"),
            results_approved_at=at(fact.exam_day + dt.timedelta(days=21), 10),
        )
        pilot.majors.set([campus.majors[code] for code in fact.majors])
    return pilot


def _scores(rng: random.Random, outcome: str) -> tuple[Decimal | None, Decimal | None]:
    def score(low: int, high: int) -> Decimal:
        return Decimal(rng.randint(low * 2, high * 2)) * HALF

    if outcome == PASS:
        return score(60, 97), score(60, 98)
    if outcome == FAIL:
        theory, practical = score(38, 59), score(45, 90)
        return (theory, practical) if rng.random() < 0.5 else (practical, theory)
    return None, None


def load_pilots(
    *,
    campus: Campus,
    certificates: dict[str, Certificate],
    pilot_facts: Sequence[facts.PilotFact],
    earlier: dict[tuple[int, str], PilotRows] | None = None,
) -> dict[tuple[int, str], PilotRows]:
    """Create the pilots of ``pilot_facts`` with their candidates, results and certificates."""
    earlier = dict(earlier or {})
    made: dict[tuple[int, str], PilotRows] = {}
    for fact in pilot_facts:
        pilot = pilot_get_or_create(campus=campus, fact=fact, certificate=certificates[fact.certificate])
        rows = _registrations(pilot, fact, campus, {**earlier, **made})
        _results(rows)
        _certificates(rows)
        made[(fact.year, fact.certificate)] = rows
    return made


def _candidates(fact: facts.PilotFact, campus: Campus, earlier: dict[tuple[int, str], PilotRows]) -> list[Student]:
    chosen: list[Student] = []
    for year, key, count in fact.returning:
        chosen.extend(earlier[(year, key)].passed_students()[:count])
    seen = {s.id for s in chosen}
    need = fact.registered + fact.withdrawn + fact.unfiled
    for entry_year in fact.entry_years:
        for major_code in fact.majors:
            for student in campus.students[(major_code, entry_year)]:
                if len(chosen) >= need:
                    return chosen
                if student.id not in seen:
                    chosen.append(student)
                    seen.add(student.id)
    if len(chosen) < need:
        raise ValueError(f"not enough demo students for {fact.year} {fact.certificate}")
    return chosen


def _registrations(
    pilot: Pilot, fact: facts.PilotFact, campus: Campus, earlier: dict[tuple[int, str], PilotRows]
) -> PilotRows:
    students = _candidates(fact, campus, earlier)
    rng = random.Random(f"{campus.institution.code}-{fact.year}-{fact.certificate}-registrations")
    absent = fact.registered - fact.completed - fact.no_result
    outcomes = (
        [PASS] * fact.passed + [FAIL] * (fact.completed - fact.passed) + [ABSENT] * absent + [PENDING] * fact.no_result
    )
    rng.shuffle(outcomes)
    # Returning candidates passed before and pass again: keep them in front with a pass.
    returning = sum(count for _, _, count in fact.returning)
    for i in range(returning):
        j = outcomes.index(PASS, i)
        outcomes[i], outcomes[j] = outcomes[j], outcomes[i]

    applied = dt.date(fact.year, 3, 6)
    existing = {r.student_id: r for r in Registration.objects.filter(pilot=pilot).select_related("student")}
    new = []
    for i, student in enumerate(students):
        if student.id in existing:
            continue
        applied_on = applied + dt.timedelta(days=i % 10)
        reg = Registration(pilot=pilot, student=student, applied_on=applied_on)
        if i < fact.registered + fact.withdrawn:
            reg.department_approved_on = applied_on + dt.timedelta(days=7)
            reg.filed_on = applied_on + dt.timedelta(days=21)
        if fact.registered <= i < fact.registered + fact.withdrawn:
            reg.withdrawn_on = applied_on + dt.timedelta(days=60)
            reg.withdrawal_reason = "个人原因申请退出（演示数据）"
        new.append(reg)
    for reg in Registration.objects.bulk_create(new, batch_size=500):
        existing[reg.student_id] = reg
    registered = [existing[s.id] for s in students[: fact.registered]]
    return PilotRows(pilot=pilot, fact=fact, registered=registered, outcomes=outcomes)


def _results(rows: PilotRows) -> None:
    fact = rows.fact
    pilot = rows.pilot
    rng = random.Random(f"{pilot.institution_id}-{fact.year}-{fact.certificate}-scores")
    have = set(Result.objects.filter(registration__pilot=pilot).values_list("registration_id", flat=True))
    approved = pilot.results_approved_at
    weight = pilot.theory_weight
    new = []
    for reg, outcome in zip(rows.registered, rows.outcomes, strict=True):
        theory, practical = _scores(rng, outcome)
        if outcome == PENDING or reg.id in have:
            continue
        total = None
        if theory is not None and practical is not None:
            total = (theory * weight + practical * (1 - weight)).quantize(CENT)
        new.append(
            Result(
                registration=reg,
                theory_score=theory,
                practical_score=practical,
                total_score=total,
                outcome=Outcome(outcome),
                approved_at=approved,
            )
        )
    Result.objects.bulk_create(new, batch_size=500)


def _certificates(rows: PilotRows) -> None:
    fact = rows.fact
    if not fact.certified:
        return
    passed = [r for r, o in zip(rows.registered, rows.outcomes, strict=True) if o == PASS][: fact.certified]
    have = set(
        IssuedCertificate.objects.filter(registration__pilot=rows.pilot).values_list("registration_id", flat=True)
    )
    issued_on = fact.exam_day + dt.timedelta(days=45)
    code = rows.pilot.certificate.code.replace("-", "")
    index = next_status_index()
    new = []
    for seq, reg in enumerate(passed, start=1):
        if reg.id in have:
            continue
        new.append(
            IssuedCertificate(
                registration=reg,
                number=f"{code}{fact.year % 100:02d}{rows.pilot.institution_id:03d}{seq:05d}",
                issued_on=issued_on,
                verify_code=new_verify_code(),
                status_index=index,
            )
        )
        index += 1
    IssuedCertificate.objects.bulk_create(new, batch_size=500)


def load_open_pilot(*, campus: Campus, certificates: dict[str, Certificate]) -> Pilot:
    """This year's pilot open for sign-up, so students can try signing up and coordinators approving."""
    year = timezone.localdate().year
    certificate = certificates["家庭农场畜禽养殖"]
    department = campus.departments["D02"]
    pilot = Pilot.objects.filter(
        institution=campus.institution, year=year, certificate=certificate, level=Level.INTERMEDIATE
    ).first()
    if pilot is None:
        pilot = Pilot.objects.create(
            institution=campus.institution,
            year=year,
            certificate=certificate,
            level=Level.INTERMEDIATE,
            department=department,
            quota=80,
            fee_per_candidate=Decimal("350.00"),
            status=PilotStatus.OPEN,
            min_training_hours=Decimal("16.0"),
        )
        pilot.majors.set([m for m in campus.majors.values() if m.department_id == department.pk])
    return pilot
