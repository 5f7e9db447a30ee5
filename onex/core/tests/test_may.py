"""may() and require(): one answer for every door, by role and by how far the object is the user's."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import translation

from onex.accounts.services import user_create
from onex.core.access import may, require
from onex.core.roles import Role
from onex.org import services as org
from testsupport.base import PASSWORD, OneXTestCase


class MayTests(OneXTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.inst_hunan = org.institution_create(code="HNA", name="丙职业学院", province="湖南省")
        cls.province_hunan = user_create(
            username="hunan", password=PASSWORD, role=Role.PROVINCE, province="湖南省", actor=None
        )

    def test_a_coordinator_approves_for_their_own_department_only(self) -> None:
        self.assertTrue(may(self.coordinator, "statement.department_approve", self.dept))
        self.assertFalse(may(self.coordinator_other, "statement.department_approve", self.dept))
        self.assertFalse(may(self.coordinator2, "statement.department_approve", self.dept))

    def test_the_office_does_not_approve_for_a_department(self) -> None:
        self.assertFalse(may(self.office, "statement.department_approve", self.dept))

    def test_the_province_reads_reports_of_its_own_province_only(self) -> None:
        self.assertTrue(may(self.province, "report.read", self.inst))
        self.assertFalse(may(self.province, "report.read", self.inst_hunan))
        self.assertTrue(may(self.province_hunan, "report.read", self.inst_hunan))
        self.assertFalse(may(self.province_hunan, "report.read", self.inst))

    def test_an_office_acts_in_its_own_institution_only(self) -> None:
        self.assertTrue(may(self.office, "report.write", self.inst))
        self.assertFalse(may(self.office2, "report.write", self.inst))
        self.assertFalse(may(self.leader, "report.write", self.inst))

    def test_a_teacher_records_training_for_themself_and_nobody_else(self) -> None:
        self.assertTrue(may(self.teacher, "teacher_training.record", self.teacher_person))
        self.assertFalse(may(self.teacher, "teacher_training.record", self.teacher_other_person))
        self.assertFalse(may(self.teacher, "qualification.record", self.teacher_person))

    def test_require_names_the_rule_that_refused(self) -> None:
        with self.assertRaisesMessage(PermissionDenied, "只有财务可以将补助发放表标记为已发放。"):
            require(self.office, "statement.pay", self.inst)
        with (
            translation.override("en"),
            self.assertRaisesMessage(PermissionDenied, "Only finance marks a statement paid."),
        ):
            require(self.office, "statement.pay", self.inst)
        with (
            translation.override("en"),
            self.assertRaisesMessage(PermissionDenied, "Only the province collects reports of its institutions."),
        ):
            require(self.province_hunan, "report.collect", self.inst)

    def test_nobody_signed_out_may_do_anything(self) -> None:
        from django.contrib.auth.models import AnonymousUser

        self.assertFalse(may(AnonymousUser(), "report.read", self.inst))
