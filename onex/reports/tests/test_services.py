import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError

from onex.accounts.services import user_create
from onex.audit.models import AuditEvent
from onex.core.roles import Role
from onex.org import services as org
from onex.reports.models import AnnualReport, ReportStatus, ReportSubmission
from onex.reports.selectors import province_collection
from onex.reports.services import (
    annual_report_accept,
    annual_report_return,
    annual_report_save,
    annual_report_submit,
)
from testsupport.base import PASSWORD, OneXTestCase

DAY = dt.date(2024, 4, 30)


class AnnualReportServiceTests(OneXTestCase):
    def save(self, actor=None, **sections):
        return annual_report_save(
            actor=actor or self.office,
            institution=self.inst,
            year=2023,
            sections=sections or {"mechanism": "学校成立领导小组。\n\n教务部设立办公室。"},
            report_date=DAY,
        )

    def test_the_office_saves_a_draft_and_the_save_is_audited(self):
        report = self.save()
        self.assertEqual(report.status, ReportStatus.DRAFT)
        self.assertEqual(report.report_date, DAY)
        self.assertEqual(report.sections, {"mechanism": "学校成立领导小组。\n\n教务部设立办公室。"})
        event = AuditEvent.objects.get(action="annual_report.save")
        self.assertEqual(event.institution_id, self.inst.pk)
        self.assertEqual(event.after["sections"], report.sections)

    def test_saving_again_replaces_the_narrative_and_keeps_one_report(self):
        self.save()
        self.save(problems="社会认可度不高。")
        report = AnnualReport.objects.get(institution=self.inst, year=2023)
        self.assertEqual(report.sections, {"problems": "社会认可度不高。"})
        self.assertEqual(AuditEvent.objects.filter(action="annual_report.save").count(), 2)

    def test_only_the_office_of_the_institution_may_save(self):
        for user in (self.leader, self.coordinator, self.province, self.office2, self.student, self.finance):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                self.save(actor=user)
        self.assertFalse(AnnualReport.objects.filter(institution=self.inst, year=2023).exists())

    def test_an_unknown_section_is_refused(self):
        with self.assertRaises(ValidationError):
            self.save(budget_figures="1116600")

    def test_submitting_keeps_a_snapshot_of_the_document_and_locks_the_draft(self):
        self.save()
        submission = annual_report_submit(actor=self.office, institution=self.inst, year=2023)
        report = submission.report
        self.assertEqual(report.status, ReportStatus.SUBMITTED)
        texts = [b["text"] for b in submission.snapshot["blocks"] if b["kind"] == "p"]
        self.assertIn("学校成立领导小组。", texts)
        self.assertEqual(submission.snapshot["figures"]["registered"], 1)
        self.assertEqual(submission.submitted_by, self.office)
        with self.assertRaises(ValidationError):
            self.save(problems="改一改")
        with self.assertRaises(ValidationError):
            annual_report_submit(actor=self.office, institution=self.inst, year=2023)

    def test_a_report_without_a_date_cannot_be_submitted(self):
        annual_report_save(actor=self.office, institution=self.inst, year=2023, sections={}, report_date=None)
        with self.assertRaises(ValidationError):
            annual_report_submit(actor=self.office, institution=self.inst, year=2023)

    def test_the_province_returns_with_a_comment_and_resubmission_keeps_the_history(self):
        self.save()
        first = annual_report_submit(actor=self.office, institution=self.inst, year=2023)
        annual_report_return(actor=self.province, report=first.report, comment="请补充经费执行情况。")
        first.refresh_from_db()
        self.assertEqual(first.comment, "请补充经费执行情况。")
        self.assertIsNotNone(first.returned_at)
        self.assertEqual(first.returned_by, self.province)
        report = AnnualReport.objects.get(pk=first.report_id)
        self.assertEqual(report.status, ReportStatus.RETURNED)

        self.save(funding="经费已全部执行。")
        second = annual_report_submit(actor=self.office, institution=self.inst, year=2023)
        self.assertEqual(ReportSubmission.objects.filter(report=report).count(), 2)
        first.refresh_from_db()
        self.assertEqual(first.comment, "请补充经费执行情况。")
        self.assertNotIn("经费已全部执行。", [b.get("text") for b in first.snapshot["blocks"]])
        self.assertIn("经费已全部执行。", [b.get("text") for b in second.snapshot["blocks"]])
        self.assertIsNone(second.returned_at)
        actions = list(AuditEvent.objects.filter(target_id=str(report.pk)).values_list("action", flat=True))
        self.assertEqual(actions.count("annual_report.submit"), 2)
        self.assertIn("annual_report.return", actions)

    def test_a_return_needs_a_comment_and_a_submitted_report(self):
        report = self.save()
        with self.assertRaises(ValidationError):
            annual_report_return(actor=self.province, report=report, comment="太简略")
        annual_report_submit(actor=self.office, institution=self.inst, year=2023)
        with self.assertRaises(ValidationError):
            annual_report_return(actor=self.province, report=report, comment="  ")

    def test_only_the_province_of_the_institution_returns_or_accepts(self):
        report = self.save()
        annual_report_submit(actor=self.office, institution=self.inst, year=2023)
        elsewhere = user_create(username="pia", password=PASSWORD, role=Role.PROVINCE, province="广西壮族自治区")
        for user in (self.office, self.leader, self.office2, elsewhere):
            with self.subTest(user=user.username):
                with self.assertRaises(PermissionDenied):
                    annual_report_return(actor=user, report=report, comment="退回")
                with self.assertRaises(PermissionDenied):
                    annual_report_accept(actor=user, report=report)

    def test_the_province_accepts_a_submitted_report(self):
        report = self.save()
        annual_report_submit(actor=self.office, institution=self.inst, year=2023)
        report = annual_report_accept(actor=self.province, report=report)
        self.assertEqual(report.status, ReportStatus.ACCEPTED)
        with self.assertRaises(ValidationError):
            self.save(problems="改")

    def test_the_collection_lists_every_institution_of_the_province_with_its_status(self):
        inst3 = org.institution_create(code="CCC", name="丙职业学院", province="广东省")
        org.institution_create(code="DDD", name="丁职业学院", province="广西壮族自治区")
        self.save()
        annual_report_submit(actor=self.office, institution=self.inst, year=2023)
        rows = {r.institution.code: r for r in province_collection(user=self.province, year=2023)}
        self.assertEqual(set(rows), {self.inst.code, self.inst2.code, inst3.code})
        self.assertTrue(rows[self.inst.code].submitted)
        self.assertEqual(rows[self.inst.code].status, ReportStatus.SUBMITTED)
        self.assertFalse(rows[self.inst2.code].submitted)
        self.assertEqual(rows[inst3.code].status, ReportStatus.DRAFT)
