"""Sites, rooms, candidates and assessors on top of OneXTestCase."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from onex.exams.models import AssessorQualification, AssessorRole
from onex.exams.services.sites import exam_room_create, exam_site_create
from onex.org import services as org
from onex.pilots.models import Registration
from testsupport.base import OneXTestCase, make_id_number

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: str, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), tzinfo=SHANGHAI)


class ExamTestCase(OneXTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.site = exam_site_create(
            actor=None,
            institution=cls.inst,
            name="农林考核站点",
            organization=cls.org_,
            certificates=[cls.cert],
            location="实训楼",
            year_built=2021,
            open_to_public=True,
        )
        cls.room_a = exam_room_create(actor=None, site=cls.site, name="A101", seats=3)
        cls.room_b = exam_room_create(actor=None, site=cls.site, name="A102", seats=2)
        cls.site2 = exam_site_create(
            actor=None, institution=cls.inst2, name="乙站点", organization=cls.org_, certificates=[cls.cert]
        )
        cls.room2 = exam_room_create(actor=None, site=cls.site2, name="B101", seats=30)
        # Four more registered candidates of the department's 2023 pilot (five in all).
        cls.regs: list[Any] = [cls.registration]
        for n in range(4):
            student = org.student_create(
                institution=cls.inst,
                name=f"学生{n}号",
                id_number=make_id_number(10 + n),
                student_number=f"S1{n}",
                class_group=cls.klass,
            )
            cls.regs.append(
                Registration.objects.create(
                    pilot=cls.pilot, student=student, applied_on=dt.date(2023, 3, 1), filed_on=dt.date(2023, 3, 10)
                )
            )
        cls.qualification = AssessorQualification.objects.create(
            teacher=cls.teacher_person,
            certificate=cls.cert,
            level=cls.pilot.level,
            role=AssessorRole.ASSESSOR,
            number="KP-2023-001",
            valid_from=dt.date(2023, 1, 1),
            valid_until=dt.date(2025, 12, 31),
        )
        AssessorQualification.objects.create(
            teacher=cls.teacher_other_person,
            certificate=cls.cert,
            level=cls.pilot.level,
            role=AssessorRole.SUPERVISOR,
            number="DD-2023-001",
            valid_from=dt.date(2023, 1, 1),
            valid_until=dt.date(2025, 12, 31),
        )
