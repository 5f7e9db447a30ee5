"""Data behind the dashboard tests: every kind of figure in two institutions, and a stranger.

Institution A has pilots in both departments and two years, results, certificates,
assessors, an exam site with internal and external use, a budget with allocations
and spending, and subsidy statements (one paid). Institution B (same province) has
a pilot; institution C lies in another province, which the province user never sees.
``grow`` adds more of everything, for the tests that count queries at two sizes.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from itertools import count
from typing import Any

from django.urls import reverse
from python_calamine import CalamineWorkbook

from onex.catalog.models import Certificate
from onex.core.fields import Level
from onex.core.roles import Role
from onex.credentials.codes import new_verify_code, next_status_index
from onex.credentials.models import IssuedCertificate
from onex.exams.models import ExamSite, SiteUsage, UsagePurpose
from onex.finance.models import BudgetAllocation, Expense, StatementStatus, SubsidyLine, SubsidyStatement
from onex.org import services as org
from onex.pilots.models import Pilot
from onex.portal.tests import helpers
from testsupport.base import PASSWORD, OneXTestCase, make_id_number

_numbers = count(1)
_people = count(1)

# The dashboards, the roles that may open them, and the tables each shows.
PAGES = {
    "portal_office": {"office", "office2"},
    "portal_leadership": {"leader"},
    "portal_department": {"coordinator", "coordinator_other"},
    "portal_finance": {"finance"},
    "portal_province": {"province"},
}
COUNT_TABLES = ["certificates", "departments", "trend", "assessors", "sites"]
MONEY_TABLES = ["budget", "categories", "budget_departments", "subsidies"]
TABLES = {
    "portal_office": COUNT_TABLES + MONEY_TABLES,
    "portal_leadership": COUNT_TABLES + MONEY_TABLES,
    "portal_department": COUNT_TABLES + ["budget_departments", "subsidies"],
    "portal_finance": MONEY_TABLES + ["fees"],
    "portal_province": ["institutions", "trend"],
}


def candidates(pilot: Pilot, class_group: Any, outcomes: list[str | None]) -> list[Any]:
    """Filed registrations with these outcomes, of students whose ID numbers no other test uses."""
    from onex.exams.models import Result
    from onex.pilots.models import Registration

    registrations = []
    for outcome in outcomes:
        k = next(_people)
        birth = (dt.date(1990, 1, 1) + dt.timedelta(days=k // 100)).strftime("%Y%m%d")
        person = org.student_create(
            institution=pilot.institution,
            name=f"看板考生{k}",
            id_number=make_id_number(k, area="440981", birth=birth),
            student_number=f"D{k}",
            class_group=class_group,
        )
        reg = Registration.objects.create(
            pilot=pilot, student=person, applied_on=dt.date(pilot.year, 3, 1), filed_on=dt.date(pilot.year, 3, 5)
        )
        if outcome is not None:
            Result.objects.create(registration=reg, outcome=outcome)
        registrations.append(reg)
    return registrations


def certify(registrations: list[Any], outcomes: list[str | None]) -> None:
    """A valid certificate for every passer but the first."""
    passers = [r for r, o in zip(registrations, outcomes, strict=True) if o == "pass"][1:]
    for reg in passers:
        n = next(_numbers)
        IssuedCertificate.objects.create(
            registration=reg,
            number=f"C{n:06d}",
            issued_on=dt.date(reg.pilot.year, 7, 1),
            verify_code=new_verify_code(),
            status="valid",
            status_index=next_status_index(),
        )


def read_xlsx(content: bytes) -> list[list[Any]]:
    return CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()


class DashboardWorld(OneXTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from onex.exams.models import Result

        Result.objects.create(registration=cls.registration, outcome="fail")
        Result.objects.create(registration=cls.registration2, outcome="pass")
        cls.cert_econ = Certificate.objects.create(
            code="T-002", name="经管测试证书", organization=cls.org_, name_pinyin="jing1 guan3"
        )
        cls.pilot_econ = Pilot.objects.create(
            institution=cls.inst,
            year=2023,
            certificate=cls.cert_econ,
            level=Level.INTERMEDIATE,
            department=cls.dept_other,
            fee_per_candidate=Decimal("250.00"),
        )
        outcomes_a = ["pass", "pass", "pass", "fail", "absent", None]
        certify(candidates(cls.pilot, cls.klass, outcomes_a), outcomes_a)
        outcomes_econ = ["pass", "pass", "fail"]
        certify(candidates(cls.pilot_econ, cls.klass_other, outcomes_econ), outcomes_econ)
        candidates(cls.pilot_other, cls.klass_other, ["pass", "fail", "pass"])
        candidates(cls.pilot2, cls.klass2, ["pass"] * 4)
        # A certificate only institution B pilots: nobody in A may filter by it.
        cls.cert_b_only = Certificate.objects.create(
            code="T-009", name="乙校独有证书", organization=cls.org_, name_pinyin="yi3 xiao4"
        )
        Pilot.objects.create(
            institution=cls.inst2,
            year=2023,
            certificate=cls.cert_b_only,
            level=Level.INTERMEDIATE,
            department=cls.dept2,
            fee_per_candidate=Decimal("100.00"),
        )
        # A stranger in another province.
        cls.inst3 = org.institution_create(code="CCC", name="丙职业学院", province="湖南省")
        dept3 = org.department_create(institution=cls.inst3, name="丙校农学系")
        klass3 = org.class_group_create(
            major=org.major_create(department=dept3, name="园艺技术"), name="园艺2201", entry_year=2022
        )
        pilot3 = Pilot.objects.create(
            institution=cls.inst3,
            year=2023,
            certificate=cls.cert,
            level=Level.INTERMEDIATE,
            department=dept3,
            fee_per_candidate=Decimal("200.00"),
        )
        candidates(pilot3, klass3, ["pass"] * 3)
        helpers.budget(cls.inst3, 2023, "999999.00")

        # Assessors: one in each department of A, a second certificate in the other one.
        helpers.qualification(cls.teacher_person, cls.cert, "Q-A-1")
        helpers.qualification(cls.teacher_other_person, cls.cert, "Q-A-2")
        helpers.qualification(cls.teacher_other_person, cls.cert_econ, "Q-A-3")
        helpers.qualification(cls.teacher2_person, cls.cert, "Q-B-1")

        # An exam site used inside and by outsiders.
        cls.site = ExamSite.objects.create(
            institution=cls.inst, name="畜牧实训考核站", organization=cls.org_, open_to_public=True
        )
        for day, purpose, headcount in (
            (dt.date(2023, 6, 1), UsagePurpose.INTERNAL_EXAM, 8),
            (dt.date(2023, 6, 2), UsagePurpose.INTERNAL_TRAINING, 20),
            (dt.date(2023, 8, 1), UsagePurpose.EXTERNAL_TRAINING, 35),
            (dt.date(2023, 8, 2), UsagePurpose.EXTERNAL_TRAINING, 15),
        ):
            SiteUsage.objects.create(site=cls.site, used_on=day, purpose=purpose, headcount=headcount)

        # Money: a budget, allocations to both departments, spending, subsidies.
        cls.budget = helpers.budget(cls.inst, 2023, "300000.00")
        cls.budget_b = helpers.budget(cls.inst2, 2023, "77777.00")
        BudgetAllocation.objects.create(budget=cls.budget, department=cls.dept, amount=Decimal("100000.00"))
        BudgetAllocation.objects.create(budget=cls.budget, department=cls.dept_other, amount=Decimal("50000.00"))
        cls.expense(cls.inst, cls.budget, "exam_fees", "30000.00", pilot=cls.pilot)
        cls.expense(cls.inst, cls.budget, "training", "12345.50", department=cls.dept_other)
        cls.expense(cls.inst2, cls.budget_b, "materials", "7000.00", department=cls.dept2)
        paid = SubsidyStatement.objects.create(
            institution=cls.inst, department=cls.dept, year=2023, status=StatementStatus.PAID
        )
        SubsidyLine.objects.create(
            statement=paid,
            teacher=cls.teacher_person,
            activity="training_hour",
            quantity=Decimal("10.0"),
            rate=Decimal("60.00"),
            amount=Decimal("600.00"),
        )
        draft = SubsidyStatement.objects.create(institution=cls.inst, department=cls.dept_other, year=2023)
        SubsidyLine.objects.create(
            statement=draft,
            teacher=cls.teacher_other_person,
            activity="exam_assessed",
            quantity=Decimal("2.0"),
            rate=Decimal("200.00"),
            amount=Decimal("400.00"),
        )

    @classmethod
    def expense(cls, inst: Any, budget: Any, category: str, amount: str, **target: Any) -> Expense:
        return Expense.objects.create(
            institution=inst,
            budget=budget,
            category=category,
            amount=Decimal(amount),
            spent_on=dt.date(budget.year, 6, 1),
            **target,
        )

    def grow(self) -> None:
        """More of every kind of row the dashboards read, in every institution."""
        n = next(_numbers)
        bigger = helpers.another_pilot(self.inst, self.dept, 2023, f"G-{n}", f"扩充证书{n}")
        outcomes = ["pass", "fail", "absent", None] * 5
        certify(candidates(bigger, self.klass, outcomes), outcomes)
        candidates(self.pilot_econ, self.klass_other, ["pass", "fail"] * 4)
        helpers.another_pilot(self.inst, self.dept_other, 2022, f"H-{n}", f"往年证书{n}")
        candidates(self.pilot2, self.klass2, ["pass", "fail"] * 6)
        extra_teacher = org.teacher_create(department=self.dept, staff_number=f"G{n}", name=f"新老师{n}")
        helpers.qualification(extra_teacher, bigger.certificate, f"Q-G-{n}")
        SiteUsage.objects.create(
            site=self.site, used_on=dt.date(2023, 9, 1), purpose=UsagePurpose.EXTERNAL_TRAINING, headcount=9
        )
        budget = helpers.budget(self.inst, 2023, "5000.00", source=f"追加经费{n}")
        BudgetAllocation.objects.create(budget=budget, pilot=bigger, amount=Decimal("2000.00"))
        self.expense(self.inst, budget, "materials", "800.00", pilot=bigger)
        statement = SubsidyStatement.objects.create(
            institution=self.inst, department=self.dept, year=2023, batch=f"第{n}批"
        )
        SubsidyLine.objects.create(
            statement=statement,
            teacher=extra_teacher,
            activity="other",
            quantity=Decimal("1.0"),
            rate=Decimal("100.00"),
            amount=Decimal("100.00"),
        )
        inst4 = org.institution_create(code=f"D{n}", name=f"丁{n}职业学院", province="广东省")
        dept4 = org.department_create(institution=inst4, name="丁校系部")
        helpers.another_pilot(inst4, dept4, 2023, f"I-{n}", f"丁校证书{n}")
        helpers.budget(inst4, 2023, "1234.00")

    # ------------------------------------------------------------ helpers
    def users_of(self, page: str) -> dict[str, Any]:
        return {role: user for role, user in self.all_users().items() if role in PAGES[page]}

    def get(self, user: Any, page: str, **params: Any) -> Any:
        self.client.force_login(user)
        return self.client.get(reverse(page), params)

    def download(self, user: Any, page: str, table: str, **params: Any) -> list[list[Any]]:
        response = self.get(user, page, download=table, **params)
        self.assertEqual(response.status_code, 200, (page, table))
        self.assertEqual(response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        return read_xlsx(response.content)

    def table(self, response: Any, key: str) -> Any:
        return response.context["dashboard"].table(key)


__all__ = ["PASSWORD", "Role", "DashboardWorld", "PAGES", "TABLES", "read_xlsx"]
