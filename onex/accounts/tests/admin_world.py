"""A row of every model in both institutions, for the back-office tests.

Side A is institution ``inst`` and department ``dept`` (coordinator bob's); side
B is the other institution. A view that forgets its scoping shows B's row to
A's users, or A's row to a coordinator of another department.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from django.db.models import Model
from django.utils import timezone

from onex.accounts.services import api_token_issue
from onex.audit.services import audit_record
from onex.catalog.models import Certificate, EvaluationOrganization, SkillModule
from onex.core.fields import Level
from onex.core.pinyin import pinyin_key
from onex.credentials.models import Course, CourseModuleMap, CreditConversion, CreditRule, IssuedCertificate
from onex.exams.models import (
    AssessorAssignment,
    AssessorQualification,
    ExamRoom,
    ExamSession,
    ExamSite,
    Result,
    Seat,
    SiteUsage,
)
from onex.finance.models import (
    Budget,
    BudgetAllocation,
    Expense,
    SubsidyLine,
    SubsidyRule,
    SubsidyStatement,
    WorkloadEntry,
)
from onex.imports.models import ImportJob
from onex.notices.models import Notice, NoticeReceipt
from onex.pilots.models import PilotCounts
from onex.reports.models import AnnualReport, ReportSubmission
from onex.training.models import Attendance, TeacherTraining, TrainingSession
from testsupport.base import OneXTestCase


def _at(day: int, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime(2023, 5, day, hour, 0))


def build_side(tc: Any, *, n: int, inst: Any, dept: Any, major: Any, klass: Any, pilot: Any, registration: Any,
               teacher: Any, student: Any, coordinator: Any, office: Any) -> dict[str, Model]:  # fmt: skip
    """One row of every model on one side; returns ``{label: row}``."""
    org_ = EvaluationOrganization.objects.create(name=f"评价组织{n}", name_pinyin=pinyin_key(f"评价组织{n}"))
    cert = Certificate.objects.create(
        code=f"W-{n}", name=f"世界证书{n}", organization=org_, levels=[Level.INTERMEDIATE], name_pinyin=f"w{n}"
    )
    module = SkillModule.objects.create(certificate=cert, level=Level.INTERMEDIATE, code=f"M{n}", title=f"模块{n}")
    session = TrainingSession.objects.create(
        pilot=pilot, topic=f"培训{n}", starts_at=_at(n, 8), ends_at=_at(n, 10), hours=Decimal("2.0")
    )
    session.teachers.add(teacher)
    site = ExamSite.objects.create(institution=inst, name=f"考核站点{n}", organization=org_)
    site.certificates.add(cert)
    room = ExamRoom.objects.create(site=site, name=f"考场{n}", seats=30)
    exam = ExamSession.objects.create(pilot=pilot, room=room, starts_at=_at(n, 14), ends_at=_at(n, 16))
    assignment = AssessorAssignment.objects.create(session=exam, teacher=teacher)
    issued = IssuedCertificate.objects.create(
        registration=registration,
        number=f"CERT-{n}",
        issued_on=dt.date(2023, 7, 1),
        verify_code=f"VERIFY{n}",
        status_index=n,
    )
    course = Course.objects.create(institution=inst, major=major, code=f"C{n}", name=f"课程{n}", credits=Decimal("2"))
    rule = CreditRule.objects.create(
        institution=inst, certificate=cert, level=Level.INTERMEDIATE, course=course, credits=Decimal("2")
    )
    budget = Budget.objects.create(institution=inst, year=2023, source=f"专项{n}", amount=Decimal("1000.00"))
    statement = SubsidyStatement.objects.create(institution=inst, department=dept, year=2023)
    notice = Notice.objects.create(institution=inst, title=f"通知{n}", body="正文")
    report = AnnualReport.objects.create(institution=inst, year=2023)
    event = audit_record(actor=None, action="test.event", target=dept)
    rows: dict[str, Model] = {
        "accounts.user": coordinator,
        "accounts.apitoken": api_token_issue(user=coordinator)[0],
        "audit.auditevent": event,
        "org.institution": inst,
        "org.department": dept,
        "org.major": major,
        "org.classgroup": klass,
        "org.student": student,
        "org.teacher": teacher,
        "catalog.evaluationorganization": org_,
        "catalog.certificate": cert,
        "catalog.skillmodule": module,
        "pilots.pilot": pilot,
        "pilots.registration": registration,
        "pilots.pilotcounts": PilotCounts.objects.get(pilot=pilot),
        "training.trainingsession": session,
        "training.attendance": Attendance.objects.create(session=session, registration=registration),
        "training.teachertraining": TeacherTraining.objects.create(
            teacher=teacher,
            programme=f"师资培训{n}",
            organizer="评价组织",
            starts_on=dt.date(2023, 4, 1),
            ends_on=dt.date(2023, 4, 3),
            hours=Decimal("24"),
            outcome="assessor",
        ),
        "exams.examsite": site,
        "exams.examroom": room,
        "exams.siteusage": SiteUsage.objects.create(
            site=site, used_on=dt.date(2023, 5, n), purpose="internal_exam", headcount=30
        ),
        "exams.examsession": exam,
        "exams.seat": Seat.objects.create(session=exam, registration=registration, seat_number=1),
        "exams.assessorqualification": AssessorQualification.objects.create(
            teacher=teacher,
            certificate=cert,
            level=Level.INTERMEDIATE,
            valid_from=dt.date(2022, 1, 1),
            valid_until=dt.date(2026, 12, 31),
        ),
        "exams.assessorassignment": assignment,
        "exams.result": Result.objects.create(
            registration=registration, theory_score=Decimal("80"), practical_score=Decimal("75"), outcome="pass"
        ),
        "credentials.issuedcertificate": issued,
        "credentials.course": course,
        "credentials.coursemodulemap": CourseModuleMap.objects.create(course=course, skill_module=module),
        "credentials.creditrule": rule,
        "credentials.creditconversion": CreditConversion.objects.create(
            issued_certificate=issued, rule=rule, credits=Decimal("2")
        ),
        "finance.budget": budget,
        "finance.budgetallocation": BudgetAllocation.objects.create(
            budget=budget, department=dept, amount=Decimal("500.00")
        ),
        "finance.expense": Expense.objects.create(
            institution=inst,
            budget=budget,
            category="exam_fees",
            department=dept,
            amount=Decimal("300.00"),
            spent_on=dt.date(2023, 6, 1),
        ),
        "finance.subsidyrule": SubsidyRule.objects.create(
            institution=inst, year=2023, activity="training_hour", unit_amount=Decimal("100.00")
        ),
        "finance.workloadentry": WorkloadEntry.objects.create(
            teacher=teacher, year=2023, activity="other", quantity=Decimal("1"), source="manual", reason="测试"
        ),
        "finance.subsidystatement": statement,
        "finance.subsidyline": SubsidyLine.objects.create(
            statement=statement,
            teacher=teacher,
            activity="training_hour",
            quantity=Decimal("2"),
            rate=Decimal("100.00"),
            amount=Decimal("200.00"),
        ),
        "notices.notice": notice,
        "notices.noticereceipt": NoticeReceipt.objects.create(notice=notice, user=office),
        "reports.annualreport": report,
        "reports.reportsubmission": ReportSubmission.objects.create(report=report),
        "imports.importjob": ImportJob.objects.create(
            institution=inst, kind="roster", year=2023, original_name=f"名单{n}.xlsx", stored_path=f"x/{n}.xlsx"
        ),
    }
    return rows


class AdminWorldTestCase(OneXTestCase):
    """OneXTestCase plus ``self.world.a`` / ``self.world.b``: every model's row on each side."""

    world: Any

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from onex.accounts.services import user_create
        from onex.core.roles import Role

        cls.superuser = user_create(username="root", password="onex-test-password", role=Role.OFFICE,
                                    institution=cls.inst)  # fmt: skip
        cls.superuser.is_superuser = True
        cls.superuser.is_staff = True
        cls.superuser.save(update_fields=["is_superuser", "is_staff"])
        a = build_side(
            cls,
            n=1,
            inst=cls.inst,
            dept=cls.dept,
            major=cls.major,
            klass=cls.klass,
            pilot=cls.pilot,
            registration=cls.registration,
            teacher=cls.teacher_person,
            student=cls.student_person,
            coordinator=cls.coordinator,
            office=cls.office,
        )
        b = build_side(
            cls,
            n=2,
            inst=cls.inst2,
            dept=cls.dept2,
            major=cls.major2,
            klass=cls.klass2,
            pilot=cls.pilot2,
            registration=cls.registration2,
            teacher=cls.teacher2_person,
            student=cls.student2_person,
            coordinator=cls.coordinator2,
            office=cls.office2,
        )
        cls.world = SimpleNamespace(a=a, b=b)
