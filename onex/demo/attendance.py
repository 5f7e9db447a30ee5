"""The attendance part of the demo (演示数据).

The core demo creates each pilot's training sessions; this records who came (考勤), from
the exam results, so it sits above both training and exams. Candidates who
sat the exam attended every session; those recorded absent from the exam missed every other one,
so they show up below the minimum hours. Running it again changes nothing.
"""

from __future__ import annotations

from onex.exams.models import Outcome
from onex.org.models import Institution
from onex.pilots.models import Registration
from onex.training.models import Attendance, TrainingSession


def load(institution: Institution) -> None:
    sessions = list(TrainingSession.objects.filter(pilot__institution=institution).order_by("pilot_id", "starts_at"))
    recorded = set(
        Attendance.objects.filter(session__pilot__institution=institution).values_list("session_id", flat=True)
    )
    by_pilot: dict[int, list[TrainingSession]] = {}
    for session in sessions:
        by_pilot.setdefault(session.pilot_id, []).append(session)
    rows = []
    for pilot_id, pilot_sessions in by_pilot.items():
        regs = list(
            Registration.objects.filter(pilot_id=pilot_id, withdrawn_on__isnull=True).values_list(
                "id", "result__outcome"
            )
        )
        for index, session in enumerate(pilot_sessions):
            if session.id in recorded:
                continue
            for reg_id, outcome in regs:
                present = outcome != Outcome.ABSENT or index % 2 == 0
                rows.append(Attendance(session=session, registration_id=reg_id, present=present))
    Attendance.objects.bulk_create(rows, batch_size=2000)
