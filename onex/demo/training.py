"""Training sessions of the pilots and the teachers' own training (师资培训)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from onex.core.fields import Level
from onex.demo.base import at
from onex.demo.org import Campus
from onex.demo.pilots import PilotRows
from onex.exams.models import AssessorQualification, AssessorRole
from onex.org.models import Teacher
from onex.training.models import TeacherTraining, TrainingOutcome, TrainingSession

TOPICS = ("证书标准解读与理论串讲", "实操项目训练（一）", "实操项目训练（二）", "模拟考核与讲评")


def _trainers(campus: Campus, rows: PilotRows) -> list[Teacher]:
    """The pilot's department teachers who assess its certificate, first; then their colleagues."""
    dept_teachers = campus.teachers[rows.fact.department]
    holders = set(
        AssessorQualification.objects.filter(
            certificate=rows.pilot.certificate, role=AssessorRole.ASSESSOR, teacher__in=dept_teachers
        ).values_list("teacher_id", flat=True)
    )
    return [t for t in dept_teachers if t.id in holders] + [t for t in dept_teachers if t.id not in holders]


def load_sessions(*, campus: Campus, pilots: dict[tuple[int, str], PilotRows]) -> None:
    for rows in pilots.values():
        pilot = rows.pilot
        have = set(TrainingSession.objects.filter(pilot=pilot).values_list("topic", flat=True))
        trainers = _trainers(campus, rows)
        first_day = rows.fact.exam_day - dt.timedelta(days=7 * len(TOPICS))
        for i, topic in enumerate(TOPICS):
            if topic in have:
                continue
            day = first_day + dt.timedelta(days=7 * i)
            session = TrainingSession.objects.create(
                pilot=pilot,
                topic=topic,
                starts_at=at(day, 14, 30),
                ends_at=at(day, 18, 30),
                hours=Decimal("4.0"),
                room="实训楼 2 楼",
            )
            session.teachers.set(trainers[i % 2 : i % 2 + 2] if len(trainers) > 2 else trainers)


PROGRAMMES = [
    ("1+X 证书考评员培训", "考评员培训班（线上）", TrainingOutcome.QUALIFIED_ASSESSOR, Decimal("24.0")),
    ("1+X 证书师资培训", "师资培训班（线下）", TrainingOutcome.ATTENDED, Decimal("32.0")),
]


def load_teacher_training(*, campus: Campus) -> None:
    """A training record behind each current qualification, and a few plain attendances."""
    quals = AssessorQualification.objects.filter(
        teacher__institution=campus.institution, role=AssessorRole.ASSESSOR, level=Level.INTERMEDIATE
    ).select_related("teacher", "certificate", "certificate__organization")
    have = set(
        TeacherTraining.objects.filter(teacher__institution=campus.institution).values_list(
            "teacher_id", "programme", "starts_on"
        )
    )
    new = []
    for q in quals:
        for i, (programme, suffix, outcome, hours) in enumerate(PROGRAMMES):
            start = q.valid_from - dt.timedelta(days=20 + 60 * i)
            name = f"{q.certificate.name[:-8]}{programme}"
            if (q.teacher_id, name, start) in have:
                continue
            qualified = outcome == TrainingOutcome.QUALIFIED_ASSESSOR
            new.append(
                TeacherTraining(
                    teacher=q.teacher,
                    programme=name,
                    organizer=f"{q.certificate.organization.name}{suffix}",
                    certificate=q.certificate,
                    level=q.level,
                    starts_on=start,
                    ends_on=start + dt.timedelta(days=3),
                    hours=hours,
                    outcome=outcome,
                    qualification_number=q.number if qualified else "",
                )
            )
    TeacherTraining.objects.bulk_create(new)
