"""The province (教育厅) sees its own province's institutions (院校) and nothing else, at every door.

Institutions 甲 and 乙 of the base test case are in 广东省; 丙 here is in 广西壮族自治区,
with a row of each kind a province user could reach. The province user of 广东省 must
find none of 丙's rows in the API, the admin, its pages or its downloads.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from python_calamine import CalamineWorkbook

from onex.accounts.services import user_create
from onex.api.tests.base import ApiTestCase, detail_url, list_url
from onex.audit.services import audit_record
from onex.core.roles import Role
from onex.core.scoping import scope_queryset, user_can_see_institution
from onex.exams.models import ExamSite
from onex.finance.models import Budget
from onex.org import services as org
from onex.org.models import Institution
from onex.pilots.models import Pilot, Registration
from onex.reports.models import AnnualReport, ReportStatus
from onex.reports.services import annual_report_accept, annual_report_return
from onex.training.models import TrainingSession
from testsupport.base import PASSWORD, make_id_number

ELSEWHERE = "广西壮族自治区"


class ProvinceScopeTestCase(ApiTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.inst3 = org.institution_create(code="CCC", name="丙职业学院", province=ELSEWHERE)
        cls.dept3 = org.department_create(institution=cls.inst3, name="机电系")
        cls.major3 = org.major_create(department=cls.dept3, name="机电一体化")
        cls.klass3 = org.class_group_create(major=cls.major3, name="机电2201", entry_year=2022)
        cls.teacher3_person = org.teacher_create(department=cls.dept3, staff_number="T001", name="周老师")
        cls.student3_person = org.student_create(
            institution=cls.inst3,
            name="吴六",
            id_number=make_id_number(4),
            student_number="S001",
            class_group=cls.klass3,
        )
        cls.pilot3 = Pilot.objects.create(
            institution=cls.inst3,
            year=2023,
            certificate=cls.cert,
            level=cls.pilot.level,
            department=cls.dept3,
            fee_per_candidate=Decimal("250.00"),
        )
        cls.registration3 = Registration.objects.create(
            pilot=cls.pilot3, student=cls.student3_person, applied_on=dt.date(2023, 3, 1), filed_on=dt.date(2023, 3, 8)
        )
        cls.site3 = ExamSite.objects.create(institution=cls.inst3, name="机电考核站", organization=cls.org_)
        starts = timezone.make_aware(dt.datetime(2023, 5, 1, 9))
        cls.training3 = TrainingSession.objects.create(
            pilot=cls.pilot3, topic="装调", starts_at=starts, ends_at=starts + dt.timedelta(hours=2), hours=2
        )
        cls.budget = Budget.objects.create(institution=cls.inst, year=2023, source="专项", amount=Decimal("1000.00"))
        cls.budget3 = Budget.objects.create(institution=cls.inst3, year=2023, source="专项", amount=Decimal("900.00"))
        cls.report3 = AnnualReport.objects.create(institution=cls.inst3, year=2023, status=ReportStatus.SUBMITTED)
        cls.office3 = user_create(username="olga", password=PASSWORD, role=Role.OFFICE, institution=cls.inst3)

    # What the 广东 province sees, counted by hand from the rows built above.
    def expected(self) -> dict[str, list[int]]:
        return {
            "institution": sorted([self.inst.pk, self.inst2.pk]),
            "department": sorted([self.dept.pk, self.dept_other.pk, self.dept2.pk]),
            "major": sorted([self.major.pk, self.major_other.pk, self.major2.pk]),
            "student": sorted([self.student_person.pk, self.student_other_person.pk, self.student2_person.pk]),
            "teacher": sorted([self.teacher_person.pk, self.teacher_other_person.pk, self.teacher2_person.pk]),
            "pilot": sorted([self.pilot.pk, self.pilot_other.pk, self.pilot2.pk]),
            "registration": sorted([self.registration.pk, self.registration_other.pk, self.registration2.pk]),
            "exam-site": sorted([self.site.pk, self.site2.pk]),
        }

    def elsewhere(self) -> dict[str, int]:
        return {
            "institution": self.inst3.pk,
            "department": self.dept3.pk,
            "major": self.major3.pk,
            "student": self.student3_person.pk,
            "teacher": self.teacher3_person.pk,
            "pilot": self.pilot3.pk,
            "registration": self.registration3.pk,
            "exam-site": self.site3.pk,
        }

    def listed(self, user: Any, url: str) -> list[int]:
        response = self.get_as(user, url, limit=500)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return sorted(row["id"] for row in response.json()["results"])

    # ------------------------------------------------------------------ API

    def test_it_lists_only_the_provinces_rows_in_every_scoped_api_resource(self) -> None:
        for resource, ids in self.expected().items():
            with self.subTest(resource=resource):
                self.assertEqual(self.listed(self.province, list_url(resource)), ids)

    def test_it_answers_404_for_the_detail_of_another_provinces_row_in_the_api(self) -> None:
        for resource, pk in self.elsewhere().items():
            with self.subTest(resource=resource):
                self.assertEqual(self.get_as(self.province, detail_url(resource, pk)).status_code, 404)
                self.assertEqual(self.get_as(self.office3, detail_url(resource, pk)).status_code, 200)

    def test_it_still_shows_the_shared_national_catalog_to_the_province(self) -> None:
        self.assertEqual(self.listed(self.province, list_url("certificate")), [self.cert.pk])
        self.assertEqual(self.listed(self.province, list_url("evaluation-organization")), [self.org_.pk])

    def test_it_refuses_another_provinces_figures_in_the_api(self) -> None:
        url = reverse("api:figures")
        self.assertEqual(self.get_as(self.province, url, institution="CCC", year=2023).status_code, 404)
        self.assertEqual(self.get_as(self.province, url, institution="AAA", year=2023).status_code, 200)

    def test_a_province_user_without_a_province_sees_no_institution_at_all(self) -> None:
        blank = user_create(username="nobody", password=PASSWORD, role=Role.PROVINCE, province="")
        for resource in self.expected():
            with self.subTest(resource=resource):
                self.assertEqual(self.listed(blank, list_url(resource)), [])
        self.assertEqual(self.listed(blank, list_url("certificate")), [self.cert.pk])
        self.assertFalse(user_can_see_institution(blank, self.inst.pk))

    def test_it_tells_whether_an_institution_lies_in_the_users_province(self) -> None:
        self.assertEqual(
            [user_can_see_institution(self.province, i.pk) for i in (self.inst, self.inst2, self.inst3)],
            [True, True, False],
        )
        self.assertEqual(
            [user_can_see_institution(self.office3, i.pk) for i in (self.inst, self.inst3)],
            [False, True],
        )

    def test_scope_queryset_keeps_another_provinces_budgets_and_reports_from_the_province(self) -> None:
        budgets = list(scope_queryset(Budget.objects.order_by("id"), self.province).values_list("id", flat=True))
        self.assertEqual(budgets, [self.budget.pk])
        reports = list(scope_queryset(AnnualReport.objects.all(), self.province))
        self.assertEqual(reports, [])

    # ---------------------------------------------------------------- admin

    ADMIN = {
        "institution": "org_institution",
        "department": "org_department",
        "major": "org_major",
        "student": "org_student",
        "teacher": "org_teacher",
        "pilot": "pilots_pilot",
        "registration": "pilots_registration",
        "exam-site": "exams_examsite",
    }

    def test_it_lists_only_the_provinces_rows_in_the_admin(self) -> None:
        self.client.force_login(self.province)
        expected = self.expected()
        for resource, name in self.ADMIN.items():
            with self.subTest(model=name):
                response = self.client.get(reverse(f"admin:{name}_changelist"))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(sorted(o.pk for o in response.context["cl"].result_list), expected[resource])

    def test_it_answers_404_for_the_admin_page_of_another_provinces_row(self) -> None:
        self.client.force_login(self.province)
        elsewhere = self.elsewhere()
        for resource, name in self.ADMIN.items():
            with self.subTest(model=name):
                url = reverse(f"admin:{name}_change", args=[elsewhere[resource]])
                self.assertEqual(self.client.get(url).status_code, 404)
        own = reverse("admin:finance_budget_change", args=[self.budget.pk])
        self.assertEqual(self.client.get(own).status_code, 200)
        theirs = reverse("admin:finance_budget_change", args=[self.budget3.pk])
        self.assertEqual(self.client.get(theirs).status_code, 404)
        training = reverse("admin:training_trainingsession_change", args=[self.training3.pk])
        self.assertEqual(self.client.get(training).status_code, 404)

    # ---------------------------------------------------------------- pages

    def test_the_province_dashboard_sets_only_the_provinces_institutions_side_by_side(self) -> None:
        self.client.force_login(self.province)
        response = self.client.get(reverse("portal_province"), {"year": 2023})
        self.assertEqual(response.status_code, 200)
        codes = [row.institution.code for row in response.context["province"].rows]
        self.assertEqual(codes, ["AAA", "BBB"])  # 甲 (jia) before 乙 (yi)
        self.assertNotContains(response, self.inst3.name)

    def test_the_province_dashboard_download_holds_only_the_provinces_institutions(self) -> None:
        self.client.force_login(self.province)
        response = self.client.get(reverse("portal_province"), {"year": 2023, "download": "institutions"})
        self.assertEqual(response.status_code, 200)
        rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
        codes = [row[1] for row in rows if row[1] in ("AAA", "BBB", "CCC")]
        self.assertEqual(codes, ["AAA", "BBB"])

    def test_the_report_collection_lists_only_the_provinces_institutions(self) -> None:
        self.client.force_login(self.province)
        response = self.client.get(reverse("reports:collection"), {"year": 2023})
        self.assertEqual(response.status_code, 200)
        self.assertEqual([row.institution.code for row in response.context["rows"]], ["AAA", "BBB"])

    def test_another_provinces_report_and_its_downloads_are_not_found(self) -> None:
        self.client.force_login(self.province)
        for name, args in (
            ("detail", ["CCC", 2023]),
            ("docx", ["CCC", 2023]),
            ("attachment", ["CCC", 2023, "pilots"]),
            ("data", ["CCC", 2023, "pilots", "csv"]),
        ):
            with self.subTest(page=name):
                self.assertEqual(self.client.get(reverse(f"reports:{name}", args=args)).status_code, 404)
        response = self.client.post(reverse("reports:accept", args=["CCC", 2023]))
        self.assertEqual(response.status_code, 404)
        self.report3.refresh_from_db()
        self.assertEqual(self.report3.status, ReportStatus.SUBMITTED)

    def test_the_report_services_refuse_another_provinces_report_to_the_province(self) -> None:
        for write in (
            lambda: annual_report_accept(actor=self.province, report=self.report3),
            lambda: annual_report_return(actor=self.province, report=self.report3, comment="请补充"),
        ):
            with translation.override("en"), self.assertRaisesMessage(PermissionDenied, "Only the province may"):
                write()
        self.report3.refresh_from_db()
        self.assertEqual(self.report3.status, ReportStatus.SUBMITTED)

    def test_the_audit_export_holds_only_the_provinces_institutions(self) -> None:
        audit_record(actor=self.office, action="test.mark", target=self.dept)
        audit_record(actor=self.office3, action="test.mark", target=self.dept3)
        audit_record(actor=self.office2, action="test.mark", target=self.dept2)
        self.client.force_login(self.province)
        response = self.client.get("/audit/export.xlsx", {"year": timezone.localdate().year})
        self.assertEqual(response.status_code, 200)
        rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
        marked = [(row[1], row[5]) for row in rows[1:] if row[3] == "test.mark"]
        self.assertEqual(marked, [(self.inst.name, str(self.dept.pk)), (self.inst2.name, str(self.dept2.pk))])

    def test_the_province_user_of_the_other_province_sees_only_its_own(self) -> None:
        other = user_create(username="pia", password=PASSWORD, role=Role.PROVINCE, province=ELSEWHERE)
        self.assertEqual(self.listed(other, list_url("institution")), [self.inst3.pk])
        self.assertEqual(self.listed(other, list_url("registration")), [self.registration3.pk])
        self.assertEqual(
            list(Institution.objects.filter(province=ELSEWHERE).values_list("pk", flat=True)), [self.inst3.pk]
        )
