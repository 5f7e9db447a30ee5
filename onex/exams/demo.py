"""The exam part of the demo (演示数据): sessions, seats and assessors for every pilot's exam day.

The core demo creates the sites, rooms, qualifications and each pilot's internal-exam day in the
usage log; this seats every registered candidate through the scheduling service, so the demo obeys
the same rules as the office. Running it again changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Q

from onex.exams.models import AssessorRole, ExamKind, ExamRoom, ExamSession, ExamSite, SiteUsage, UsagePurpose
from onex.exams.services import scheduling
from onex.org.models import Institution
from onex.pilots.models import Pilot

# Morning and afternoon slots on the exam day, then the days after.
SLOTS = ((9, 0, 11, 30), (14, 0, 16, 30))
ASSESSORS_PER_SESSION = 2
CERTIFICATE_SUFFIX = "职业技能等级证书"


def _slots(day: dt.date, tz: dt.tzinfo) -> list[tuple[dt.datetime, dt.datetime]]:
    out = []
    for offset in range(4):
        d = day + dt.timedelta(days=offset)
        for h1, m1, h2, m2 in SLOTS:
            out.append(
                (
                    dt.datetime(d.year, d.month, d.day, h1, m1, tzinfo=tz),
                    dt.datetime(d.year, d.month, d.day, h2, m2, tzinfo=tz),
                )
            )
    return out


def _exam_day(pilot: Pilot, site: ExamSite) -> dt.date:
    usage = (
        SiteUsage.objects.filter(site=site, purpose=UsagePurpose.INTERNAL_EXAM, used_on__year=pilot.year)
        .filter(Q(note__contains=pilot.certificate.name.removesuffix(CERTIFICATE_SUFFIX)))
        .order_by("used_on")
        .first()
    )
    return usage.used_on if usage else dt.date(pilot.year, 11, 18)


# Runs inside the one transaction of ``onex.demo.services.demo_load``.
def load(institution: Institution) -> None:
    from zoneinfo import ZoneInfo

    tz = ZoneInfo("Asia/Shanghai")
    pilots = Pilot.objects.filter(institution=institution).select_related("certificate").order_by("year", "id")
    for pilot in pilots:
        if ExamSession.objects.filter(pilot=pilot).exists():
            continue
        site = ExamSite.objects.filter(institution=institution, certificates=pilot.certificate).order_by("id").first()
        if site is None:
            continue
        rooms = list(ExamRoom.objects.filter(site=site).select_related("site").order_by("-seats", "name"))
        # Those below the minimum hours sat too in the demo's story (their results are recorded).
        waiting = list(scheduling.exam_candidates(pilot=pilot))
        capacity = sum(r.seats for r in rooms)
        for starts_at, ends_at in _slots(_exam_day(pilot, site), tz):
            if not waiting or not rooms:
                break
            chunk, waiting = waiting[:capacity], waiting[capacity:]
            try:
                sessions = scheduling.exam_sessions_schedule(
                    actor=None,
                    pilot=pilot,
                    rooms=rooms,
                    kind=ExamKind.BOTH,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    registrations=chunk,
                )
            except ValidationError:
                waiting = chunk + waiting
                continue
            _assign_staff(pilot=pilot, sessions=sessions, day=starts_at.date())


def _assign_staff(*, pilot: Pilot, sessions: list[ExamSession], day: dt.date) -> None:
    for role, per_session in ((AssessorRole.ASSESSOR, ASSESSORS_PER_SESSION), (AssessorRole.SUPERVISOR, 1)):
        pool = list(scheduling.qualified_teachers(pilot=pilot, day=day, role=role))
        for session in sessions:
            placed = 0
            for teacher in pool:
                if placed >= per_session:
                    break
                try:
                    scheduling.assessor_assign(actor=None, session=session, teacher=teacher, role=role)
                except ValidationError:
                    continue
                placed += 1
