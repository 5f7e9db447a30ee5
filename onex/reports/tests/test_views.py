import datetime as dt
import io

from django.urls import reverse
from python_calamine import CalamineWorkbook

from onex.accounts.services import user_create
from onex.core.roles import Role
from onex.reports.models import AnnualReport, ReportStatus, ReportSubmission
from onex.reports.services import annual_report_save, annual_report_submit
from testsupport.base import PASSWORD, OneXTestCase

READ_PAGES = [
    ("detail", ()),
    ("docx", ()),
    ("attachment", ("pilots",)),
    ("attachment", ("sites",)),
    ("data", ("certificates", "xlsx")),
    ("data", ("student_certificates", "csv")),
]


class ReportPageTests(OneXTestCase):
    def url(self, name, *extra, inst=None):
        return reverse(f"reports:{name}", args=[(inst or self.inst).code, 2023, *extra])

    def draft(self, **sections):
        return annual_report_save(
            actor=self.office,
            institution=self.inst,
            year=2023,
            sections=sections or {"mechanism": "学校成立领导小组。"},
            report_date=dt.date(2024, 4, 30),
        )

    def status_of(self, user, url, method="get", data=None):
        self.client.force_login(user)
        return getattr(self.client, method)(url, data or {}).status_code

    def test_the_office_and_leadership_read_every_page_of_their_institution(self):
        self.draft()
        for user in (self.office, self.leader):
            for name, extra in READ_PAGES:
                with self.subTest(user=user.username, page=name, extra=extra):
                    self.assertEqual(self.status_of(user, self.url(name, *extra)), 200)

    def test_roles_that_never_see_a_report_are_forbidden(self):
        for user in (self.coordinator, self.teacher, self.student, self.finance):
            for name, extra in [*READ_PAGES, ("edit", ())]:
                with self.subTest(user=user.username, page=name):
                    self.assertEqual(self.status_of(user, self.url(name, *extra)), 403)
            for name in ("submit", "return", "accept"):
                with self.subTest(user=user.username, page=name):
                    self.assertEqual(self.status_of(user, self.url(name), "post"), 403)
            with self.subTest(user=user.username, page="collection"):
                self.assertEqual(self.status_of(user, reverse("reports:collection")), 403)
            with self.subTest(user=user.username, page="index"):
                self.assertEqual(self.status_of(user, reverse("reports:index")), 403)

    def test_another_institutions_office_gets_not_found(self):
        self.draft()
        for name, extra in [*READ_PAGES, ("edit", ())]:
            with self.subTest(page=name):
                self.assertEqual(self.status_of(self.office2, self.url(name, *extra)), 404)
        self.assertEqual(self.status_of(self.office2, self.url("submit"), "post"), 404)
        self.assertEqual(AnnualReport.objects.get(institution=self.inst).status, ReportStatus.DRAFT)

    def test_anonymous_visitors_are_sent_to_log_in(self):
        response = self.client.get(self.url("detail"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("login", response["Location"])

    def test_leadership_reads_but_cannot_edit_or_submit(self):
        self.draft()
        self.client.force_login(self.leader)
        page = self.client.get(self.url("detail")).content.decode()
        self.assertIn("学校成立领导小组。", page)
        self.assertNotIn(self.url("edit"), page)
        self.assertEqual(self.client.get(self.url("edit")).status_code, 403)
        self.assertEqual(self.client.post(self.url("edit"), {"report_date": "2024-05-01"}).status_code, 403)
        self.assertEqual(self.client.post(self.url("submit")).status_code, 403)
        self.assertFalse(ReportSubmission.objects.exists())

    def test_the_office_writes_the_narrative_through_the_page(self):
        self.client.force_login(self.office)
        self.assertEqual(self.client.get(self.url("edit")).status_code, 200)
        response = self.client.post(
            self.url("edit"), {"report_date": "2024-05-01", "mechanism": "一是成立领导小组。\r\n二是设立办公室。"}
        )
        self.assertRedirects(response, self.url("detail"))
        report = AnnualReport.objects.get(institution=self.inst, year=2023)
        self.assertEqual(report.report_date, dt.date(2024, 5, 1))
        page = self.client.get(self.url("detail")).content.decode()
        self.assertIn("一是成立领导小组。", page)
        self.assertIn("二是设立办公室。", page)

    def test_an_invalid_date_is_shown_on_the_form_and_nothing_is_saved(self):
        self.client.force_login(self.office)
        response = self.client.post(self.url("edit"), {"report_date": "not a date", "mechanism": "文字"})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(AnnualReport.objects.filter(institution=self.inst).exists())

    def test_submit_return_and_resubmit_through_the_pages(self):
        self.draft()
        self.client.force_login(self.office)
        self.assertRedirects(self.client.post(self.url("submit")), self.url("detail"))
        self.assertEqual(AnnualReport.objects.get(institution=self.inst).status, ReportStatus.SUBMITTED)
        self.assertEqual(self.client.get(self.url("edit")).status_code, 302)

        self.client.force_login(self.province)
        collection = self.client.get(reverse("reports:collection") + "?year=2023").content.decode()
        self.assertIn(f'data-institution="{self.inst.code}" data-status="submitted"', collection)
        self.assertIn(f'data-institution="{self.inst2.code}" data-status="draft"', collection)
        self.assertIn("学校成立领导小组。", self.client.get(self.url("detail")).content.decode())
        self.assertRedirects(
            self.client.post(self.url("return"), {"comment": "请补充师资培训数据。"}), self.url("detail")
        )
        self.assertEqual(AnnualReport.objects.get(institution=self.inst).status, ReportStatus.RETURNED)

        self.client.force_login(self.office)
        page = self.client.get(self.url("detail")).content.decode()
        self.assertIn("请补充师资培训数据。", page)
        self.client.post(self.url("edit"), {"report_date": "2024-04-30", "training": "已补充。"})
        self.client.post(self.url("submit"))
        self.assertEqual(ReportSubmission.objects.filter(report__institution=self.inst).count(), 2)

        self.client.force_login(self.province)
        self.assertIn("已补充。", self.client.get(self.url("detail")).content.decode())
        self.assertRedirects(self.client.post(self.url("accept")), self.url("detail"))
        self.assertEqual(AnnualReport.objects.get(institution=self.inst).status, ReportStatus.ACCEPTED)

    def test_the_province_reads_only_what_was_submitted(self):
        self.draft(mechanism="草稿里的话。")
        self.client.force_login(self.province)
        page = self.client.get(self.url("detail")).content.decode()
        self.assertNotIn("草稿里的话。", page)
        self.assertEqual(self.client.get(self.url("docx")).status_code, 404)
        annual_report_submit(actor=self.office, institution=self.inst, year=2023)
        self.assertIn("草稿里的话。", self.client.get(self.url("detail")).content.decode())
        self.assertEqual(self.client.get(self.url("docx")).status_code, 200)

    def test_a_province_user_of_another_province_gets_not_found(self):
        self.draft()
        annual_report_submit(actor=self.office, institution=self.inst, year=2023)
        elsewhere = user_create(username="pia", password=PASSWORD, role=Role.PROVINCE, province="广西壮族自治区")
        self.assertEqual(self.status_of(elsewhere, self.url("detail")), 404)
        self.assertEqual(self.status_of(elsewhere, self.url("return"), "post", {"comment": "x"}), 404)
        self.client.force_login(elsewhere)
        self.assertNotIn(self.inst.name, self.client.get(reverse("reports:collection") + "?year=2023").content.decode())

    def test_the_province_cannot_edit_or_submit(self):
        self.draft()
        self.assertEqual(self.status_of(self.province, self.url("edit")), 403)
        self.assertEqual(self.status_of(self.province, self.url("submit"), "post"), 403)

    def test_a_return_without_a_comment_changes_nothing(self):
        self.draft()
        annual_report_submit(actor=self.office, institution=self.inst, year=2023)
        self.client.force_login(self.province)
        self.client.post(self.url("return"), {"comment": ""})
        self.assertEqual(AnnualReport.objects.get(institution=self.inst).status, ReportStatus.SUBMITTED)

    def test_the_index_lists_the_years_and_sends_the_province_to_its_collection(self):
        self.draft()
        self.client.force_login(self.office)
        page = self.client.get(reverse("reports:index")).content.decode()
        self.assertIn(self.url("detail"), page)
        self.client.force_login(self.province)
        self.assertRedirects(
            self.client.get(reverse("reports:index")),
            reverse("reports:collection") + f"?year={dt.date.today().year - 1}",
        )

    def test_the_pilot_attachment_downloads_as_a_workbook_with_the_pilots_figures(self):
        self.client.force_login(self.office)
        response = self.client.get(self.url("attachment", "pilots"))
        rows = CalamineWorkbook.from_filelike(io.BytesIO(response.content)).get_sheet_by_index(0).to_python()
        self.assertEqual(rows[0][:3], ["序号", "系部", "证书名称"])
        self.assertEqual(rows[1][2], self.cert.name)
        self.assertEqual(rows[1][6], 1)  # the one filed registration of the fixture

    def test_data_exports_are_formula_safe(self):
        self.inst.code = "=1+1"
        self.inst.save()
        self.client.force_login(self.office)
        csv_text = self.client.get(self.url("data", "certificates", "csv")).content.decode("utf-8-sig")
        self.assertIn("'=1+1", csv_text)
        book = self.client.get(self.url("data", "certificates", "xlsx")).content
        rows = CalamineWorkbook.from_filelike(io.BytesIO(book)).get_sheet_by_index(0).to_python()
        self.assertEqual(rows[1][0], "'=1+1")

    def test_unknown_downloads_and_years_are_not_found(self):
        self.client.force_login(self.office)
        self.assertEqual(self.client.get(self.url("attachment", "budget")).status_code, 404)
        self.assertEqual(self.client.get(self.url("data", "students", "csv")).status_code, 404)
        self.assertEqual(self.client.get(self.url("data", "certificates", "pdf")).status_code, 404)
        self.assertEqual(self.client.get(reverse("reports:detail", args=[self.inst.code, 1900])).status_code, 404)
