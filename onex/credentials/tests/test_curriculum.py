import datetime as dt
import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from python_calamine import CalamineWorkbook

from onex.catalog.models import SkillModule
from onex.credentials.codes import new_verify_code, next_status_index
from onex.credentials.models import (
    ConversionStatus,
    Course,
    CourseModuleMap,
    CreditConversion,
    CreditRule,
    IssuedCertificate,
)
from onex.credentials.services.credits import credit_conversion_decide, credit_conversions_propose
from onex.credentials.services.curriculum import course_modules_set, module_coverage
from onex.exams.models import Result
from testsupport.base import OneXTestCase


class CurriculumTestCase(OneXTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.pilot.majors.add(cls.major)
        cls.modules = [
            SkillModule.objects.create(certificate=cls.cert, level="intermediate", code=f"M{i}", title=f"模块{i}")
            for i in range(1, 5)
        ]
        cls.course = Course.objects.create(
            institution=cls.inst, major=cls.major, code="C101", name="畜禽生产", credits=Decimal("4.0")
        )
        cls.course2 = Course.objects.create(
            institution=cls.inst2, major=cls.major2, code="C101", name="软件工程", credits=Decimal("3.0")
        )
        cls.rule = CreditRule.objects.create(
            institution=cls.inst, certificate=cls.cert, level="intermediate", course=cls.course, credits=Decimal("2.0")
        )

    def issue(self, registration):
        return IssuedCertificate.objects.create(
            registration=registration,
            number=f"N{registration.pk}",
            issued_on=dt.date(2023, 12, 1),
            verify_code=new_verify_code(),
            status_index=next_status_index(),
        )

    def test_coverage_counts_the_modules_a_majors_courses_teach(self):
        course_modules_set(course=self.course, module_ids=[m.pk for m in self.modules[:3]], actor=self.office)
        (row,) = module_coverage(institution_id=self.inst.pk, year=2023)
        self.assertEqual((len(row.modules), len(row.covered)), (4, 3))
        self.assertEqual(row.share, Decimal("75.00"))
        self.assertEqual([m.code for m in row.uncovered], ["M4"])

    def test_coverage_is_computed_with_a_constant_number_of_queries(self):
        with self.assertNumQueries(4):
            module_coverage(institution_id=self.inst.pk, year=2023)

    def test_only_the_office_of_the_institution_maps_modules(self):
        for user in (self.coordinator, self.office2, self.teacher):
            with self.assertRaises(PermissionDenied):
                course_modules_set(course=self.course, module_ids=[self.modules[0].pk], actor=user)
        self.assertFalse(CourseModuleMap.objects.exists())

    def test_a_recorded_certificate_proposes_its_conversions_once(self):
        cert = self.issue(self.registration)
        self.assertEqual(len(credit_conversions_propose(issued_certificate=cert)), 1)
        self.assertEqual(credit_conversions_propose(issued_certificate=cert), [])

    def test_recording_a_certificate_proposes_its_conversions_for_the_office(self):
        from onex.credentials.services import certificate_issue

        # A certificate follows a pass.
        Result.objects.create(registration=self.registration, outcome="pass")
        cert, _changed = certificate_issue(registration=self.registration, number="ZS-9", actor=self.office)
        conversion = CreditConversion.objects.get(issued_certificate=cert)
        self.assertEqual((conversion.rule, conversion.status), (self.rule, ConversionStatus.PROPOSED))

    def test_no_conversion_is_proposed_for_a_student_of_another_major(self):
        cert = self.issue(self.registration_other)
        self.assertEqual(credit_conversions_propose(issued_certificate=cert), [])

    def test_the_office_approves_and_a_second_decision_is_refused(self):
        (conversion,) = credit_conversions_propose(issued_certificate=self.issue(self.registration))
        credit_conversion_decide(conversion=conversion, approve=True, actor=self.office)
        conversion.refresh_from_db()
        self.assertEqual(conversion.status, ConversionStatus.APPROVED)
        with self.assertRaises(ValidationError):
            credit_conversion_decide(conversion=conversion, approve=False, actor=self.office)

    def test_other_roles_and_institutions_cannot_decide(self):
        (conversion,) = credit_conversions_propose(issued_certificate=self.issue(self.registration))
        for user in (self.coordinator, self.finance, self.student, self.office2):
            with self.assertRaises(PermissionDenied):
                credit_conversion_decide(conversion=conversion, approve=True, actor=user)

    def test_the_pages_answer_each_role(self):
        (conversion,) = credit_conversions_propose(issued_certificate=self.issue(self.registration))
        expected = {"office": 200, "coordinator": 200, "leader": 200, "teacher": 403, "student": 403, "finance": 403}
        for name, code in expected.items():
            self.client.force_login(self.all_users()[name])
            self.assertEqual(self.client.get("/credentials/coverage/?year=2023").status_code, code, name)
            self.assertEqual(self.client.get("/credentials/conversions/").status_code, code, name)
        self.client.force_login(self.office2)
        self.assertEqual(self.client.get(f"/credentials/courses/{self.course.pk}/modules/").status_code, 404)
        self.assertEqual(self.client.post(f"/credentials/conversions/{conversion.pk}/decide/").status_code, 404)

    def test_the_office_approves_through_the_page_and_the_export_shows_it(self):
        (conversion,) = credit_conversions_propose(issued_certificate=self.issue(self.registration))
        self.client.force_login(self.office)
        self.client.post(f"/credentials/conversions/{conversion.pk}/decide/", {"decision": "approve"})
        conversion.refresh_from_db()
        self.assertEqual(conversion.status, ConversionStatus.APPROVED)
        r = self.client.get("/credentials/conversions/export/")
        rows = CalamineWorkbook.from_filelike(io.BytesIO(r.content)).get_sheet_by_index(0).to_python()
        self.assertEqual(rows[1][0], "S001")
        self.assertEqual(rows[1][5], "畜禽生产")

    def test_the_office_maps_modules_through_the_page(self):
        self.client.force_login(self.office)
        r = self.client.post(
            f"/credentials/courses/{self.course.pk}/modules/", {"modules": [self.modules[0].pk, self.modules[1].pk]}
        )
        self.assertEqual(r.status_code, 302)
        self.assertEqual(CourseModuleMap.objects.filter(course=self.course).count(), 2)
