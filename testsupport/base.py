"""A base test case with a user of every role in two institutions.

Institution A (``self.inst``) has two departments; institution B (``self.inst2``)
is the stranger whose rows nobody in A may see.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.test import TestCase

from onex.accounts.services import user_create
from onex.catalog.models import Certificate, EvaluationOrganization
from onex.core.fields import Level
from onex.core.pinyin import pinyin_key
from onex.core.roles import Role
from onex.org import services as org
from onex.pilots.models import Pilot, Registration

PASSWORD = "onex-test-password"


def make_id_number(n: int, area: str = "440902", birth: str = "20040101") -> str:
    """A valid-checksum, fictitious resident ID number (sequence 9xx)."""
    from stdnum.cn import ric

    body = f"{area}{birth}{900 + n % 100:03d}"
    return body + ric.calc_check_digit(body + "0")  # the function expects a check digit in place


class OneXTestCase(TestCase):
    inst: Any
    inst2: Any

    @classmethod
    def setUpTestData(cls) -> None:
        cls.org_ = EvaluationOrganization.objects.create(
            name="测试评价组织有限公司", name_pinyin=pinyin_key("测试评价组织有限公司")
        )
        cls.cert = Certificate.objects.create(
            code="T-001", name="测试证书", organization=cls.org_, levels=[Level.INTERMEDIATE], name_pinyin="ce4 shi4"
        )
        cls.inst = org.institution_create(code="AAA", name="甲职业学院", province="广东省")
        cls.inst2 = org.institution_create(code="BBB", name="乙职业学院", province="广东省")
        cls.dept = org.department_create(institution=cls.inst, name="农学系")
        cls.dept_other = org.department_create(institution=cls.inst, name="经济管理系")
        cls.dept2 = org.department_create(institution=cls.inst2, name="信息工程系")
        cls.major = org.major_create(department=cls.dept, name="畜牧兽医")
        cls.major_other = org.major_create(department=cls.dept_other, name="电子商务")
        cls.major2 = org.major_create(department=cls.dept2, name="软件技术")
        cls.klass = org.class_group_create(major=cls.major, name="畜牧2201", entry_year=2022)
        cls.klass_other = org.class_group_create(major=cls.major_other, name="电商2201", entry_year=2022)
        cls.klass2 = org.class_group_create(major=cls.major2, name="软件2201", entry_year=2022)
        cls.teacher_person = org.teacher_create(department=cls.dept, staff_number="T001", name="李老师")
        cls.teacher_other_person = org.teacher_create(department=cls.dept_other, staff_number="T002", name="王老师")
        cls.teacher2_person = org.teacher_create(department=cls.dept2, staff_number="T001", name="赵老师")
        cls.student_person = org.student_create(
            institution=cls.inst, name="张三", id_number=make_id_number(1), student_number="S001", class_group=cls.klass
        )
        cls.student_other_person = org.student_create(
            institution=cls.inst,
            name="钱四",
            id_number=make_id_number(2),
            student_number="S002",
            class_group=cls.klass_other,
        )
        cls.student2_person = org.student_create(
            institution=cls.inst2,
            name="孙五",
            id_number=make_id_number(3),
            student_number="S001",
            class_group=cls.klass2,
        )

        def user(username: str, role: str, **kw: Any) -> Any:
            return user_create(username=username, password=PASSWORD, role=role, **kw)

        cls.office = user("alice", Role.OFFICE, institution=cls.inst)
        cls.coordinator = user("bob", Role.COORDINATOR, institution=cls.inst, department=cls.dept)
        cls.coordinator_other = user("bobby", Role.COORDINATOR, institution=cls.inst, department=cls.dept_other)
        cls.teacher = user("tom", Role.TEACHER, institution=cls.inst, teacher=cls.teacher_person)
        cls.finance = user("fiona", Role.FINANCE, institution=cls.inst)
        cls.leader = user("leo", Role.LEADER, institution=cls.inst)
        cls.student = user("sam", Role.STUDENT, institution=cls.inst, student=cls.student_person)
        cls.province = user("pat", Role.PROVINCE, province="广东省")
        cls.office2 = user("charlie", Role.OFFICE, institution=cls.inst2)
        cls.coordinator2 = user("carl", Role.COORDINATOR, institution=cls.inst2, department=cls.dept2)
        cls.student2 = user("sue", Role.STUDENT, institution=cls.inst2, student=cls.student2_person)

        cls.pilot = Pilot.objects.create(
            institution=cls.inst,
            year=2023,
            certificate=cls.cert,
            level=Level.INTERMEDIATE,
            department=cls.dept,
            quota=100,
            fee_per_candidate=Decimal("300.00"),
        )
        cls.pilot_other = Pilot.objects.create(
            institution=cls.inst,
            year=2024,
            certificate=cls.cert,
            level=Level.INTERMEDIATE,
            department=cls.dept_other,
            fee_per_candidate=Decimal("300.00"),
        )
        cls.pilot2 = Pilot.objects.create(
            institution=cls.inst2,
            year=2023,
            certificate=cls.cert,
            level=Level.INTERMEDIATE,
            department=cls.dept2,
            fee_per_candidate=Decimal("280.00"),
        )
        cls.registration = Registration.objects.create(
            pilot=cls.pilot, student=cls.student_person, applied_on=dt.date(2023, 3, 1), filed_on=dt.date(2023, 3, 10)
        )
        cls.registration_other = Registration.objects.create(
            pilot=cls.pilot_other, student=cls.student_other_person, applied_on=dt.date(2024, 3, 1)
        )
        cls.registration2 = Registration.objects.create(
            pilot=cls.pilot2, student=cls.student2_person, applied_on=dt.date(2023, 3, 1), filed_on=dt.date(2023, 3, 9)
        )

    # Every role, for tests that walk all of them.
    def all_users(self) -> dict[str, Any]:
        return {
            "office": self.office,
            "coordinator": self.coordinator,
            "coordinator_other": self.coordinator_other,
            "teacher": self.teacher,
            "finance": self.finance,
            "leader": self.leader,
            "student": self.student,
            "province": self.province,
            "office2": self.office2,
        }
